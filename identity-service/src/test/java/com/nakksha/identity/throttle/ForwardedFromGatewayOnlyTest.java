package com.nakksha.identity.throttle;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the gateway may tell identity-service whose login it is throttling. */
class ForwardedFromGatewayOnlyTest {

    private final ForwardedFromGatewayOnly transformer = new ForwardedFromGatewayOnly(new ClientAddressProperties(null));

    @Test
    void takesTheClientAddressTheGatewayForwards() {
        ServerHttpRequest request = transformer.apply(from("10.0.3.7").header("X-Forwarded-For", "198.51.100.4").build());

        assertThat(request.getRemoteAddress().getHostString()).isEqualTo("198.51.100.4");
        assertThat(request.getHeaders().containsHeader("X-Forwarded-For")).isFalse();
    }

    @Test
    void ignoresForwardingHeadersFromAnyoneElse() {
        ServerHttpRequest request = transformer.apply(from("203.0.113.20")
                .header("X-Forwarded-For", "198.51.100.4").header("Forwarded", "for=198.51.100.5").build());

        assertThat(request.getRemoteAddress().getHostString()).isEqualTo("203.0.113.20");
        assertThat(request.getHeaders().containsHeader("X-Forwarded-For")).isFalse();
        assertThat(request.getHeaders().containsHeader("Forwarded")).isFalse();
    }

    @Test
    void trustsOnlyTheConfiguredGatewayWhenNarrowed() {
        ForwardedFromGatewayOnly narrowed = new ForwardedFromGatewayOnly(new ClientAddressProperties(List.of("10.0.3.7")));

        assertThat(narrowed.apply(from("10.0.3.8").header("X-Forwarded-For", "198.51.100.4").build())
                .getRemoteAddress().getHostString()).isEqualTo("10.0.3.8");
    }

    private static MockServerHttpRequest.BaseBuilder<?> from(String peer) {
        return MockServerHttpRequest.post("http://identity-service:8081/api/v1/auth/login")
                .remoteAddress(new InetSocketAddress(peer, 40000));
    }
}
