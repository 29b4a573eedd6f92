package com.nakksha.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service that was down long enough to open its circuit breaker is reached again within about a
 * second of answering (the breaker's open wait), not after the 10 s it used to take. The service is
 * one more entry in the gateway's list of services, so it gets its {@code /health/<name>} route and that
 * route's breaker ({@code <name>-health}) like every other; it is a WireMock server on a port held closed
 * until it starts, after the outage. API breakers have the same settings.
 */
class BreakerRecoveryIT extends GatewayTestSupport {

    private static final String SERVICE = "recovering";
    private static final int servicePort = closedPort();
    private static final String PATH = "/health/" + SERVICE;
    private static final String READINESS = "/actuator/health/readiness";
    /** Well below the 10 s open wait the breaker had, well above its 1 s now, for a slow machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @Autowired
    CircuitBreakerRegistry breakers;

    private WireMockServer service;

    @DynamicPropertySource
    static void oneMoreServiceOnAFixedPort(DynamicPropertyRegistry registry) {
        registry.add("nakksha.gateway.services." + SERVICE, () -> "http://localhost:" + servicePort);
    }

    @AfterEach
    void stopService() {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void letsTrafficThroughAsSoonAsTheServiceAnswersAgain() {
        CircuitBreaker breaker = breakers.circuitBreaker(SERVICE + "-health");
        for (int request = 0; request < 12; request++) {
            client.get().uri(PATH).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.service").isEqualTo(SERVICE + "-service");
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        openClosedPort(servicePort);
        service = new WireMockServer(options().port(servicePort));
        service.stubFor(get(READINESS).willReturn(okJson("{\"status\":\"UP\"}")));
        service.start();
        long restarted = System.nanoTime();

        int status = await().atMost(PROMPTLY).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> client.get().uri(PATH).exchange().returnResult(String.class).getStatus().value(),
                        answer -> answer == 200);
        Duration recovery = Duration.ofNanos(System.nanoTime() - restarted);

        assertThat(status).as("answer %s after the service came back", recovery).isEqualTo(200);
        assertThat(recovery).isLessThan(PROMPTLY);
        service.verify(getRequestedFor(urlEqualTo(READINESS)));
        for (int request = 0; request < 10; request++) {
            client.get().uri(PATH).exchange().expectStatus().isOk();
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
