package com.nakksha.booking.session;

import com.nakksha.booking.AbstractBookingIT;
import com.nakksha.booking.AvailabilityJson;
import com.nakksha.booking.TestConsultant;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentReturned;
import com.nakksha.events.SessionPaymentDeclined;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.PublishedEvents;
import com.nakksha.testsupport.ServiceIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PaymentReturned as payment-service publishes it (keyed by payable id on {@code payment.payment}), and what the
 * consultant's dashboard then shows: a session cancelled while its payment was unknown ends REFUNDED; a second
 * payment of a paid session and a late capture the session declined change nothing.
 */
class PaymentReturnedIT extends AbstractBookingIT {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final long PRICE_MINOR = 150000;
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    private TestConsultant consultant;
    private WebTestClient dashboard;
    private LocalDate day;

    @BeforeEach
    void consultantOpenFromNineToFiveInKolkata() {
        consultant = TestConsultant.approved(web, "Asia/Kolkata", PRICE_MINOR, null);
        dashboard = dashboardOf(consultant);
        dashboard.put().uri("/api/v1/availability").bodyValue(AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00"))
                .exchange().expectStatus().isOk();
        day = LocalDate.now(KOLKATA).plusDays(5);
    }

    @Test
    void aSessionCancelledWhileItsPaymentWasUnknownShowsThePaymentRefundedOnceItIsReturned() {
        UUID session = book(at("10:00"), "unseen@example.com");
        dashboard.post().uri("/api/v1/sessions/{id}/cancel", session).bodyValue(Map.of("reason", "consultant unwell"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("CANCELLED").jsonPath("$.paymentStatus").isEqualTo("PENDING");

        PaymentReturned returned = returned(session, "pay_unseen1", "the session is cancelled and takes no payment");
        send(session, returned);
        send(session, returned);

        await().atMost(Duration.ofSeconds(20)).until(() -> "REFUNDED".equals(session(session).get("paymentStatus")));
        assertThat(session(session)).containsEntry("status", "CANCELLED").containsEntry("paymentMethod", "RAZORPAY")
                .containsEntry("paymentReference", "pay_unseen1");
        UUID client = UUID.fromString((String) clientOf(session).get("id"));
        dashboard.get().uri("/api/v1/sessions/summary?clientId={client}", client).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.byStatus.CANCELLED").isEqualTo(1)
                .jsonPath("$.byPaymentStatus.REFUNDED").isEqualTo(1)
                .jsonPath("$.byPaymentStatus.PENDING").isEqualTo(0)
                .jsonPath("$.revenue[0].refunded").isEqualTo(1500.0)
                .jsonPath("$.revenue[0].paid").isEqualTo(0.0)
                .jsonPath("$.revenue[0].pending").isEqualTo(0.0);

        SessionPaymentUpdated update = PublishedEvents.await(Topic.BOOKING_SESSION, SessionPaymentUpdated.class,
                event -> event.getSessionId().equals(session));
        assertThat(update.getPreviousPaymentStatus().name()).isEqualTo("PENDING");
        assertThat(update.getPaymentStatus().name()).isEqualTo("REFUNDED");
        assertThat(update.getPaymentMethod().name()).isEqualTo("RAZORPAY");
        assertThat(update.getAmountMinor()).isEqualTo(PRICE_MINOR);
        assertThat(update.getClientId()).isEqualTo(client);
        // Delivered twice, applied once.
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.BOOKING_SESSION, SessionPaymentUpdated.class,
                event -> event.getSessionId().equals(session))).hasSize(1);
    }

    @Test
    void aSecondPaymentReturnedForAPaidSessionLeavesItPaidWithItsOwnPayment() {
        UUID session = book(at("11:00"), "twice@example.com");
        PaymentCaptured capture = captured(session, "pay_first01", false);
        send(session, capture);
        await().atMost(Duration.ofSeconds(20)).until(() -> "PAID".equals(session(session).get("paymentStatus")));

        PaymentReturned second = returned(session, "pay_second1", "the session was already paid by payment pay_first01");
        send(session, second);
        awaitHandled(second);

        assertThat(session(session)).containsEntry("status", "CONFIRMED").containsEntry("paymentStatus", "PAID")
                .containsEntry("paymentReference", "pay_first01");
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.BOOKING_SESSION, SessionPaymentUpdated.class,
                event -> event.getSessionId().equals(session)))
                .extracting(event -> event.getPreviousPaymentStatus() + ">" + event.getPaymentStatus())
                .containsExactly("PENDING>PAID");
    }

    @Test
    void aLateCaptureTheSessionDeclinedStaysAbandonedWithItsPaymentFailedWhenItIsReturned() {
        UUID late = book(at("14:00"), "tardy@example.com");
        clock.advance(Duration.ofMinutes(16));
        await().atMost(Duration.ofSeconds(20)).until(() -> "ABANDONED".equals(session(late).get("status")));
        UUID rival = book(at("14:00"), "rival@example.com");
        send(late, captured(late, "pay_tardy01", true));
        PublishedEvents.await(Topic.BOOKING_SESSION, SessionPaymentDeclined.class, event -> event.getSessionId().equals(late));

        PaymentReturned returned = returned(late, "pay_tardy01", "declined by the session: SLOT_TAKEN");
        send(late, returned);
        awaitHandled(returned);

        assertThat(session(late)).containsEntry("status", "ABANDONED").containsEntry("paymentStatus", "FAILED");
        assertThat(session(rival)).containsEntry("status", "PENDING").containsEntry("paymentStatus", "PENDING");
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.BOOKING_SESSION, SessionPaymentUpdated.class,
                event -> event.getSessionId().equals(late)))
                .extracting(event -> event.getPreviousPaymentStatus() + ">" + event.getPaymentStatus())
                .containsExactly("PENDING>FAILED");
    }

    private PaymentReturned returned(UUID sessionId, String providerPaymentId, String reason) {
        return PaymentReturned.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultant.id())
                .setPaymentId(UUID.randomUUID()).setRefundId(UUID.randomUUID())
                .setPayableType(PayableType.SESSION).setPayableId(sessionId).setProviderPaymentId(providerPaymentId)
                .setAmountMinor(PRICE_MINOR).setCurrency("INR").setReason(reason)
                .build();
    }

    private PaymentCaptured captured(UUID sessionId, String providerPaymentId, boolean afterHoldExpiry) {
        return PaymentCaptured.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultant.id())
                .setPaymentId(UUID.randomUUID()).setOrderId("order_" + providerPaymentId).setPayableType(PayableType.SESSION)
                .setPayableId(sessionId).setAmountMinor(PRICE_MINOR).setCurrency("INR")
                .setProviderPaymentId(providerPaymentId).setMethod("upi").setCapturedAfterHoldExpiry(afterHoldExpiry)
                .build();
    }

    /** As payment-service publishes: {@code payment.payment}, keyed by payable id. */
    private static void send(UUID payableId, SpecificRecord event) {
        ServiceIT.send(Topic.PAYMENT_PAYMENT, payableId.toString(), event);
    }

    private void awaitHandled(PaymentReturned event) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM inbox_event WHERE event_id::text = '"
                + event.getEventId() + "'") == 1);
    }

    private UUID book(Instant start, String email) {
        Map<String, Object> body = Map.of("start", start.toString(), "type", "PERSONAL", "name", "Client " + email,
                "email", email, "phoneCountryCode", "+91", "phoneNumber", "9812345678");
        Map<String, Object> booked = web.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        return UUID.fromString((String) booked.get("sessionId"));
    }

    private Map<String, Object> session(UUID id) {
        return dashboard.get().uri("/api/v1/sessions/{id}", id).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> clientOf(UUID sessionId) {
        return (Map<String, Object>) session(sessionId).get("client");
    }

    private Instant at(String time) {
        return day.atTime(LocalTime.parse(time)).atZone(KOLKATA).toInstant();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
