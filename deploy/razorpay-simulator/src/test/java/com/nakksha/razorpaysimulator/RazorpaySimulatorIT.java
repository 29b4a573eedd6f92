package com.nakksha.razorpaysimulator;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.razorpay.Order;
import com.razorpay.Payment;
import com.razorpay.RazorpayClient;
import com.razorpay.RazorpayException;
import com.razorpay.Refund;
import com.razorpay.Utils;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The simulator driven through razorpay-java (the SDK payment-service uses, its static HTTP client
 * pointed here as payment-service's RazorpaySdkHttpClient does), with its webhooks received by WireMock
 * and checked byte for byte: signature over the raw bytes with the webhook secret, Razorpay's shapes
 * parsed by the SDK's entities. Every event is delivered twice here (duplicate-probability 1), none late.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "nakksha.razorpay-simulator.key-id=rzp_test_SimulatorIT01",
        "nakksha.razorpay-simulator.key-secret=simulator-it-key-secret",
        "nakksha.razorpay-simulator.webhook-secret=simulator-it-webhook-secret",
        "nakksha.razorpay-simulator.webhooks.seed=17",
        "nakksha.razorpay-simulator.webhooks.duplicate-probability=1",
        "nakksha.razorpay-simulator.webhooks.late-probability=0",
        "nakksha.razorpay-simulator.webhooks.spread=50ms",
        "nakksha.razorpay-simulator.webhooks.retry-delay=100ms",
        "nakksha.razorpay-simulator.webhooks.max-retry-delay=500ms"})
@AutoConfigureWebTestClient
class RazorpaySimulatorIT {

    private static final String KEY_ID = "rzp_test_SimulatorIT01";
    private static final String KEY_SECRET = "simulator-it-key-secret";
    private static final String WEBHOOK_SECRET = "simulator-it-webhook-secret";
    private static final String WEBHOOK_PATH = "/api/v1/payments/webhooks/razorpay";

    static final WireMockServer receiver = new WireMockServer(options().dynamicPort());

