package com.nakksha.gateway;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Where requests go, what they carry, and what a dead service looks like. */
class GatewayRoutingIT extends GatewayTestSupport {

    @Test
    void forwardsToTheOwningServiceWithTheCallersRequestId() {
        // Services echo the id too (service-defaults); the client still sees it once.
        payment.stubFor(get("/api/v1/payments/pay_1").willReturn(okJson("{\"id\":\"pay_1\"}").withHeader("X-Request-Id", "req-42")));

        client.get().uri("/api/v1/payments/pay_1").header("Authorization", consultantToken()).header("X-Request-Id", "req-42").exchange()
                .expectStatus().isOk()
                .expectHeader().values("X-Request-Id", ids -> assertThat(ids).containsExactly("req-42"))
                .expectBody().jsonPath("$.id").isEqualTo("pay_1");

        payment.verify(getRequestedFor(urlEqualTo("/api/v1/payments/pay_1")).withHeader("X-Request-Id", equalTo("req-42")));
    }

    @Test
    void givesARequestWithoutIdANewOneAndEchoesIt() {
        payment.stubFor(get("/api/v1/payments").willReturn(okJson("[]")));

        String echoed = client.get().uri("/api/v1/payments").header("Authorization", consultantToken()).exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("X-Request-Id");

        assertThat(echoed).matches("[0-9a-f-]{36}");
        payment.verify(getRequestedFor(urlEqualTo("/api/v1/payments")).withHeader("X-Request-Id", equalTo(echoed)));
    }

    @Test
    void replacesAMalformedRequestId() {
        payment.stubFor(get("/api/v1/payments").willReturn(okJson("[]")));

        client.get().uri("/api/v1/payments").header("Authorization", consultantToken()).header("X-Request-Id", "not valid <script>").exchange()
                .expectStatus().isOk()
                .expectHeader().value("X-Request-Id", id -> assertThat(id).matches("[0-9a-f-]{36}"));

        payment.verify(getRequestedFor(urlEqualTo("/api/v1/payments")).withHeader("X-Request-Id", matching("[0-9a-f-]{36}")));
    }

    @Test
    void sendsEachPathToTheServiceThatOwnsIt() {
        identity.stubFor(any(anyUrl()).willReturn(okJson("{\"from\":\"identity\"}")));
        booking.stubFor(any(anyUrl()).willReturn(okJson("{\"from\":\"booking\"}")));
        payment.stubFor(any(anyUrl()).willReturn(okJson("{\"from\":\"payment\"}")));
        analytics.stubFor(any(anyUrl()).willReturn(okJson("{\"from\":\"analytics\"}")));
        String admin = bearer(TestTokens.admin(UUID.randomUUID()));

        expectOwner("/api/v1/admin/analytics/platform", admin, "analytics");
        expectOwner("/api/v1/admin/consultants?status=PENDING_APPROVAL", admin, "identity");
        expectOwner("/api/v1/analytics/dashboard", consultantToken(), "analytics");
        expectOwner("/api/v1/consultants/me", consultantToken(), "identity");
        expectOwner("/api/v1/auth/refresh", null, "identity");
        expectOwner("/.well-known/jwks.json", null, "identity");
        expectOwner("/api/v1/availability", consultantToken(), "booking");
        expectOwner("/api/v1/clients/c-1", consultantToken(), "booking");
        expectOwner("/api/v1/sessions/s-1", consultantToken(), "booking");
        expectOwner("/api/v1/public/consultants/asha-rao/slots", null, "booking");
        expectOwner("/api/v1/payments", consultantToken(), "payment");
    }

