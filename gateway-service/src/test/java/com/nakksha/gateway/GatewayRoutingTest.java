package com.nakksha.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The gateway in front of WireMock services: where requests go, what they carry, and what a dead service looks like. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayRoutingTest {

    static final WireMockServer identity = started();
    static final WireMockServer payment = started();
    static final WireMockServer analytics = started();
    static final int nothingListening = freePort();

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry registry) {
        registry.add("nakksha.gateway.services.identity", identity::baseUrl);
        registry.add("nakksha.gateway.services.payment", payment::baseUrl);
        registry.add("nakksha.gateway.services.analytics", analytics::baseUrl);
        registry.add("nakksha.gateway.services.booking", () -> "http://localhost:" + nothingListening);
        registry.add("nakksha.gateway.services.quotation", () -> "http://localhost:" + nothingListening);
        registry.add("nakksha.gateway.services.notification", () -> "http://localhost:" + nothingListening);
    }

    @BeforeEach
    void resetStubs() {
        identity.resetAll();
        payment.resetAll();
        analytics.resetAll();
        identity.stubFor(any(anyUrl()).willReturn(okJson("{\"from\":\"identity\"}")));
        analytics.stubFor(any(anyUrl()).willReturn(okJson("{\"from\":\"analytics\"}")));
    }

    @AfterAll
    static void stopDownstreams() {
        identity.stop();
        payment.stop();
        analytics.stop();
    }

    @Test
    void forwardsToTheOwningServiceWithTheCallersRequestId() {
        // Services echo the id too (service-defaults); the client still sees it once.
        payment.stubFor(get("/api/v1/payments/pay_1").willReturn(okJson("{\"id\":\"pay_1\"}").withHeader("X-Request-Id", "req-42")));

        client.get().uri("/api/v1/payments/pay_1").header("X-Request-Id", "req-42").exchange()
                .expectStatus().isOk()
                .expectHeader().values("X-Request-Id", ids -> assertThat(ids).containsExactly("req-42"))
                .expectBody().jsonPath("$.id").isEqualTo("pay_1");

        payment.verify(getRequestedFor(urlEqualTo("/api/v1/payments/pay_1")).withHeader("X-Request-Id", equalTo("req-42")));
    }

    @Test
    void givesARequestWithoutIdANewOneAndEchoesIt() {
        payment.stubFor(get("/api/v1/payments").willReturn(okJson("[]")));

        String echoed = client.get().uri("/api/v1/payments").exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("X-Request-Id");

        assertThat(echoed).matches("[0-9a-f-]{36}");
        payment.verify(getRequestedFor(urlEqualTo("/api/v1/payments")).withHeader("X-Request-Id", equalTo(echoed)));
    }

    @Test
    void replacesAMalformedRequestId() {
        payment.stubFor(get("/api/v1/payments").willReturn(okJson("[]")));

        client.get().uri("/api/v1/payments").header("X-Request-Id", "not valid <script>").exchange()
                .expectStatus().isOk()
                .expectHeader().value("X-Request-Id", id -> assertThat(id).matches("[0-9a-f-]{36}"));

        payment.verify(getRequestedFor(urlEqualTo("/api/v1/payments")).withHeader("X-Request-Id", matching("[0-9a-f-]{36}")));
    }

    @Test
    void sendsAdminAnalyticsToAnalyticsAndTheRestOfAdminToIdentity() {
        client.get().uri("/api/v1/admin/analytics/platform").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.from").isEqualTo("analytics");
        client.get().uri("/api/v1/admin/consultants?status=PENDING_APPROVAL").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.from").isEqualTo("identity");
        client.get().uri("/api/v1/analytics/dashboard").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.from").isEqualTo("analytics");
        client.get().uri("/.well-known/jwks.json").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.from").isEqualTo("identity");
    }

    @Test
    void forwardsRazorpayWebhooksToPaymentUntouched() {
        payment.stubFor(post("/api/v1/webhooks/razorpay").willReturn(aResponse().withStatus(200)));

        client.post().uri("/api/v1/webhooks/razorpay")
                .header("X-Razorpay-Signature", "abc123")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"event\":\"payment.captured\"}")
                .exchange()
                .expectStatus().isOk();

        payment.verify(postRequestedFor(urlEqualTo("/api/v1/webhooks/razorpay"))
                .withHeader("X-Razorpay-Signature", equalTo("abc123"))
                .withRequestBody(equalTo("{\"event\":\"payment.captured\"}")));
    }

    @Test
    void showsEachServicesReadinessUnderHealth() {
        payment.stubFor(get("/actuator/health/readiness").willReturn(okJson("{\"status\":\"UP\"}")));

        client.get().uri("/health/payment").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void answersQuicklyWithA503ProblemNamingAServiceThatIsDown() {
        long started = System.nanoTime();

        client.get().uri("/api/v1/quotations/q-1").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.service").isEqualTo("quotation-service")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("quotation-service"))
                .jsonPath("$.instance").isEqualTo("/api/v1/quotations/q-1");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        client.get().uri("/health/booking").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.service").isEqualTo("booking-service");
    }

    @Test
    void retriesAFailedGetButNeverAPost() {
        payment.stubFor(get("/api/v1/payments/flaky").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        payment.stubFor(get("/api/v1/payments/flaky").inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"ok\":true}")));
        payment.stubFor(post("/api/v1/payments").willReturn(aResponse().withStatus(503)));

        client.get().uri("/api/v1/payments/flaky").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.ok").isEqualTo(true);
        client.post().uri("/api/v1/payments").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(503);

        payment.verify(2, getRequestedFor(urlEqualTo("/api/v1/payments/flaky")));
        payment.verify(1, postRequestedFor(urlEqualTo("/api/v1/payments")));
    }

    @Test
    void exportsGatewayAndCircuitBreakerMetrics() {
        payment.stubFor(get("/api/v1/payments").willReturn(okJson("[]")));
        client.get().uri("/api/v1/payments").exchange().expectStatus().isOk();

        client.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("spring_cloud_gateway_requests_seconds_count")
                        .contains("resilience4j_circuitbreaker_state")
                        .contains("application=\"gateway-service\""));
        client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
