package com.nakksha.testsupport;

import java.time.Duration;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * Asks a service's readiness probe the way an orchestrator does: again until it answers UP. A probe's
 * checks (a pooled connection, the broker's cluster description) each have a timeout of a few seconds
 * that a busy machine can exceed on a service's first requests; one DOWN answer then means "not yet",
 * which is the probe working, not the service failing.
 */
public final class Readiness {

    /** How long a started service may take to report ready before a test calls it broken. */
    private static final Duration WITHIN = Duration.ofSeconds(30);

    private Readiness() {
    }

    /**
     * Waits until {@code /actuator/health/readiness} answers 200 with status UP.
     *
     * @throws org.awaitility.core.ConditionTimeoutException when it has not within {@link #WITHIN}
     */
    public static void awaitUp(WebTestClient web) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                web.get().uri("/actuator/health/readiness").exchange()
                        .expectStatus().isOk()
                        .expectBody().jsonPath("$.status").isEqualTo("UP"));
    }
}
