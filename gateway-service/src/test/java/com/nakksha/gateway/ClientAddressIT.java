package com.nakksha.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The gateway behind a load balancer (here: every connection comes from 127.0.0.1, configured as a
 * trusted proxy). The client is the right-most X-Forwarded-For hop the load balancer appended; IPv6
 * clients share a bucket per /64. Each address may send one public request, then waits 4 s.
 */
class ClientAddressIT extends GatewayTestSupport {

    private static final String SLOTS = "/api/v1/public/consultants/asha-rao/slots";

    @DynamicPropertySource
    static void behindALoadBalancer(DynamicPropertyRegistry registry) {
        registry.add("nakksha.gateway.client-address.trusted-proxies", () -> "127.0.0.0/8,::1");
        registry.add("nakksha.gateway.rate-limits.public-api.replenish-rate", () -> 1);
        registry.add("nakksha.gateway.rate-limits.public-api.burst-capacity", () -> 4);
        registry.add("nakksha.gateway.rate-limits.public-api.requested-tokens", () -> 4);
    }

    @Test
    void countsEachClientBehindTheLoadBalancerOnItsOwn() {
        booking.stubFor(get(urlPathEqualTo(SLOTS)).willReturn(okJson("[]")));

        slots("198.51.100.1").expectStatus().isOk();
        slots("198.51.100.2").expectStatus().isOk();
        slots("198.51.100.1").expectStatus().isEqualTo(429);
        // A made-up left-most entry changes nothing: the load balancer appended the address it saw.
        slots("203.0.113.50, 198.51.100.1").expectStatus().isEqualTo(429);

        booking.verify(2, getRequestedFor(urlPathEqualTo(SLOTS)));
        booking.verify(getRequestedFor(urlPathEqualTo(SLOTS)).withHeader("X-Forwarded-For", equalTo("198.51.100.2")));
    }

    @Test
    void countsAnIpv6ClientByItsSlash64() {
        booking.stubFor(get(urlPathEqualTo(SLOTS)).willReturn(okJson("[]")));

        slots("2001:db8:1:2::1").expectStatus().isOk();
        slots("2001:db8:1:2:ffff:ffff:ffff:fffe").expectStatus().isEqualTo(429);
        slots("2001:db8:1:3::1").expectStatus().isOk();

        booking.verify(2, getRequestedFor(urlPathEqualTo(SLOTS)));
    }

    @Test
    void tellsTheServiceTheClientsAddressAlone() {
        booking.stubFor(get(urlPathEqualTo(SLOTS)).willReturn(okJson("[]")));

        slots("203.0.113.99, 198.51.100.9").expectStatus().isOk();

        booking.verify(getRequestedFor(urlPathEqualTo(SLOTS)).withHeader("X-Forwarded-For", equalTo("198.51.100.9")));
    }

    private WebTestClient.ResponseSpec slots(String forwardedFor) {
        return client.get().uri(SLOTS).header("X-Forwarded-For", forwardedFor).exchange();
    }
}
