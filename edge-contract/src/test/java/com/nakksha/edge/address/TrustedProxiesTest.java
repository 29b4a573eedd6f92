package com.nakksha.edge.address;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {

    private final TrustedProxies loadBalancers = TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8:ffff::/48"));

    @Test
    void takesThePeerWhenItIsNoTrustedProxyWhateverTheHeaderSays() {
        assertThat(loadBalancers.clientOf(ip("203.0.113.9"), List.of("198.51.100.1"))).isEqualTo(ip("203.0.113.9"));
        assertThat(TrustedProxies.of(List.of()).clientOf(ip("10.0.0.1"), List.of("198.51.100.1"))).isEqualTo(ip("10.0.0.1"));
    }

    @Test
    void takesTheRightMostHopThatIsNoTrustedProxy() {
        // The client made up the left-most entry; the load balancer appended the address it saw.
        assertThat(loadBalancers.clientOf(ip("10.1.2.3"), List.of("1.2.3.4", "198.51.100.7"))).isEqualTo(ip("198.51.100.7"));
        assertThat(loadBalancers.clientOf(ip("10.1.2.3"), List.of("1.2.3.4, 198.51.100.7, 10.9.9.9"))).isEqualTo(ip("198.51.100.7"));
        assertThat(loadBalancers.clientOf(ip("10.1.2.3"), List.of("1.2.3.4", "198.51.100.7", "10.9.9.9"))).isEqualTo(ip("198.51.100.7"));
        assertThat(loadBalancers.clientOf(ip("2001:db8:ffff::1"), List.of("[2001:db8:1:2::5]"))).isEqualTo(ip("2001:db8:1:2::5"));
    }

    @Test
    void stopsAtAHopThatIsNotAnAddressAndNeverLooksNamesUp() {
        assertThat(loadBalancers.clientOf(ip("10.1.2.3"), List.of("198.51.100.7", "localhost"))).isEqualTo(ip("10.1.2.3"));
        assertThat(loadBalancers.clientOf(ip("10.1.2.3"), List.of("unknown"))).isEqualTo(ip("10.1.2.3"));
    }

    @Test
    void takesTheLeftMostHopWhenEveryHopIsTrusted() {
        assertThat(loadBalancers.clientOf(ip("10.1.2.3"), List.of("10.4.4.4", "10.5.5.5"))).isEqualTo(ip("10.4.4.4"));
    }

    @Test
    void refusesARangeThatIsNotAnAddress() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("gateway.internal"))).hasMessageContaining("gateway.internal");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
    }

    private static InetAddress ip(String literal) {
        return TrustedProxies.literal(literal).orElseThrow();
    }
}
