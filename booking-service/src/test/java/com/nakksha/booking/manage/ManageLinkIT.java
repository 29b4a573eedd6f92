package com.nakksha.booking.manage;

import com.nakksha.booking.AbstractBookingIT;
import com.nakksha.booking.AvailabilityJson;
import com.nakksha.booking.TestConsultant;
import com.nakksha.events.CancelledBy;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionRescheduled;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.PublishedEvents;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A client manages their booking with the link from the booking answer, no account, within the consultant's policy. */
class ManageLinkIT extends AbstractBookingIT {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    private TestConsultant consultant;
    private LocalDate day;

    @BeforeEach
    void consultantOpenFromNineToFiveInKolkata() {
        consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, 49900L);
        Map<String, Object> availability = AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00");
        dashboardOf(consultant).put().uri("/api/v1/availability").bodyValue(availability).exchange().expectStatus().isOk();
        day = LocalDate.now(KOLKATA).plusDays(5);
    }

    @Test
    void theBookingAnswerCarriesALinkThatShowsTheBookingInTheClientsZoneAndIsStoredOnlyHashed() throws Exception {
        Map<String, Object> booked = book(at("10:00"), "meera@example.com", "America/New_York");
        String token = (String) booked.get("manageToken");

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(booked).containsEntry("managePath", "/api/v1/public/bookings/" + token);
        assertThat(count("SELECT count(*) FROM session_manage_link WHERE token_hash = '" + sha256(token) + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM session_manage_link WHERE token_hash = '" + token + "'")).isZero();

        WebTestClient.ResponseSpec viewed = web.get().uri("/api/v1/public/bookings/{token}", token).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"0\"");
        Map<String, Object> view = viewed.expectBody(MAP).returnResult().getResponseBody();
        assertThat(view).containsEntry("status", "PENDING").containsEntry("paymentStatus", "PENDING")
                .containsEntry("timeZone", "America/New_York").containsEntry("consultantSlug", consultant.slug())
                .containsEntry("consultantName", "Asha Rao").containsEntry("amount", 1500.0)
                .containsEntry("start", at("10:00").toString()).containsEntry("meetingLink", null);
        assertThat((String) view.get("localStart")).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME
                .format(at("10:00").atZone(ZoneId.of("America/New_York"))));
        assertThat(view(token, "Asia/Kolkata")).containsEntry("localStart", day + "T10:00:00+05:30");

        UUID sessionId = UUID.fromString((String) booked.get("sessionId"));
        assertThat(PublishedEvents.await(Topic.BOOKING_SESSION, SessionBooked.class,
                event -> event.getSessionId().equals(sessionId)).getClientTimezone()).isEqualTo("America/New_York");
        TestConsultant.send(Topic.PAYMENT_PAYMENT, sessionId.toString(), captured(sessionId));
        await().atMost(Duration.ofSeconds(20)).until(() -> "CONFIRMED".equals(view(token, null).get("status")));
        assertThat(view(token, null)).containsEntry("paymentStatus", "PAID")
                .containsEntry("meetingLink", "https://zoom.example.com/j/123");
    }

    @Test
    void aClientCancelsWithinThePolicyAndPaymentsIsToldTheShareToRefund() {
        policy(Map.of("minimumNoticeMinutes", 60, "maximumReschedules", 2, "refund", "PERCENTAGE",
                "refundPercent", 50, "refundDeadlineMinutes", 48 * 60));
        Map<String, Object> booked = book(at("10:00"), "ravi@example.com", null);
        String token = (String) booked.get("manageToken");
        UUID sessionId = UUID.fromString((String) booked.get("sessionId"));
        assertThat(view(token, null)).extracting("allowed").asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("cancel", true).containsEntry("refundPercentIfCancelled", 50);

        web.post().uri("/api/v1/public/bookings/{token}/cancel", token).bodyValue(Map.of("reason", "Travelling"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("CANCELLED")
                .jsonPath("$.cancellationReason").isEqualTo("Travelling");

        SessionCancelled cancelled = PublishedEvents.await(Topic.BOOKING_SESSION, SessionCancelled.class,
                event -> event.getSessionId().equals(sessionId));
        assertThat(cancelled.getCancelledBy()).isEqualTo(CancelledBy.CLIENT);
        assertThat(cancelled.getRefundPercent()).isEqualTo(50);
        assertThat(cancelled.getReason()).isEqualTo("Travelling");
        assertThat(dashboardOf(consultant).get().uri("/api/v1/sessions/{id}", sessionId).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody()).containsEntry("status", "CANCELLED");
    }

    /**
     * The client cancelled under a half-refund policy while the payment was unknown; payment-service later finds
     * the capture, keeps it and refunds the half (PaymentCaptured, then PaymentRefunded not in full): the session
     * stays cancelled with its payment PAID, as when the capture was known at the cancellation.
     */
    @Test
    void aCaptureKeptAfterAClientsPartialRefundCancellationLeavesTheSessionCancelledAndPaid() {
        policy(Map.of("minimumNoticeMinutes", 60, "maximumReschedules", 2, "refund", "PERCENTAGE",
                "refundPercent", 50, "refundDeadlineMinutes", 48 * 60));
        Map<String, Object> booked = book(at("12:00"), "lost@example.com", null);
        String token = (String) booked.get("manageToken");
        UUID sessionId = UUID.fromString((String) booked.get("sessionId"));
        cancel(token, "Travelling").expectStatus().isOk();
        assertThat(view(token, null)).containsEntry("status", "CANCELLED").containsEntry("paymentStatus", "PENDING");

        PaymentCaptured capture = captured(sessionId);
        TestConsultant.send(Topic.PAYMENT_PAYMENT, sessionId.toString(), capture);
        await().atMost(Duration.ofSeconds(20)).until(() -> "PAID".equals(view(token, null).get("paymentStatus")));
        PaymentRefunded half = PaymentRefunded.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setConsultantId(consultant.id()).setPaymentId(capture.getPaymentId()).setRefundId(UUID.randomUUID().toString())
                .setPayableType(PayableType.SESSION).setPayableId(sessionId).setAmountMinor(75000).setCurrency("INR")
                .setReason("the session was cancelled before this payment was known: 50% refund under the consultant's policy")
                .setProviderPaymentId(capture.getProviderPaymentId()).setRefundedTotalMinor(75000L).setFullyRefunded(false)
                .build();
        TestConsultant.send(Topic.PAYMENT_PAYMENT, sessionId.toString(), half);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM inbox_event WHERE event_id::text = '"
                + half.getEventId() + "'") == 1);

        assertThat(dashboardOf(consultant).get().uri("/api/v1/sessions/{id}", sessionId).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody())
                .containsEntry("status", "CANCELLED").containsEntry("paymentStatus", "PAID")
                .containsEntry("paymentMethod", "RAZORPAY").containsEntry("paymentReference", capture.getProviderPaymentId());
    }

    /**
     * The client policy binds only the client's link (issue 17: a consultant's cancellation refunds in full): a
     * paid session the consultant cancels under a no-refund policy asks payments for everything back.
     */
    @Test
    void aConsultantsCancellationOfAPaidSessionRefundsInFullWhateverTheClientPolicySays() {
        policy(Map.of("minimumNoticeMinutes", 60, "maximumReschedules", 2, "refund", "NONE"));
        Map<String, Object> booked = book(at("11:00"), "paid@example.com", null);
        String token = (String) booked.get("manageToken");
        UUID sessionId = UUID.fromString((String) booked.get("sessionId"));
        assertThat(view(token, null)).extracting("allowed").asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("refundPercentIfCancelled", 0);
        TestConsultant.send(Topic.PAYMENT_PAYMENT, sessionId.toString(), captured(sessionId));
        await().atMost(Duration.ofSeconds(20)).until(() -> "PAID".equals(view(token, null).get("paymentStatus")));

        dashboardOf(consultant).post().uri("/api/v1/sessions/{id}/cancel", sessionId)
                .bodyValue(Map.of("reason", "Consultant unwell")).exchange().expectStatus().isOk();

        SessionCancelled cancelled = PublishedEvents.await(Topic.BOOKING_SESSION, SessionCancelled.class,
                event -> event.getSessionId().equals(sessionId));
        assertThat(cancelled.getCancelledBy()).isEqualTo(CancelledBy.CONSULTANT);
        assertThat(cancelled.getRefundPercent()).as("no share named: payments refunds everything").isNull();
    }

    @Test
    void theLinkOfACancelledBookingStillShowsItButChangesNothing() {
        Map<String, Object> booked = book(at("10:00"), "once@example.com", null);
        String token = (String) booked.get("manageToken");
        cancel(token, "Plans changed").expectStatus().isOk();

        // Cancelling again (a retry whose answer was lost, a second click) answers what the first one did.
        cancel(token, "Again").expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("CANCELLED").jsonPath("$.cancellationReason").isEqualTo("Plans changed");
        reschedule(token, at("12:00"), null).expectStatus().isEqualTo(409).expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("CANCELLED"));
        assertThat(PublishedEvents.within(Duration.ofSeconds(3), Topic.BOOKING_SESSION, SessionCancelled.class,
                cancelled -> cancelled.getSessionId().toString().equals(booked.get("sessionId")))).hasSize(1);

        assertThat(view(token, null)).containsEntry("status", "CANCELLED").containsEntry("cancellationReason", "Plans changed")
                .containsEntry("start", at("10:00").toString());
        assertThat(count("SELECT count(*) FROM session_reschedule WHERE session_id = '" + booked.get("sessionId") + "'")).isZero();
    }

    @Test
    void changesOutsideThePolicyAnswer409SayingWhyAndChangeNothing() {
        policy(Map.of("minimumNoticeMinutes", 7 * 24 * 60, "maximumReschedules", 1, "refund", "NONE"));
        String late = (String) book(at("10:00"), "late@example.com", null).get("manageToken");

        cancel(late, "Too late?").expectStatus().isEqualTo(409).expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.title").isEqualTo("Not allowed by the booking policy")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("10080 minutes before"));
        reschedule(late, at("12:00"), null).expectStatus().isEqualTo(409);
        assertThat(view(late, null)).containsEntry("status", "PENDING").containsEntry("start", at("10:00").toString());

        policy(Map.of("minimumNoticeMinutes", 60, "maximumReschedules", 1, "refund", "NONE"));
        reschedule(late, at("12:00"), "Clash at work").expectStatus().isOk()
                .expectBody().jsonPath("$.start").isEqualTo(at("12:00").toString())
                .jsonPath("$.allowed.reschedulesLeft").isEqualTo(0);
        // The same move again (its answer was lost) is not a second move: it answers as the first did.
        reschedule(late, at("12:00"), "Clash at work").expectStatus().isOk()
                .expectBody().jsonPath("$.start").isEqualTo(at("12:00").toString())
                .jsonPath("$.allowed.reschedulesLeft").isEqualTo(0);
        reschedule(late, at("14:00"), null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("allows 1 reschedule"));
        assertThat(view(late, null)).containsEntry("start", at("12:00").toString());
    }

    @Test
    void aRescheduleMovesToAFreeSlotKeepsTheHistoryAndTheDatabaseDecidesATakenOne() {
        Map<String, Object> booked = book(at("10:00"), "mover@example.com", null);
        String token = (String) booked.get("manageToken");
        UUID sessionId = UUID.fromString((String) booked.get("sessionId"));
        book(at("13:00"), "other@example.com", null);

        reschedule(token, at("13:00"), null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.title").isEqualTo("Slot taken");
        reschedule(token, at("20:00"), null).expectStatus().isEqualTo(422);
        reschedule(token, at("11:00"), "Earlier suits me").expectStatus().isOk()
                .expectBody().jsonPath("$.start").isEqualTo(at("11:00").toString());

        SessionRescheduled moved = PublishedEvents.await(Topic.BOOKING_SESSION, SessionRescheduled.class,
                event -> event.getSessionId().equals(sessionId));
        assertThat(moved.getPreviousStartsAt()).isEqualTo(at("10:00"));
        assertThat(moved.getStartsAt()).isEqualTo(at("11:00"));
        assertThat(dashboardOf(consultant).get().uri("/api/v1/sessions/{id}", sessionId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.reschedules.length()").isEqualTo(1)
                .jsonPath("$.reschedules[0].rescheduledBy").isEqualTo("CLIENT")
                .jsonPath("$.reschedules[0].previousStartsAt").isEqualTo(at("10:00").toString())
                .jsonPath("$.reschedules[0].reason").isEqualTo("Earlier suits me"));
    }

    @Test
    void aWrongMalformedOrOldTokenOpensNothing() {
        String token = (String) book(at("10:00"), "old@example.com", null).get("manageToken");
        String wrong = token.substring(0, 20) + (token.charAt(20) == 'A' ? 'B' : 'A') + token.substring(21);

        for (String other : List.of(wrong, "not-a-token", "x".repeat(200))) {
            web.get().uri("/api/v1/public/bookings/{token}", other).exchange().expectStatus().isNotFound()
                    .expectHeader().contentType("application/problem+json");
            cancel(other, "nope").expectStatus().isNotFound();
        }

        clock.advance(Duration.ofDays(5 + 31));
        web.get().uri("/api/v1/public/bookings/{token}", token).exchange().expectStatus().isNotFound();
    }

    @Test
    void aStaleIfMatchAnswers412AndACurrentOneChanges() {
        String token = (String) book(at("10:00"), "tabs@example.com", null).get("manageToken");
        reschedule(token, at("11:00"), null).expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"");

        web.post().uri("/api/v1/public/bookings/{token}/cancel", token).header("If-Match", "\"0\"")
                .bodyValue(Map.of("reason", "from an old tab")).exchange()
                .expectStatus().isEqualTo(412).expectHeader().contentType("application/problem+json");
        assertThat(view(token, null)).containsEntry("status", "PENDING");
        web.post().uri("/api/v1/public/bookings/{token}/cancel", token).header("If-Match", "\"1\"")
                .bodyValue(Map.of("reason", "from the current tab")).exchange().expectStatus().isOk();
    }

    @Test
    void aClientRescheduleRacingAConsultantCancelEndsInOneConsistentOrder() {
        for (int round = 0; round < 6; round++) {
            Instant start = at("09:00").plus(Duration.ofHours(round));
            Instant target = start.plus(Duration.ofDays(1));
            Map<String, Object> booked = book(start, "racer" + round + "@example.com", null);
            String token = (String) booked.get("manageToken");
            UUID sessionId = UUID.fromString((String) booked.get("sessionId"));

            Mono<Integer> clientMoves = Mono.fromCallable(() -> reschedule(token, target, null)
                    .returnResult(String.class).getStatus().value());
            Mono<Integer> consultantCancels = Mono.fromCallable(() -> dashboardOf(consultant).post()
                    .uri("/api/v1/sessions/{id}/cancel", sessionId).bodyValue(Map.of("reason", "Unwell")).exchange()
                    .returnResult(String.class).getStatus().value());
            List<Integer> statuses = Mono.zip(clientMoves.subscribeOn(Schedulers.boundedElastic()),
                    consultantCancels.subscribeOn(Schedulers.boundedElastic()))
                    .map(both -> List.of(both.getT1(), both.getT2())).block(Duration.ofSeconds(30));

            assertThat(statuses.get(1)).isEqualTo(200);
            Map<String, Object> after = view(token, null);
            assertThat(after).containsEntry("status", "CANCELLED");
            long moves = count("SELECT count(*) FROM session_reschedule WHERE session_id = '" + sessionId + "'");
            if (statuses.get(0) == 200) {
                assertThat(moves).isEqualTo(1);
                assertThat(after).containsEntry("start", target.toString());
            } else {
                assertThat(statuses.get(0)).isEqualTo(409);
                assertThat(moves).isZero();
                assertThat(after).containsEntry("start", start.toString());
            }
        }
    }

    private Map<String, Object> book(Instant start, String email, String timeZone) {
        Map<String, Object> body = new HashMap<>(Map.of("start", start.toString(), "type", "PERSONAL",
                "name", "Client " + email, "email", email));
        if (timeZone != null) {
            body.put("timeZone", timeZone);
        }
        return web.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
    }

    private void policy(Map<String, Object> policy) {
        dashboardOf(consultant).put().uri("/api/v1/booking-policy").bodyValue(policy).exchange().expectStatus().isOk();
    }

    private Map<String, Object> view(String token, String timeZone) {
        return web.get().uri(timeZone == null ? "/api/v1/public/bookings/" + token
                        : "/api/v1/public/bookings/" + token + "?timeZone=" + timeZone).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec cancel(String token, String reason) {
        return web.post().uri("/api/v1/public/bookings/{token}/cancel", token).bodyValue(Map.of("reason", reason)).exchange();
    }

    private WebTestClient.ResponseSpec reschedule(String token, Instant start, String reason) {
        Map<String, Object> body = new HashMap<>(Map.of("start", start.toString()));
        if (reason != null) {
            body.put("reason", reason);
        }
        return web.post().uri("/api/v1/public/bookings/{token}/reschedule", token).bodyValue(body).exchange();
    }

    private PaymentCaptured captured(UUID sessionId) {
        return PaymentCaptured.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setConsultantId(consultant.id()).setPaymentId(UUID.randomUUID()).setOrderId("order_1")
                .setPayableType(PayableType.SESSION).setPayableId(sessionId).setAmountMinor(150000).setCurrency("INR")
                .setProviderPaymentId("pay_" + sessionId.toString().substring(0, 8)).setMethod("upi")
                .build();
    }

    private Instant at(String time) {
        return day.atTime(LocalTime.parse(time)).atZone(KOLKATA).toInstant();
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
