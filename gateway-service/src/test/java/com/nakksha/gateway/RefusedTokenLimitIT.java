package com.nakksha.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the token check refuses count per client address, and an address over the limit is
 * refused before its tokens are checked at all (three refusals a minute here), however many arrive at once.
 */
class RefusedTokenLimitIT extends GatewayTestSupport {

    @DynamicPropertySource
    static void fewRefusals(DynamicPropertyRegistry registry) {
        registry.add("nakksha.gateway.rate-limits.refused-tokens.max-refusals", () -> 3);
        registry.add("nakksha.gateway.rate-limits.refused-tokens.window", () -> "1m");
    }

    @Test
    void limitsRefusedTokensPerAddressBeforeCheckingTheNextEvenWhenTheyArriveAtOnce() {
        booking.stubFor(get(urlPathMatching("/api/v1/.*")).willReturn(okJson("[]")));
        // Accepted tokens count nothing: more good requests than the limit all go through.
        for (int i = 0; i < 5; i++) {
            client.get().uri("/api/v1/sessions").header("Authorization", consultantToken()).exchange().expectStatus().isOk();
        }

        // Ten forged tokens at once: each reserves its refusal before its check, so exactly three are checked.
        WebClient attacker = WebClient.create("http://localhost:" + port);
        Map<Integer, Long> statuses = Flux.range(0, 10)
                .flatMap(attempt -> attacker.get().uri("/api/v1/sessions")
                        .header("Authorization", bearer(attempt % 2 == 0 ? TestTokens.withUnknownKeyId() : TestTokens.tampered()))
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 10)
                .collect(Collectors.groupingBy(status -> status, Collectors.counting()))
                .block(Duration.ofSeconds(30));
        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(401, 3L, 429, 7L));

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

        booking.verify(6, anyRequestedFor(urlPathMatching("/api/v1/.*")));
    }
}
