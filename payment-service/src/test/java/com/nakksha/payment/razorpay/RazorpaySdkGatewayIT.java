package com.nakksha.payment.razorpay;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.BasicCredentials;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SDK adapter against a Razorpay simulated at the HTTP level, through the same code production uses. */
class RazorpaySdkGatewayIT {

    private static final WireMockServer razorpay = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final String ORDER = """
            {"id":"order_Pq8DkR3vWn5YbC","entity":"order","amount":150000,"amount_paid":0,"amount_due":150000,
             "currency":"INR","receipt":"nks_6a1f0c2e8d3b4e7a9c552b1d7f3e9a40","status":"created","attempts":0,
             "notes":{"nakksha_payable_id":"6a1f0c2e-8d3b-4e7a-9c55-2b1d7f3e9a40"},"created_at":1799834405}""";

    private RazorpaySdkGateway gateway;

    @BeforeAll
    static void start() {
        razorpay.start();
    }

    @AfterAll
    static void stop() {
        razorpay.stop();
    }

    @BeforeEach
    void fresh() {
        razorpay.resetAll();
        gateway = new RazorpaySdkGateway(new RazorpayProperties("rzp_test_key", "rzp_test_key_secret_nakksha", "whsec", null, null,
                razorpay.baseUrl(), Duration.ofSeconds(5), Duration.ofSeconds(2)),
                CircuitBreakerRegistry.ofDefaults(), JsonMapper.builder().build(), Clock.systemUTC());
    }

    private static RazorpayGateway.NewOrder newOrder() {
        return new RazorpayGateway.NewOrder(150_000, "INR", "nks_6a1f0c2e8d3b4e7a9c552b1d7f3e9a40",
                Map.of("nakksha_payable_id", "6a1f0c2e-8d3b-4e7a-9c55-2b1d7f3e9a40"));
    }

    @Test
    void createsAnOrderWithBasicAuthTheAmountTheReceiptAndOurIdsInNotes() {
        razorpay.stubFor(post("/v1/orders").willReturn(okJson(ORDER)));

        RazorpayGateway.RazorpayOrder order = gateway.createOrder(newOrder()).block();

        assertThat(order).isEqualTo(new RazorpayGateway.RazorpayOrder("order_Pq8DkR3vWn5YbC", 150_000, "INR",
                "nks_6a1f0c2e8d3b4e7a9c552b1d7f3e9a40", "created"));
        razorpay.verify(postRequestedFor(urlPathEqualTo("/v1/orders"))
                .withBasicAuth(new BasicCredentials("rzp_test_key", "rzp_test_key_secret_nakksha"))
                .withRequestBody(equalToJson("""
                        {"amount":150000,"currency":"INR","receipt":"nks_6a1f0c2e8d3b4e7a9c552b1d7f3e9a40",
                         "notes":{"nakksha_payable_id":"6a1f0c2e-8d3b-4e7a-9c55-2b1d7f3e9a40"}}""")));
    }

    @Test
    void anOrderCreateThatTimedOutIsFoundByReceiptInsteadOfMadeAgain() {
        razorpay.stubFor(post("/v1/orders").willReturn(okJson(ORDER).withFixedDelay(8_000)));
        razorpay.stubFor(get(urlPathEqualTo("/v1/orders")).withQueryParam("receipt", equalTo("nks_6a1f0c2e8d3b4e7a9c552b1d7f3e9a40"))
                .willReturn(okJson("{\"entity\":\"collection\",\"count\":1,\"items\":[" + ORDER + "]}")));

        RazorpayGateway.RazorpayOrder order = gateway.createOrder(newOrder()).block();

        assertThat(order.id()).isEqualTo("order_Pq8DkR3vWn5YbC");
        razorpay.verify(1, postRequestedFor(urlPathEqualTo("/v1/orders")));
        razorpay.verify(1, getRequestedFor(urlPathEqualTo("/v1/orders")));
    }

    @Test
    void anOrderCreateAnswered500AndNotFoundByReceiptIsUnavailable() {
        razorpay.stubFor(post("/v1/orders").willReturn(aResponse().withStatus(500)
                .withBody("{\"error\":{\"code\":\"SERVER_ERROR\",\"description\":\"try later\"}}")));
        razorpay.stubFor(get(urlPathEqualTo("/v1/orders"))
                .willReturn(okJson("{\"entity\":\"collection\",\"count\":0,\"items\":[]}")));

        assertThatThrownBy(() -> gateway.createOrder(newOrder()).block())
                .isInstanceOf(RazorpayUnavailableException.class);
        razorpay.verify(1, postRequestedFor(urlPathEqualTo("/v1/orders")));
    }

