package com.nakksha.payment.webhook;

import com.nakksha.events.PaymentCaptured;
import com.nakksha.payment.AbstractPaymentIT;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.PublishedEvents;
import com.nakksha.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.Parameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivery whose processing keeps failing for its own sake is parked FAILED after 10 attempts and counted; an
 * operator who mended the cause re-drives it, and it then has its full effect, once.
 */
class ParkedWebhookIT extends AbstractPaymentIT {

    private static final String REPROCESS = "/api/v1/payments/admin/webhooks/{id}/reprocess";

    @Autowired
    private WebhookProcessor processor;
    @Autowired
    private MeterRegistry meters;

    @Test
    void aDeliveryFailingForItsOwnSakeIsParkedAfterTenAttemptsAndCounted() {
        double parkedBefore = meters.get(WebhookProcessor.PARKED).counter().count();
        UUID id = stored("{\"event\":\"payment.captured\",\"payload\":{\"payment\":{\"entity\":\"not a payment\"}}}"
                .getBytes(StandardCharsets.UTF_8), "RECEIVED", 0);

        for (int attempt = 0; attempt < 10; attempt++) {
            processor.process(id).block(Duration.ofSeconds(10));
        }

        assertThat(text("SELECT state FROM webhook_event WHERE id = '" + id + "'")).isEqualTo("FAILED");
        assertThat(count("SELECT attempts FROM webhook_event WHERE id = '" + id + "'")).isEqualTo(10);
        assertThat(text("SELECT last_error FROM webhook_event WHERE id = '" + id + "'")).isNotBlank();
        assertThat(meters.get(WebhookProcessor.PARKED).counter().count()).isEqualTo(parkedBefore + 1);
        // Parked means no poll takes it up again.
        processor.process(id).block(Duration.ofSeconds(10));
        assertThat(count("SELECT attempts FROM webhook_event WHERE id = '" + id + "'")).isEqualTo(10);
    }

    @Test
    void aParkedCaptureReDrivenByAnAdminIsAppliedOnceAndARepeatAnswersTheSame() {
        BookedSession session = booked(150_000);
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        String order = "order_" + suffix;
        String payment = "pay_" + suffix;
        ordered(session, order);
        UUID id = stored(RazorpaySamples.withIds("02-payment.captured.json", payment, order), "FAILED", 10);
        String admin = TestTokens.admin(UUID.randomUUID());

        web.post().uri(REPROCESS, id).header("Authorization", "Bearer " + admin).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("PROCESSED").jsonPath("$.eventType").isEqualTo("payment.captured");
        PaymentCaptured captured = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getProviderPaymentId().equals(payment));
        assertThat(captured.getPayableId()).isEqualTo(session.id());
        assertThat(text("SELECT payment_state FROM payable WHERE id = '" + session.id() + "'")).isEqualTo("PAID");

        web.post().uri(REPROCESS, id).header("Authorization", "Bearer " + admin).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("PROCESSED");
        assertThat(PublishedEvents.within(Duration.ofSeconds(2), Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getProviderPaymentId().equals(payment))).hasSize(1);
    }

    @Test
    void onlyAnAdminReDrivesAndOnlyWhatExistsAndWasVerified() {
        UUID rejected = stored("{}".getBytes(StandardCharsets.UTF_8), "REJECTED", 0);
        String admin = TestTokens.admin(UUID.randomUUID());

        web.post().uri(REPROCESS, rejected).header("Authorization", "Bearer " + TestTokens.approvedConsultant(UUID.randomUUID()))
                .exchange().expectStatus().isForbidden().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.post().uri(REPROCESS, rejected).exchange().expectStatus().isUnauthorized();
        web.post().uri(REPROCESS, UUID.randomUUID()).header("Authorization", "Bearer " + admin).exchange()
                .expectStatus().isNotFound().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.post().uri(REPROCESS, "not-an-id").header("Authorization", "Bearer " + admin).exchange()
                .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.post().uri(REPROCESS, rejected).header("Authorization", "Bearer " + admin).exchange()
                .expectStatus().isEqualTo(409).expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(text("SELECT state FROM webhook_event WHERE id = '" + rejected + "'")).isEqualTo("REJECTED");
    }

    @Test
    void deliveriesWaitingAreCountedByThePoll() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(meters.get(WebhookProcessor.WAITING).gauge().value()).isNotNaN());
        assertThat(meters.get(WebhookProcessor.WAITING_OLDEST_AGE).gauge().value()).isGreaterThanOrEqualTo(0);
    }

    /** A verified delivery as the controller stores it, in {@code state} after {@code attempts} failed processings. */
    private UUID stored(byte[] body, String state, int attempts) {
        UUID id = UUID.randomUUID();
        database.sql("""
                        INSERT INTO webhook_event (id, event_id, body, headers, signature_valid, verified_with, state, attempts, received_at)
                        VALUES (:id, :eventId, :body, '{}'::jsonb, :valid, :verifiedWith, :state, :attempts, now())""")
                .bind("id", id).bind("eventId", "evt_" + id.toString().substring(0, 14)).bind("body", body)
                .bind("valid", !"REJECTED".equals(state))
                .bind("verifiedWith", Parameter.fromOrEmpty("REJECTED".equals(state) ? null : "CURRENT", String.class))
                .bind("state", state).bind("attempts", attempts)
                .fetch().rowsUpdated().block(Duration.ofSeconds(10));
        return id;
    }
}
