package com.nakksha.gateway;

import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;


import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the token check refuses count per client address, and an address over the limit is
 * refused before its tokens are checked at all (three refusals a minute here).
 */
class RefusedTokenLimitIT extends GatewayTestSupport {

    @DynamicPropertySource
    static void fewRefusals(DynamicPropertyRegistry registry) {
        registry.add("nakksha.gateway.rate-limits.refused-tokens.max-refusals", () -> 3);
        registry.add("nakksha.gateway.rate-limits.refused-tokens.window", () -> "1m");
    }

    @Test
    void limitsRefusedTokensPerAddressBeforeCheckingTheNext() {
        booking.stubFor(get(urlPathMatching("/api/v1/.*")).willReturn(okJson("[]")));

        client.get().uri("/api/v1/sessions").header("Authorization", bearer(TestTokens.tampered())).exchange()
                .expectStatus().isUnauthorized();
        client.get().uri("/api/v1/sessions").header("Authorization", bearer(TestTokens.withUnknownKeyId())).exchange()
                .expectStatus().isUnauthorized();
        client.get().uri("/api/v1/clients").exchange().expectStatus().isUnauthorized();

        client.get().uri("/api/v1/sessions").header("Authorization", bearer(TestTokens.expired())).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("Retry-After", seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60))
                .expectHeader().exists("X-Request-Id")
                .expectBody().jsonPath("$.status").isEqualTo(429);
        // Before the check: even a good token from that address waits until the window ends.
        client.get().uri("/api/v1/sessions").header("Authorization", consultantToken()).exchange()
                .expectStatus().isEqualTo(429);
        // Public pages without a token are not behind the token check and stay open.
        client.get().uri("/api/v1/public/consultants/asha-rao/slots").exchange().expectStatus().isOk();

        booking.verify(1, anyRequestedFor(urlPathMatching("/api/v1/.*")));
    }
}
