package com.nakksha.gateway;

import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

/** Tokens naming made-up key ids must not make the gateway fetch identity-service's keys once each. */
class KeyRefetchIT extends GatewayTestSupport {

    @Test
    void fetchesTheKeysAtMostOncePerIntervalWhateverKeyIdsTokensName() throws Exception {
        booking.stubFor(get("/api/v1/sessions").willReturn(okJson("[]")));
        client.get().uri("/api/v1/sessions").header("Authorization", bearer(TestTokens.approvedConsultant(UUID.randomUUID())))
                .exchange().expectStatus().isOk();
        int before = TestInfrastructure.jwks().requestCount();

        long started = System.nanoTime();
        ExecutorService attackers = Executors.newFixedThreadPool(40);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int request = 0; request < 40; request++) {
                answers.add(attackers.submit(() -> client.get().uri("/api/v1/sessions")
                        .header("Authorization", bearer(TestTokens.withUnknownKeyId()))
                        .exchange().returnResult(String.class).getStatus().value()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(401);
            }
        } finally {
            attackers.shutdownNow();
        }
        long intervals = Duration.ofNanos(System.nanoTime() - started).toSeconds() / 2 + 1;

        int fetches = TestInfrastructure.jwks().requestCount() - before;
        assertThat(fetches).as("JWKS fetches for 40 made-up key ids").isBetween(1, (int) intervals);
    }
}
