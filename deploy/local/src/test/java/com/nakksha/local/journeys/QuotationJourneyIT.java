package com.nakksha.local.journeys;

import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.QuotationExpired;
import com.nakksha.events.QuotationSent;
import com.nakksha.events.QuotationViewed;
import com.nakksha.local.PlatformService;
import com.nakksha.local.SharedStack;
import com.nakksha.schemas.Topic;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN.md flow 4 on the launcher's stack, everything through the gateway: a consultant drafts a
 * quotation and sends it; the client opens the share link (public, no token), accepts, creates the
 * Razorpay order with the accept answer's capability, pays on the Razorpay simulator and has the
 * Checkout handler's fields verified; the consultant then sees the quotation ACCEPTED and paid, and
 * booking-service has put the client in the consultant's client list. A second quotation, withdrawn after
 * sending, answers 410 on its link. The share link is the one the client finds in their mail, in the
 * launcher's mail catcher. A third, with a short validity, shows scanners' fetches not counted, views
 * announced once per viewer, and accept refused after the expiry.
 */
@ExtendWith(SharedStack.class)
// Each test has its own consultant and quotation; the expiry test waits out 20 s, so the tests run side by side.
@Execution(ExecutionMode.CONCURRENT)
class QuotationJourneyIT {

    private static final Duration EVENTUAL = Duration.ofSeconds(60);
    private static final Pattern SHARE_LINK = Pattern.compile(Pattern.quote(PlatformClient.GATEWAY + "/api/v1/public/quotations/") + "[A-Za-z0-9_-]+");

    private static Properties secrets;
    private static AdminLogin admin;
    /** An address of the class's own: the journeys run side by side, and the gateway limits per client address. */
    private static final PlatformClient client = PlatformClient.from("127.0.0.11");
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void logInTheAdmin() {
        secrets = SharedStack.secrets();
        admin = new AdminLogin(client, SharedStack.dataDir());
    }

