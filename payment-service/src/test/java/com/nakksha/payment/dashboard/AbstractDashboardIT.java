package com.nakksha.payment.dashboard;

import com.nakksha.payment.AbstractPaymentIT;
import com.nakksha.payment.webhook.RazorpaySamples;
import com.nakksha.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;

/** Payments made the way Razorpay reports them (webhooks through the real intake), and calls as a consultant or admin. */
abstract class AbstractDashboardIT extends AbstractPaymentIT {

    /** A captured (or failed) payment: the Razorpay ids and our payment id. */
    record Made(BookedSession session, String order, String payment, UUID id) {
    }

    static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }

    /** A session of the consultant paid in full (₹1500.00 by UPI, Razorpay fee ₹35.40 incl. ₹5.40 tax). */
    Made paid(UUID consultantId) {
        return made(consultantId, "02-payment.captured.json");
    }

    /** A session of the consultant whose one payment failed (netbanking). */
    Made failed(UUID consultantId) {
        return made(consultantId, "04-payment.failed.json");
    }

    private Made made(UUID consultantId, String sample) {
        BookedSession session = booked(150_000, consultantId);
        String suffix = suffix();
        String order = "order_" + suffix;
        String payment = "pay_" + suffix;
        ordered(session, order);
        deliverSigned(RazorpaySamples.withIds(sample, payment, order), "evt_" + suffix).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(30)).until(() -> text(
                "SELECT payment_state FROM payable WHERE id = '" + session.id() + "'").matches("PAID|FAILED"));
        UUID id = UUID.fromString(text("SELECT id::text FROM payment_attempt WHERE razorpay_payment_id = '" + payment + "'"));
        return new Made(session, order, payment, id);
    }

    /** Razorpay accepts a refund of {@code amountMinor} of the payment; returns Razorpay's refund id. */
    String razorpayAcceptsRefund(String payment, long amountMinor) {
        String refundId = "rfnd_" + suffix();
        razorpay.stubFor(post(urlPathEqualTo("/v1/payments/" + payment + "/refund"))
                .withRequestBody(matchingJsonPath("$.amount", equalTo(Long.toString(amountMinor))))
                .willReturn(okJson("""
                        {"id":"%s","entity":"refund","amount":%d,"currency":"INR","payment_id":"%s","status":"pending"}"""
                        .formatted(refundId, amountMinor, payment))));
        return refundId;
    }

    /** Razorpay's refund webhook ({@code refund.processed} or {@code refund.failed}) for one refund. */
    void refundWebhook(Made made, String refundId, long amountMinor, String event) {
        String body = new String(RazorpaySamples.withIds("05-refund.processed.json", made.payment(), made.order()), StandardCharsets.UTF_8)
                .replace("rfnd_Pq9A2bCdEf3GhI", refundId)
                .replaceFirst("\"amount\": 150000", "\"amount\": " + amountMinor);
        if (event.equals("refund.failed")) {
            body = body.replace("\"refund.processed\"", "\"refund.failed\"").replace("\"status\": \"processed\"", "\"status\": \"failed\"");
        }
        deliverSigned(body.getBytes(StandardCharsets.UTF_8), "evt_" + suffix()).expectStatus().isOk();
    }

    WebTestClient.ResponseSpec getAs(String token, Function<UriBuilder, java.net.URI> uri) {
        return web.get().uri(uri).headers(headers -> headers.setBearerAuth(token)).exchange();
    }

    WebTestClient.ResponseSpec getAs(String token, String path) {
        return web.get().uri(path).headers(headers -> headers.setBearerAuth(token)).exchange();
    }

    WebTestClient.ResponseSpec refundAs(String token, String paymentId, String idempotencyKey, String jsonBody) {
        return web.post().uri("/api/v1/payments/" + paymentId + "/refunds")
                .headers(headers -> {
                    headers.setBearerAuth(token);
                    if (idempotencyKey != null) {
                        headers.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(jsonBody)
                .exchange();
    }

    static String consultant(UUID consultantId) {
        return TestTokens.approvedConsultant(consultantId);
    }

    static String admin() {
        return TestTokens.admin(UUID.randomUUID());
    }

    /** A 4xx problem+json naming {@code field} among its errors. */
    static void expectProblem(WebTestClient.ResponseSpec response, int status, String field) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[?(@.field == '" + field + "')]").exists();
    }

    long refunds(Made made) {
        return count("SELECT count(*) FROM refund WHERE payable_id = '" + made.session().id() + "'");
    }
}
