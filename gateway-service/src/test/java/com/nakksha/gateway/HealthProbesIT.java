package com.nakksha.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Polling a starting service's {@code /health/<name>} (connection refused, once a second) must not open
 * the circuit breaker that guards its API: the first request after the service is ready is served,
 * not refused with the fallback 503. quotation-service's address has nothing listening until this
 * test starts a stand-in there.
 */
class HealthProbesIT extends GatewayTestSupport {

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void healthPollsWhileAServiceStartsLeaveItsApiBreakerClosed() {
        CircuitBreaker api = breakers.circuitBreaker("quotation");
        api.reset();

        for (int poll = 0; poll < 15; poll++) {
            client.get().uri("/health/quotation").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.service").isEqualTo("quotation-service");
        }
        assertThat(api.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(api.getMetrics().getNumberOfFailedCalls()).isZero();

        openClosedPort(nothingListening);
        WireMockServer quotation = new WireMockServer(options().port(nothingListening));
        quotation.stubFor(get("/actuator/health/readiness").willReturn(okJson("{\"status\":\"UP\"}")));
        quotation.stubFor(get("/api/v1/quotations").willReturn(okJson("[]")));
        quotation.start();
        try {
            client.get().uri("/api/v1/quotations").header("Authorization", consultantToken()).exchange()
                    .expectStatus().isOk();
            // The health route's own breaker, opened by the polls above, lets probes through again after its 1 s wait.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    client.get().uri("/health/quotation").exchange().expectStatus().isOk());
        } finally {
            quotation.stop();
        }
    }
}