    @Test
    void aClientOpensASentQuotationAcceptsAndPaysAndTheConsultantSeesItPaid() throws Exception {
        ConsultantOnboarding.Consultant consultant = ConsultantOnboarding.approvedConsultant(client, admin);
        String clientEmail = "kavya." + UUID.randomUUID().toString().substring(0, 8) + "@example.in";

        assertThat(client.post("/api/v1/quotations", null, draft("Kavya Menon", clientEmail)).status())
                .as("the dashboard API needs a token at the gateway").isEqualTo(401);
        PlatformClient.Response created = client.post("/api/v1/quotations", consultant.accessToken(), draft("Kavya Menon", clientEmail),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("status")).isEqualTo("DRAFT");
        assertThat(created.json().path("finalAmount").decimalValue()).isEqualByComparingTo("1350.00");
        String quotationId = created.text("id");

        String token = send(consultant, quotationId, clientEmail);

        // The consultant's public name comes from quotation-service's replica of identity.consultant.
        await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            PlatformClient.Response view = client.get("/api/v1/public/quotations/" + token, null);
            assertThat(view.status()).as(view.toString()).isEqualTo(200);
            assertThat(view.text("status")).isEqualTo("VIEWED");
            assertThat(view.text("consultantName")).contains("Meera");
            assertThat(view.json().has("id")).as("no internal ids on the public view").isFalse();
        });

        PlatformClient.Response accepted = client.post("/api/v1/public/quotations/" + token + "/accept", null, Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        JsonNode payment = accepted.json().path("payment");
        assertThat(payment.path("payableId").asText()).isEqualTo(quotationId);
        assertThat(payment.path("amount").decimalValue()).isEqualByComparingTo("1350.00");
        assertThat(payment.path("ordersPath").asText()).isEqualTo("/api/v1/payments/orders");

        // payment-service learns of the payable from QuotationAccepted on Kafka: the order opens once it has.
        Map<String, Object> orderRequest = Map.of("payableId", payment.path("payableId").asText(),
                "capability", payment.path("capability").asText());
        PlatformClient.Response order = await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(250))
                .until(() -> client.post(payment.path("ordersPath").asText(), null, orderRequest), response -> response.status() != 404);
        assertThat(order.status()).as(order.toString()).isBetween(200, 201);
        assertThat(order.json().path("amountMinor").asLong()).isEqualTo(135_000);
        String orderId = order.text("orderId");

        JsonNode handler = simulator("POST", "/simulator/orders/" + orderId + "/pay", "{\"method\":\"upi\",\"outcome\":\"success\"}");
        PlatformClient.Response verified = client.post("/api/v1/payments/verify", null, Map.of(
                "razorpay_order_id", orderId, "razorpay_payment_id", handler.path("razorpay_payment_id").asText(),
                "razorpay_signature", handler.path("razorpay_signature").asText()));
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.text("paymentState")).isEqualTo("PAID");

        await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            PlatformClient.Response quotation = client.get("/api/v1/quotations/" + quotationId, consultant.accessToken());
            assertThat(quotation.status()).as(quotation.toString()).isEqualTo(200);
            assertThat(quotation.text("status")).isEqualTo("ACCEPTED");
            assertThat(quotation.json().path("paid").asBoolean()).as(quotation.toString()).isTrue();
        });
        assertThat(client.get("/api/v1/public/quotations/" + token, null).json().path("paid").asBoolean()).isTrue();

        // booking-service owns clients: the accepted quotation's name and email joined the consultant's list.
        await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            PlatformClient.Response clients = client.get("/api/v1/clients?q=" + clientEmail, consultant.accessToken());
            assertThat(clients.status()).as(clients.toString()).isEqualTo(200);
            assertThat(clients.json().path("items").findValuesAsString("email")).containsExactly(clientEmail);
        });
    }

    @Test
    void aWithdrawnQuotationsLinkIsGone() throws Exception {
        ConsultantOnboarding.Consultant consultant = ConsultantOnboarding.approvedConsultant(client, admin);
        String clientEmail = "arjun." + UUID.randomUUID().toString().substring(0, 8) + "@example.in";
        PlatformClient.Response created = client.post("/api/v1/quotations", consultant.accessToken(), draft("Arjun Das", clientEmail),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String quotationId = created.text("id");
        String token = send(consultant, quotationId, clientEmail);

        PlatformClient.Response withdrawn = client.post("/api/v1/quotations/" + quotationId + "/withdraw", consultant.accessToken(), Map.of());
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
        assertThat(withdrawn.text("status")).isEqualTo("WITHDRAWN");

        PlatformClient.Response view = client.get("/api/v1/public/quotations/" + token, null);
        assertThat(view.status()).as(view.toString()).isEqualTo(410);
        assertThat(view.contentType()).startsWith("application/problem+json");
        assertThat(client.post("/api/v1/public/quotations/" + token + "/accept", null, Map.of()).status()).isEqualTo(410);
    }

    /**
     * The "throttled views" and "expiry" on the stack: a mail scanner's fetch does not count; every view of
     * the client counts, but QuotationViewed (the consultant's "opened" mail) goes out once per viewer within the
     * throttle; past its expiry the link's accept answers a 409 problem and the quotation is EXPIRED.
     */
    @Test
    void viewsCountButAreAnnouncedOncePerViewerAndPastItsExpiryAQuotationCannotBeAccepted() throws Exception {
        ConsultantOnboarding.Consultant consultant = ConsultantOnboarding.approvedConsultant(client, admin);
        String clientEmail = "isha." + UUID.randomUUID().toString().substring(0, 8) + "@example.in";
        // Long enough for sending and the views below on a busy machine (they took 9 s of it on the build's cold stack,
        // printed below), short enough to wait out.
        Instant expiresAt = Instant.now().plus(Duration.ofSeconds(20)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> body = draft("Isha Verma", clientEmail);
        body.put("expiresAt", expiresAt.toString());
        PlatformClient.Response created = client.post("/api/v1/quotations", consultant.accessToken(), body,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID quotationId = UUID.fromString(created.text("id"));
        PlatformClient.Response sent = client.post("/api/v1/quotations/" + quotationId + "/send", consultant.accessToken(), Map.of(),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        // The link as QuotationSent carries it (the first journey proves the mail has the same one): no wait for the mail here.
        String shareUrl = awaitSent(quotationId).getShareUrl();
        String link = shareUrl.substring(PlatformClient.GATEWAY.length());

        PlatformClient.Response scanned = client.get(link, null, Map.of("User-Agent", "Mozilla/5.0 (compatible; Proofpoint URL Defense)"));
        assertThat(scanned.status()).as(scanned.toString()).isEqualTo(200);
        assertThat(scanned.text("status")).as("a scanner's fetch is no view").isEqualTo("SENT");
        for (int view = 1; view <= 3; view++) {
            PlatformClient.Response viewed = client.get(link, null);
            assertThat(viewed.status()).as(viewed.toString()).isEqualTo(200);
            assertThat(viewed.text("status")).isEqualTo("VIEWED");
        }
        PlatformClient.Response onPhone = client.get(link, null, Map.of("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/605.1.15"));
        assertThat(onPhone.status()).as(onPhone.toString()).isEqualTo(200);
        PlatformClient.Response tracked = client.get("/api/v1/quotations/" + quotationId, consultant.accessToken());
        assertThat(tracked.status()).as(tracked.toString()).isEqualTo(200);
        assertThat(tracked.json().path("viewCount").asInt()).as(tracked.toString()).isEqualTo(4);
        assertThat(Instant.now()).as("the views happened before the expiry; a slower machine needs a later one").isBefore(expiresAt);
        System.out.println("quotation journey: the views ended " + Duration.between(Instant.now(), expiresAt).toMillis() + " ms before the expiry");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> Instant.now().isAfter(expiresAt));
        PlatformClient.Response late = client.post(link + "/accept", null, Map.of());
        assertThat(late.status()).as(late.toString()).isEqualTo(409);
        assertThat(late.contentType()).startsWith("application/problem+json");
        PlatformClient.Response expired = client.get("/api/v1/quotations/" + quotationId, consultant.accessToken());
        assertThat(expired.text("status")).as(expired.toString()).isEqualTo("EXPIRED");

        // Everything the quotation published before QuotationExpired: one QuotationViewed for each of the two viewers.
        List<SpecificRecord> published = StackEvents.through(Topic.QUOTATION_QUOTATION, event -> isAbout(event, quotationId),
                event -> event instanceof QuotationExpired expiry && expiry.getQuotationId().equals(quotationId),
                "QuotationExpired for " + quotationId);
        assertThat(published.stream().filter(QuotationViewed.class::isInstance).map(event -> ((QuotationViewed) event).getViewCount()))
                .containsExactly(1, 4);
        assertThat(published).noneMatch(QuotationAccepted.class::isInstance);
    }

    private static boolean isAbout(SpecificRecord event, UUID quotationId) {
        Schema.Field field = event.getSchema().getField("quotationId");
        return field != null && quotationId.toString().equals(String.valueOf(event.get(field.pos())));
    }

    private static Map<String, Object> draft(String clientName, String clientEmail) {
        Map<String, Object> body = new HashMap<>();
        body.put("clientName", clientName);
        body.put("clientEmail", clientEmail);
        body.put("name", "Career plan, three months");
        body.put("description", "Six sessions and a written plan");
        body.put("baseAmount", "1500.00");
        body.put("discountPercentage", "10");
        body.put("validityText", "Valid for two weeks");
        return body;
    }

    /**
     * Sends the quotation and returns its share token from the link in the client's mail (the launcher's mail
     * catcher), the link QuotationSent on quotation.quotation carries and the mail is made from.
     */
    private static String send(ConsultantOnboarding.Consultant consultant, String quotationId, String clientEmail)
            throws InterruptedException {
        PlatformClient.Response sent = client.post("/api/v1/quotations/" + quotationId + "/send", consultant.accessToken(), Map.of(),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.text("status")).isEqualTo("SENT");
        String shareUrl = awaitSent(UUID.fromString(quotationId)).getShareUrl();
        assertThat(shareUrl).startsWith(PlatformClient.GATEWAY + "/api/v1/public/quotations/");
        String mailed = StackMail.awaitLink(clientEmail, SHARE_LINK);
        assertThat(mailed).as("the share link in the client's mail").isEqualTo(shareUrl);
        return mailed.substring(mailed.lastIndexOf('/') + 1);
    }

    private static QuotationSent awaitSent(UUID quotationId) {
        return StackEvents.await(Topic.QUOTATION_QUOTATION, QuotationSent.class,
                sent -> sent.getQuotationId().equals(quotationId), "QuotationSent for " + quotationId);
    }

    /** Razorpay's side: the simulator's checkout, with the launcher's key (HTTP Basic). */
    private static JsonNode simulator(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + PlatformService.RAZORPAY_SIMULATOR.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
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
