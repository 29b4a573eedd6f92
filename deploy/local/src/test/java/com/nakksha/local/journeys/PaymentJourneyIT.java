package com.nakksha.local.journeys;

import com.nakksha.local.PlatformService;
import com.nakksha.local.SharedStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN.md flow 2 on the launcher's stack, as a client and Razorpay drive it: a public booking, its
 * Razorpay order through the gateway with the booking's payment capability, the payment made on the
 * Razorpay simulator (which then sends its signed webhooks to the gateway in a random order, some twice,
 * some late), the Checkout handler's fields verified through the gateway, the session CONFIRMED and PAID;
 * then the consultant cancels and the refund (made on the simulator, confirmed by refund.processed) leaves
 * the session's payment REFUNDED. Everything the platform is asked goes through the gateway.
 */
@ExtendWith(SharedStack.class)
class PaymentJourneyIT {

    private static final Duration EVENTUAL = Duration.ofSeconds(60);

    private static Properties secrets;
    private static AdminLogin admin;
    /** An address of the class's own: the journeys run side by side, and the gateway limits per client address. */
    private static final PlatformClient client = PlatformClient.from("127.0.0.13");
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void logInTheAdmin() {
        secrets = SharedStack.secrets();
        admin = new AdminLogin(client, SharedStack.dataDir());
    }

    @Test
    void aClientBooksPaysOnTheSimulatorIsConfirmedAndPaidThenRefundedWhenTheConsultantCancels() throws Exception {
        ConsultantOnboarding.Consultant consultant = ConsultantOnboarding.approvedConsultant(client, admin);
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(4);
        PlatformClient.Response slots = client.get("/api/v1/public/consultants/" + consultant.slug() + "/slots?from=" + day + "&to=" + day
                + "&type=PERSONAL&timeZone=Asia/Kolkata", null);
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        String start = slots.json().path("slots").get(0).path("start").asText();

        PlatformClient.Response booking = client.post("/api/v1/public/consultants/" + consultant.slug() + "/bookings", null, Map.of(
                        "start", start, "type", "PERSONAL", "durationMinutes", 30, "name", "Ravi Kumar", "email", "ravi@example.in"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(booking.status()).as(booking.toString()).isEqualTo(201);
        String sessionId = booking.text("sessionId");
        String payableId = booking.text("payableId");
        String capability = booking.text("paymentCapability");
        assertThat(capability).as("the booking answer's payment capability").isNotBlank();

        // Without the capability the session cannot even be found: ids cannot be enumerated.
        PlatformClient.Response guessed = client.post("/api/v1/payments/orders", null,
                Map.of("payableId", payableId, "capability", "A".repeat(43)));
        assertThat(guessed.status()).as(guessed.toString()).isEqualTo(404);
        // Right after the 201 the booking may still be on its way to payment-service: the order waits for it,
        // and past a few seconds answers 503 with Retry-After, which a client honours; never a 404.
        PlatformClient.Response order = await().atMost(EVENTUAL).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.post("/api/v1/payments/orders", null, Map.of("payableId", payableId, "capability", capability)),
                        answer -> answer.status() != 503);
        assertThat(order.status()).as(order.toString()).isBetween(200, 201);
        assertThat(order.text("keyId")).isEqualTo(secrets.getProperty("razorpay.key-id"));
        assertThat(order.json().path("amountMinor").asLong()).isEqualTo(150_000);
        String orderId = order.text("orderId");

        // The person at Razorpay Checkout pays; Checkout hands the page the handler's fields.
        JsonNode handler = simulator("POST", "/simulator/orders/" + orderId + "/pay", "{\"method\":\"upi\",\"outcome\":\"success\"}");
        assertThat(handler.path("razorpay_order_id").asText()).isEqualTo(orderId);
        String paymentId = handler.path("razorpay_payment_id").asText();
        PlatformClient.Response verified = client.post("/api/v1/payments/verify", null, Map.of(
                "razorpay_order_id", orderId, "razorpay_payment_id", paymentId,
                "razorpay_signature", handler.path("razorpay_signature").asText()));
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.text("paymentState")).isEqualTo("PAID");

        await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            PlatformClient.Response session = client.get("/api/v1/sessions/" + sessionId, consultant.accessToken());
            assertThat(session.status()).as(session.toString()).isEqualTo(200);
            assertThat(session.text("status")).isEqualTo("CONFIRMED");
            assertThat(session.text("paymentStatus")).isEqualTo("PAID");
        });

        PlatformClient.Response cancelled = client.post("/api/v1/sessions/" + sessionId + "/cancel", consultant.accessToken(),
                Map.of("reason", "Consultant unavailable"));
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            PlatformClient.Response session = client.get("/api/v1/sessions/" + sessionId, consultant.accessToken());
            assertThat(session.text("status")).isEqualTo("CANCELLED");
            assertThat(session.text("paymentStatus")).isEqualTo("REFUNDED");
        });
        JsonNode payment = simulator("GET", "/v1/payments/" + paymentId, null);
        assertThat(payment.path("status").asText()).isEqualTo("refunded");
        assertThat(payment.path("amount_refunded").asLong()).isEqualTo(150_000);

        // Every webhook the simulator sent about this payment, duplicates and late ones too, reached
        // payment-service through the gateway and was accepted in the end (a slow answer is retried, as
        // Razorpay does): the launcher gave both the same secrets.
        await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, JsonNode> lastAttemptByEventId = new LinkedHashMap<>();
            simulator("GET", "/simulator/webhooks", null).forEach(delivery -> {
                if (paymentId.equals(delivery.path("paymentId").asText())) {
                    // Newest first: the first seen of an event id is its last attempt.
                    lastAttemptByEventId.putIfAbsent(delivery.path("eventId").asText(), delivery);
                }
            });
            assertThat(lastAttemptByEventId.values()).extracting(delivery -> delivery.path("event").asText()).containsAll(Set.of(
                    "payment.authorized", "payment.captured", "order.paid", "refund.created", "refund.processed"));
            assertThat(lastAttemptByEventId.values())
                    .allSatisfy(delivery -> assertThat(delivery.path("lastStatus").asInt()).as(delivery.toString()).isEqualTo(200));
        });
    }

    /** Razorpay's side: the simulator's checkout, and its API with the launcher's key (HTTP Basic). */
    private static JsonNode simulator(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + PlatformService.RAZORPAY_SIMULATOR.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (secrets.getProperty("razorpay.key-id") + ":" + secrets.getProperty("razorpay.key-secret")).getBytes()))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return PlatformClient.JSON.readTree(response.body());
    }
}