    static {
        receiver.start();
    }

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        registry.add("nakksha.razorpay-simulator.webhook-url", () -> receiver.baseUrl() + WEBHOOK_PATH);
    }

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient client;

    private RazorpayClient razorpay;

    @BeforeEach
    void sdkPointedAtTheSimulator() throws Exception {
        receiver.resetAll();
        receiver.stubFor(post(WEBHOOK_PATH).willReturn(aResponse().withStatus(200)));
        HttpUrl simulator = HttpUrl.parse("http://localhost:" + port);
        Field sdkClient = Class.forName("com.razorpay.ApiUtils").getDeclaredField("client");
        sdkClient.setAccessible(true);
        sdkClient.set(null, new OkHttpClient.Builder().addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                .url(chain.request().url().newBuilder().scheme(simulator.scheme()).host(simulator.host()).port(simulator.port()).build())
                .build())).build());
        razorpay = new RazorpayClient(KEY_ID, KEY_SECRET);
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @Test
    void servesTheOrderCallsOfTheSdkAndRefusesWhatRazorpayRefuses() throws Exception {
        String receipt = receipt();
        Order created = razorpay.orders.create(new JSONObject().put("amount", 15920).put("currency", "INR").put("receipt", receipt)
                .put("notes", new JSONObject().put("nakksha_payable_id", "p-1")));

        assertThat(created.toJson().getString("id")).startsWith("order_");
        assertThat(created.toJson().getString("status")).isEqualTo("created");
        assertThat(created.toJson().getLong("amount_due")).isEqualTo(15920);
        List<Order> byReceipt = razorpay.orders.fetchAll(new JSONObject().put("receipt", receipt));
        assertThat(byReceipt).extracting(order -> order.toJson().getString("id")).containsExactly(created.toJson().getString("id"));
        assertThat(razorpay.orders.fetch(created.toJson().getString("id")).toJson().getJSONObject("notes").getString("nakksha_payable_id"))
                .isEqualTo("p-1");
        assertThat(razorpay.orders.fetchPayments(created.toJson().getString("id"))).isEmpty();

        assertThatThrownBy(() -> razorpay.orders.create(new JSONObject().put("amount", 99).put("currency", "INR")))
                .isInstanceOf(RazorpayException.class).hasMessageContaining("at least INR 1.00");
        assertThatThrownBy(() -> razorpay.orders.create(new JSONObject().put("amount", 1000).put("currency", "INR").put("receipt", "r".repeat(41))))
                .isInstanceOf(RazorpayException.class).hasMessageContaining("40 characters");
        assertThatThrownBy(() -> razorpay.payments.fetch("pay_DoesNotExist00"))
                .isInstanceOf(RazorpayException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new RazorpayClient(KEY_ID, "wrong-secret").orders.fetch(created.toJson().getString("id")))
                .isInstanceOf(RazorpayException.class).hasMessageContaining("Authentication failed");
    }

    @Test
    void paysAnOrderAnswersTheCheckoutHandlerAndSendsSignedWebhooksRazorpayShaped() throws Exception {
        String orderId = newOrder(150_000);

        Map<?, ?> handler = pay(orderId, "upi", "success");

        String paymentId = (String) handler.get("razorpay_payment_id");
        assertThat(handler.get("razorpay_order_id")).isEqualTo(orderId);
        assertThat(Utils.verifyPaymentSignature(new JSONObject()
                .put("razorpay_order_id", orderId).put("razorpay_payment_id", paymentId)
                .put("razorpay_signature", handler.get("razorpay_signature")), KEY_SECRET)).isTrue();
        Payment fetched = razorpay.payments.fetch(paymentId);
        assertThat(fetched.toJson().getString("status")).isEqualTo("captured");
        assertThat(fetched.toJson().getLong("fee")).isEqualTo(3540);
        assertThat(fetched.toJson().getLong("tax")).isEqualTo(540);
        assertThat(razorpay.orders.fetchPayments(orderId)).extracting(payment -> payment.toJson().getString("id")).containsExactly(paymentId);
        assertThat(razorpay.orders.fetch(orderId).toJson().getString("status")).isEqualTo("paid");

        Map<String, List<LoggedRequest>> byEvent = webhooksFor(paymentId, 6);
        assertThat(byEvent).containsOnlyKeys("payment.authorized", "payment.captured", "order.paid");
        byEvent.values().forEach(RazorpaySimulatorIT::assertOneEventDeliveredTwice);
        JSONObject authorized = body(byEvent.get("payment.authorized").getFirst());
        assertThat(new Payment(entity(authorized, "payment")).toJson().getString("status")).isEqualTo("authorized");
        assertThat(entity(authorized, "payment").isNull("fee")).isTrue();
        assertThat(authorized.getJSONArray("contains").toList()).containsExactly("payment");
        JSONObject captured = body(byEvent.get("payment.captured").getFirst());
        assertThat(entity(captured, "payment").getBoolean("captured")).isTrue();
        assertThat(entity(captured, "payment").getLong("fee")).isEqualTo(3540);
        assertThat(entity(captured, "payment").getLong("base_amount")).isEqualTo(150_000);
        JSONObject paid = body(byEvent.get("order.paid").getFirst());
        assertThat(paid.getJSONArray("contains").toList()).containsExactly("payment", "order");
        Order paidOrder = new Order(entity(paid, "order"));
        assertThat(paidOrder.toJson().getString("status")).isEqualTo("paid");
        assertThat(paidOrder.toJson().getLong("amount_paid")).isEqualTo(150_000);
        assertThat(paid.getString("entity")).isEqualTo("event");
        assertThat(paid.getString("account_id")).startsWith("acc_");

        // Checkout does not take another payment for a paid order.
        client.post().uri("/simulator/orders/{id}/pay", orderId).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("BAD_REQUEST_ERROR");
    }

    @Test
    void failsAPaymentWithRazorpaysErrorFieldsAndLetsTheClientPayAgain() throws Exception {
        String orderId = newOrder(50_000);

        Map<?, ?> failed = pay(orderId, "netbanking", "fail");

        Map<?, ?> error = (Map<?, ?>) failed.get("error");
        String failedPayment = (String) ((Map<?, ?>) error.get("metadata")).get("payment_id");
        assertThat(error.get("reason")).isEqualTo("payment_failed");
        Map<String, List<LoggedRequest>> byEvent = webhooksFor(failedPayment, 2);
        assertThat(byEvent).containsOnlyKeys("payment.failed");
        JSONObject payment = entity(body(byEvent.get("payment.failed").getFirst()), "payment");
        assertThat(payment.getString("status")).isEqualTo("failed");
        assertThat(payment.getString("error_code")).isEqualTo("BAD_REQUEST_ERROR");
        assertThat(payment.getString("bank")).isEqualTo("HDFC");
        assertThat(razorpay.orders.fetch(orderId).toJson().getString("status")).isEqualTo("attempted");

        String paid = (String) pay(orderId, "card", "success").get("razorpay_payment_id");
        assertThat(razorpay.orders.fetchPayments(orderId)).hasSize(2);
        assertThat(razorpay.payments.fetch(paid).toJson().getJSONObject("card").getString("last4")).isEqualTo("1111");
    }

    @Test
    void capturesAnAuthorisedPaymentOnlyOnceAndOnlyForItsAmount() throws Exception {
        String orderId = newOrder(20_000);
        String paymentId = (String) client.post().uri("/simulator/orders/{id}/pay", orderId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("capture", "manual")).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("razorpay_payment_id");
        assertThat(razorpay.payments.fetch(paymentId).toJson().getString("status")).isEqualTo("authorized");

        assertThatThrownBy(() -> razorpay.payments.capture(paymentId, new JSONObject().put("amount", 19_999).put("currency", "INR")))
                .isInstanceOf(RazorpayException.class).hasMessageContaining("equal to the amount authorized");
        Payment captured = razorpay.payments.capture(paymentId, new JSONObject().put("amount", 20_000).put("currency", "INR"));
        assertThat(captured.toJson().getString("status")).isEqualTo("captured");
        assertThatThrownBy(() -> razorpay.payments.capture(paymentId, new JSONObject().put("amount", 20_000).put("currency", "INR")))
                .isInstanceOf(RazorpayException.class).hasMessageContaining("already been captured");

        assertThat(webhooksFor(paymentId, 6)).containsOnlyKeys("payment.authorized", "payment.captured", "order.paid");
    }

    @Test
    void refundsHonouringTheIdempotencyKeyAndSendsRefundProcessed() throws Exception {
        String orderId = newOrder(10_000);
        String paymentId = (String) pay(orderId, "upi", "success").get("razorpay_payment_id");
        webhooksFor(paymentId, 6);

        Map<?, ?> first = refund(paymentId, "refund-key-0001", "{\"amount\":4000,\"speed\":\"normal\"}").expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> again = refund(paymentId, "refund-key-0001", "{\"amount\":4000,\"speed\":\"normal\"}").expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        refund(paymentId, "refund-key-0001", "{\"amount\":5000,\"speed\":\"normal\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.description").value(text -> assertThat((String) text).contains("same idempotency key"));
        refund(paymentId, "refund-key-0002", "{\"amount\":6001}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.description").value(text -> assertThat((String) text).contains("greater than amount captured"));
        Refund rest = razorpay.payments.refund(paymentId);

        assertThat(again.get("id")).isEqualTo(first.get("id"));
        assertThat(first.get("status")).isEqualTo("pending");
        assertThat(rest.toJson().getLong("amount")).isEqualTo(6000);
        Payment refunded = razorpay.payments.fetch(paymentId);
        assertThat(refunded.toJson().getString("status")).isEqualTo("refunded");
        assertThat(refunded.toJson().getString("refund_status")).isEqualTo("full");
        await().atMost(Duration.ofSeconds(10)).until(() -> "processed".equals(razorpay.payments.fetchRefund((String) first.get("id")).toJson().getString("status")));

        Map<String, List<LoggedRequest>> byEvent = webhooksFor(paymentId, 14);
        assertThat(byEvent.get("refund.created")).hasSize(4);
        assertThat(byEvent.get("refund.processed")).hasSize(4);
        JSONObject processed = body(byEvent.get("refund.processed").getFirst());
        assertThat(processed.getJSONArray("contains").toList()).containsExactly("refund", "payment");
        assertThat(new Refund(entity(processed, "refund")).toJson().getString("status")).isEqualTo("processed");
    }

    @Test
    void holdsThePaymentsWebhooksWhenAskedAndSendsOneOnRequest() throws Exception {
        String orderId = newOrder(30_000);
        String paymentId = (String) client.post().uri("/simulator/orders/{id}/pay", orderId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("deliver", false)).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("razorpay_payment_id");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(deliveriesAbout(paymentId)).isEmpty());

        client.post().uri("/simulator/payments/{id}/webhooks/payment.captured", paymentId).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.lastStatus").isEqualTo(200).jsonPath("$.event").isEqualTo("payment.captured");

        assertThat(webhooksFor(paymentId, 1)).containsOnlyKeys("payment.captured");
        client.post().uri("/simulator/payments/{id}/webhooks/refund.processed", paymentId).exchange().expectStatus().isNotFound();
    }

    /**
     * Faults run 1302 lost a payment's webhooks: payment-service was down (the gateway answered 503) for longer
     * than the simulator's six attempts took. Razorpay retries for 24 hours, and so does the simulator now.
     */
    @Test
    void retriesADeliveryTheReceiverRefusesUntilItAnswersAgainAsRazorpayDoes() throws Exception {
        receiver.resetAll();
        receiver.stubFor(post(WEBHOOK_PATH).willReturn(aResponse().withStatus(503)));
        String paymentId = (String) pay(newOrder(150_000), "upi", "success").get("razorpay_payment_id");

        // Each event goes out twice here; six attempts of each copy (3.1 s with these delays) was where sending stopped.
        await().atMost(Duration.ofSeconds(15)).until(() -> deliveriesAbout(paymentId).stream()
                .collect(Collectors.groupingBy(request -> request.getHeader("x-razorpay-event-id"), Collectors.counting()))
                .values().stream().anyMatch(attempts -> attempts > 2 * 6));
        assertThat(outstandingWebhooks()).as("the refused deliveries are still owed").isGreaterThanOrEqualTo(3);
        receiver.resetMappings();
        receiver.stubFor(post(WEBHOOK_PATH).willReturn(aResponse().withStatus(200)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, List<Integer>> statusesByEvent = receiver.getAllServeEvents().stream()
                    .filter(served -> entity(body(served.getRequest()), "payment").getString("id").equals(paymentId))
                    .collect(Collectors.groupingBy(served -> body(served.getRequest()).getString("event"),
                            Collectors.mapping(served -> served.getResponse().getStatus(), Collectors.toList())));
            assertThat(statusesByEvent).containsOnlyKeys("payment.authorized", "payment.captured", "order.paid");
            statusesByEvent.values().forEach(statuses -> assertThat(statuses).contains(503, 200));
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(outstandingWebhooks()).isZero());
    }

    private int outstandingWebhooks() {
        return client.get().uri("/simulator/webhooks/outstanding").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("outstanding") instanceof Number n ? n.intValue() : -1;
    }

    @Test
    void showsACheckoutPageWithPayAndFailButtons() {
        String orderId = newOrder(159_20);

        client.get().uri("/simulator/checkout/{id}", orderId).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(page -> assertThat(page)
                        .contains(orderId, "INR 159.20", "pay('success')", "pay('fail')", "/simulator/orders/" + orderId + "/pay"));
    }

    private String newOrder(long paise) {
        try {
            return razorpay.orders.create(new JSONObject().put("amount", paise).put("currency", "INR").put("receipt", receipt()))
                    .toJson().getString("id");
        } catch (RazorpayException e) {
            throw new AssertionError(e);
        }
    }

    private Map<?, ?> pay(String orderId, String method, String outcome) {
        return client.post().uri("/simulator/orders/{id}/pay", orderId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("method", method, "outcome", outcome))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec refund(String paymentId, String key, String body) {
        return client.post().uri("/v1/payments/{id}/refund", paymentId)
                .headers(headers -> headers.setBasicAuth(KEY_ID, KEY_SECRET))
                .header("X-Refund-Idempotency", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** Waits for this many deliveries about the payment, checks each signature, groups them by event. */
    private static Map<String, List<LoggedRequest>> webhooksFor(String paymentId, int deliveries) {
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveriesAbout(paymentId).size() >= deliveries);
        List<LoggedRequest> received = deliveriesAbout(paymentId);
        assertThat(received).hasSize(deliveries);
        for (LoggedRequest request : received) {
            byte[] raw = request.getBody();
            String signature = request.getHeader("X-Razorpay-Signature");
            assertThat(signature).isEqualTo(hmacHex(raw, WEBHOOK_SECRET));
            try {
                assertThat(Utils.verifyWebhookSignature(new String(raw, StandardCharsets.UTF_8), signature, WEBHOOK_SECRET)).isTrue();
            } catch (RazorpayException e) {
                throw new AssertionError(e);
            }
            assertThat(request.getHeader("x-razorpay-event-id")).startsWith("evt_");
        }
        return received.stream().collect(Collectors.groupingBy(request -> body(request).getString("event")));
    }

    private static List<LoggedRequest> deliveriesAbout(String paymentId) {
        return receiver.findAll(postRequestedFor(urlEqualTo(WEBHOOK_PATH))).stream()
                .filter(request -> entity(body(request), "payment").getString("id").equals(paymentId))
                .toList();
    }

    /** Duplicates repeat the event id and the bytes; distinct events never share an id. */
    private static void assertOneEventDeliveredTwice(List<LoggedRequest> deliveries) {
        assertThat(deliveries).hasSize(2);
        assertThat(deliveries.get(0).getHeader("x-razorpay-event-id")).isEqualTo(deliveries.get(1).getHeader("x-razorpay-event-id"));
        assertThat(deliveries.get(0).getBody()).isEqualTo(deliveries.get(1).getBody());
    }

    private static JSONObject body(LoggedRequest request) {
        return new JSONObject(new String(request.getBody(), StandardCharsets.UTF_8));
    }

    private static JSONObject entity(JSONObject event, String name) {
        return event.getJSONObject("payload").getJSONObject(name).getJSONObject("entity");
    }

    private static String receipt() {
        return "nks_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String hmacHex(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