    @Test
    void aRejectionIsAnAnswerNotAnOutage() {
        razorpay.stubFor(post("/v1/orders").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"BAD_REQUEST_ERROR\",\"description\":\"The amount must be at least INR 1.00\",\"field\":\"amount\"}}")));

        assertThatThrownBy(() -> gateway.createOrder(newOrder()).block())
                .isInstanceOfSatisfying(RazorpayRejectedException.class, rejected -> {
                    assertThat(rejected.status()).isEqualTo(400);
                    assertThat(rejected.getMessage()).contains("at least INR 1.00");
                });
        razorpay.verify(0, getRequestedFor(urlPathEqualTo("/v1/orders")));
    }

    @Test
    void fetchesAPaymentAndReadsFeeTaxAndMethod() {
        razorpay.stubFor(get("/v1/payments/pay_Pq8E1sTgHy6UoJ").willReturn(okJson("""
                {"id":"pay_Pq8E1sTgHy6UoJ","entity":"payment","amount":150000,"currency":"INR","status":"captured",
                 "order_id":"order_Pq8DkR3vWn5YbC","method":"upi","captured":true,"notes":[],"fee":3540,"tax":540,
                 "error_code":"","error_description":"","created_at":1799834600}""")));

        ProviderPayment payment = gateway.fetchPayment("pay_Pq8E1sTgHy6UoJ").block();

        assertThat(payment.status()).isEqualTo(AttemptStatus.CAPTURED);
        assertThat(payment.feeMinor()).isEqualTo(3540);
        assertThat(payment.taxMinor()).isEqualTo(540);
        assertThat(payment.method()).isEqualTo("upi");
        assertThat(payment.errorCode()).isNull();
    }

    @Test
    void capturesForTheGivenAmount() {
        razorpay.stubFor(post("/v1/payments/pay_A/capture").willReturn(okJson("""
                {"id":"pay_A","entity":"payment","amount":150000,"currency":"INR","status":"captured","order_id":"order_X",
                 "method":"card","fee":3540,"tax":540}""")));

        assertThat(gateway.capturePayment("pay_A", 150_000, "INR").block().status()).isEqualTo(AttemptStatus.CAPTURED);
        razorpay.verify(postRequestedFor(urlPathEqualTo("/v1/payments/pay_A/capture"))
                .withRequestBody(equalToJson("{\"amount\":150000,\"currency\":\"INR\"}")));
    }

    @Test
    void sendsTheRefundIdempotencyKeyOnlyWithItsOwnRefund() {
        razorpay.stubFor(post("/v1/payments/pay_A/refund").willReturn(okJson("""
                {"id":"rfnd_1","entity":"refund","amount":50000,"currency":"INR","payment_id":"pay_A","status":"pending"}""")));
        razorpay.stubFor(get("/v1/payments/pay_A").willReturn(okJson("""
                {"id":"pay_A","amount":150000,"currency":"INR","status":"captured","order_id":"order_X"}""")));

        RazorpayGateway.RazorpayRefund refund = gateway.createRefund("pay_A", 50_000, "3c2b1a098f7e4d6c9b5a4e3d2c1b0a98",
                Map.of("reason", "goodwill")).block();
        gateway.fetchPayment("pay_A").block();

        assertThat(refund).isEqualTo(new RazorpayGateway.RazorpayRefund("rfnd_1", "pay_A", 50_000, "pending"));
        razorpay.verify(postRequestedFor(urlPathEqualTo("/v1/payments/pay_A/refund"))
                .withHeader("X-Refund-Idempotency", equalTo("3c2b1a098f7e4d6c9b5a4e3d2c1b0a98"))
                .withRequestBody(equalToJson("{\"amount\":50000,\"speed\":\"normal\",\"notes\":{\"reason\":\"goodwill\"}}")));
        razorpay.verify(getRequestedFor(urlPathEqualTo("/v1/payments/pay_A")).withoutHeader("X-Refund-Idempotency"));
    }

    @Test
    void aSlowRazorpayIsUnavailableWithinTheTimeout() {
        razorpay.stubFor(get("/v1/payments/pay_slow").willReturn(okJson("{}").withFixedDelay(9_000)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> gateway.fetchPayment("pay_slow").block()).isInstanceOf(RazorpayUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(7_500));
    }

    @Test
    void repeatedOutagesOpenTheCircuitAndCallsStopReachingRazorpay() {
        razorpay.stubFor(get("/v1/payments/pay_down").willReturn(aResponse().withStatus(503)));

        for (int call = 0; call < 12; call++) {
            assertThatThrownBy(() -> gateway.fetchPayment("pay_down").block()).isInstanceOf(RazorpayUnavailableException.class);
        }

        assertThat(razorpay.findAll(getRequestedFor(urlPathEqualTo("/v1/payments/pay_down")))).hasSizeLessThan(12);
    }
}