    @Test
    void signInWithAnEmailedLinkReachesIdentityWithoutAToken() {
        identity.stubFor(post("/api/v1/auth/login-link").willReturn(okJson("{\"accessToken\":\"signed-in\"}")));

        client.post().uri("/api/v1/auth/login-link").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"token\":\"emailed-sign-in-token\"}")
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.accessToken").isEqualTo("signed-in");
        identity.verify(postRequestedFor(urlEqualTo("/api/v1/auth/login-link"))
                .withRequestBody(equalToJson("{\"token\":\"emailed-sign-in-token\"}")));
    }

    private void expectOwner(String path, String authorization, String service) {
        client.get().uri(path)
                .headers(headers -> {
                    if (authorization != null) {
                        headers.set("Authorization", authorization);
                    }
                })
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.from").isEqualTo(service);
    }

    @Test
    void answersAPathNoServiceOwnsWithA404Problem() {
        client.get().uri("/api/v1/nowhere").header("Authorization", consultantToken()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.instance").isEqualTo("/api/v1/nowhere");
    }

    @Test
    void showsEachServicesReadinessUnderHealth() {
        payment.stubFor(get("/actuator/health/readiness").willReturn(okJson("{\"status\":\"UP\"}")));

        client.get().uri("/health/payment").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void aBurstOfConcurrentRequestsReachesTheServiceInsteadOfTheFallback() throws Exception {
        booking.stubFor(post("/api/v1/public/consultants/asha/bookings")
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"title\":\"Slot taken\",\"status\":409}").withFixedDelay(200)));
        int clients = 100;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                statuses.add(pool.submit(() -> {
                    go.await();
                    return client.post().uri("/api/v1/public/consultants/asha/bookings")
                            .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                            .exchange().returnResult(String.class).getStatus().value();
                }));
            }
            go.countDown();
        }
        java.util.Map<Integer, Long> byStatus = new java.util.TreeMap<>();
        for (var status : statuses) {
            byStatus.merge(status.get(), 1L, Long::sum);
        }
        assertThat(byStatus).containsExactly(java.util.Map.entry(409, (long) clients));
    }

    @Test
    void answersQuicklyWithA503ProblemNamingAServiceThatIsDown() {
        long started = System.nanoTime();

        client.get().uri("/api/v1/quotations/q-1").header("Authorization", consultantToken()).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Request-Id")
                .expectHeader().exists("Retry-After")
                .expectBody()
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.service").isEqualTo("quotation-service")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("quotation-service"))
                .jsonPath("$.instance").isEqualTo("/api/v1/quotations/q-1");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        client.get().uri("/health/notification").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath("$.service").isEqualTo("notification-service")
                .jsonPath("$.instance").isEqualTo("/health/notification");
    }

    @Test
    void retriesAFailedGetButNeverAPost() {
        payment.stubFor(get("/api/v1/payments/flaky").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        payment.stubFor(get("/api/v1/payments/flaky").inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"ok\":true}")));
        payment.stubFor(post("/api/v1/payments").willReturn(aResponse().withStatus(503)));
        String token = consultantToken();

        client.get().uri("/api/v1/payments/flaky").header("Authorization", token).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.ok").isEqualTo(true);
        client.post().uri("/api/v1/payments").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(503);

        payment.verify(2, getRequestedFor(urlEqualTo("/api/v1/payments/flaky")));
        payment.verify(1, postRequestedFor(urlEqualTo("/api/v1/payments")));
    }

    @Test
    void doesNotRetryAServerError() {
        payment.stubFor(get("/api/v1/payments/broken").willReturn(aResponse().withStatus(500)));

        client.get().uri("/api/v1/payments/broken").header("Authorization", consultantToken()).exchange()
                .expectStatus().isEqualTo(500);

        payment.verify(1, getRequestedFor(urlEqualTo("/api/v1/payments/broken")));
    }

    @Test
    void givesUpOnAServiceSlowerThanItsRouteTimeoutWithA503Problem() {
        // payment routes wait 5 s for a response; a POST is not retried, so one wait decides.
        payment.stubFor(post("/api/v1/payments").willReturn(okJson("{}").withFixedDelay(8_000)));
        long started = System.nanoTime();

        client.mutate().responseTimeout(Duration.ofSeconds(15)).build()
                .post().uri("/api/v1/payments").header("Authorization", consultantToken())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.service").isEqualTo("payment-service");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(4_500), Duration.ofMillis(7_500));
    }

    @Test
    void exportsGatewayAndCircuitBreakerMetricsOnTheManagementPortOnly() {
        payment.stubFor(get("/api/v1/payments").willReturn(okJson("[]")));
        client.get().uri("/api/v1/payments").header("Authorization", consultantToken()).exchange().expectStatus().isOk();

        management().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("spring_cloud_gateway_requests_seconds_count")
                        .contains("routeId=\"payment-api\"")
                        .containsPattern("resilience4j_circuitbreaker_state\\{application=\"gateway-service\",.*name=\"payment\",.*state=\"closed\"} 1\\.0")
                        .contains("application=\"gateway-service\""));
        management().get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
        management().get().uri("/actuator/health").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");

        // The public port has no actuator: without a token the path needs one, with one no service owns it.
        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/info")) {
            client.get().uri(path).exchange().expectStatus().isUnauthorized();
            client.get().uri(path).header("Authorization", consultantToken()).exchange()
                    .expectStatus().isNotFound()
                    .expectBody(String.class).value(body -> assertThat(body).doesNotContain("jvm_").doesNotContain("\"UP\""));
        }
    }
}
