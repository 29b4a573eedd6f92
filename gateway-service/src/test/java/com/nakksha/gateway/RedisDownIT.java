package com.nakksha.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** With Redis unreachable the limiter cannot count, and lets requests through rather than fail them. */
class RedisDownIT extends GatewayTestSupport {

    @DynamicPropertySource
    static void redisNowhere(DynamicPropertyRegistry registry) {
        int closedPort = closedPort();
        registry.add("spring.data.redis.port", () -> closedPort);
        for (String group : List.of("auth", "public-api", "webhooks", "api")) {
            registry.add("nakksha.gateway.rate-limits." + group + ".replenish-rate", () -> 1);
            registry.add("nakksha.gateway.rate-limits." + group + ".burst-capacity", () -> 2);
            registry.add("nakksha.gateway.rate-limits." + group + ".requested-tokens", () -> 2);
        }
    }

    @Test
    void servesEveryRequestUnlimitedAndPromptly() {
        identity.stubFor(post("/api/v1/auth/login").willReturn(okJson("{\"accessToken\":\"a\"}")));
        booking.stubFor(get("/api/v1/sessions").willReturn(okJson("[]")));
        String token = consultantToken();
        long started = System.nanoTime();

        for (int i = 0; i < 5; i++) {
            loginAndSessionsListUncounted(token);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        identity.verify(5, postRequestedFor(urlEqualTo("/api/v1/auth/login")));
        booking.verify(5, getRequestedFor(urlEqualTo("/api/v1/sessions")));
        management().get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
        management().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(metrics -> assertThat(metrics)
                        .containsPattern("nakksha_gateway_rate_limit_uncounted_total\\{[^}]*group=\"auth\"[^}]*\\} 5\\.0")
                        .containsPattern("nakksha_gateway_rate_limit_uncounted_total\\{[^}]*group=\"api\"[^}]*\\} 5\\.0"));
    }
}
