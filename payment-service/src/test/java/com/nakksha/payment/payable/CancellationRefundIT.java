package com.nakksha.payment.payable;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nakksha.events.CancelledBy;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionHoldExtended;
import com.nakksha.payment.AbstractPaymentIT;
import com.nakksha.testsupport.PublishedEvents;
import com.nakksha.payment.webhook.RazorpaySamples;
import com.nakksha.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CancellationRefundIT extends AbstractPaymentIT {

    @Autowired
    private MeterRegistry meters;

    @Test
    void aPaidSessionTheConsultantCancelsIsRefundedInFullAndRefundedOnceRazorpayProcessedIt() {
        Ordered ordered = ordered(150_000);
        BookedSession session = ordered.session();
        String order = ordered.order();
        String payment = ordered.payment();
        razorpayAcceptsTheRefund(ordered, 150000);
        captured(ordered, RazorpaySamples.withIds("02-payment.captured.json", payment, order));

        send(Topic.BOOKING_SESSION, session.id().toString(), cancelled(session, CancelledBy.CONSULTANT, "Consultant unwell", null));

        awaitRefundAsked(ordered, 150_000);
        awaitRefundRecorded(ordered);

        byte[] processed = refundProcessed(ordered, 150_000);
        deliverSigned(processed, "evt_r_" + ordered.suffix()).expectStatus().isOk();
        deliverSigned(processed, "evt_r_" + ordered.suffix()).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("duplicate");

        PaymentRefunded refunded = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentRefunded.class, e -> e.getPayableId().equals(session.id()));
        assertThat(refunded.getReason()).isEqualTo("Session cancelled: Consultant unwell");
        assertThat(refunded.getFullyRefunded()).isTrue();
        assertThat(refunded.getProviderPaymentId()).isEqualTo(payment);
        assertThat(text("SELECT payment_state FROM payable WHERE id = '" + session.id() + "'")).isEqualTo("REFUNDED");
        assertThat(count("SELECT count(*) FROM refund WHERE payable_id = '" + session.id() + "'")).isEqualTo(1);
        assertThat(count("SELECT sum(amount_minor) FROM ledger_entry WHERE payable_id = '" + session.id() + "' AND entry_type IN ('CAPTURE', 'REFUND')"))
                .isZero();
    }

    /**
     * Faults run 1302: a client paid at Razorpay while payment-service was down; every webhook failed, the client
     * never verified, and the consultant then cancelled the session. The cancellation must not trust "nothing
     * captured here": the order is checked at Razorpay at once and the capture it finds goes back in full.
     */
    @Test
    void aSessionCancelledWhileItsCaptureIsUnknownHereHasItsOrderCheckedAndTheCaptureReturnedInFull() {
        Ordered ordered = ordered(150_000);
        BookedSession session = ordered.session();
        String order = ordered.order();
        String payment = ordered.payment();
        razorpayHasTheCapture(ordered, 150_000);
        razorpayAcceptsTheRefund(ordered, 150000);

        send(Topic.BOOKING_SESSION, session.id().toString(), cancelled(session, CancelledBy.CONSULTANT, "Consultant unavailable", null));

        PaymentReturned returned = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentReturned.class,
                e -> e.getPayableId().equals(session.id()));
        assertThat(returned.getProviderPaymentId()).isEqualTo(payment);
        assertThat(returned.getAmountMinor()).isEqualTo(150_000L);
        assertThat(returned.getReason()).contains("cancelled");
        awaitRefundAsked(ordered, 150_000);
        awaitRefundRecorded(ordered);
        assertThat(text("SELECT kind FROM refund WHERE payable_id = '" + session.id() + "'")).isEqualTo("RETURNED_CAPTURE");
        assertThat(text("SELECT disposition FROM payment_attempt WHERE razorpay_payment_id = '" + payment + "'")).isEqualTo("RETURNED");
        // The check that found it answered the cancellation's request; nothing is owed to the consultant.
        assertThat(text("SELECT check_requested_at::text FROM payment_order WHERE razorpay_order_id = '" + order + "'")).isNull();
        assertThat(text("SELECT last_reconciled_at::text FROM payment_order WHERE razorpay_order_id = '" + order + "'")).isNotNull();
        assertThat(count("SELECT count(*) FROM ledger_entry WHERE payable_id = '" + session.id() + "'")).isZero();
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getPayableId().equals(session.id()))).isEmpty();
    }

    /**
     * Faults run 1303: the consultant cancelled while the client opened an order. The cancellation read the clock
     * first but waited for the session's row, so booking wrote the hold extension first (version 1, the later
     * time) and the cancellation after it (version 2, the earlier time). Applied in that order, the cancellation
     * must still cancel the payable, so the client's capture goes back in full.
     */
    @Test
    void aCancellationWrittenAfterAHoldExtensionThatCarriesALaterTimeStillCancelsAndTheCaptureGoesBack() {
        Ordered ordered = ordered(150_000);
        BookedSession session = ordered.session();
        Instant cancelledAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(Topic.BOOKING_SESSION, session.id().toString(), SessionHoldExtended.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(cancelledAt.plusMillis(5)).setConsultantId(session.consultantId())
                .setSessionId(session.id()).setPreviousHoldExpiresAt(cancelledAt.plus(Duration.ofMinutes(15)))
                .setHoldExpiresAt(cancelledAt.plus(Duration.ofMinutes(30))).setSessionVersion(1L).build());
        razorpayHasTheCapture(ordered, 150_000);
        razorpayAcceptsTheRefund(ordered, 150000);

        send(Topic.BOOKING_SESSION, session.id().toString(), SessionCancelled.newBuilder(
                cancelled(session, CancelledBy.CONSULTANT, "Consultant unwell", null)).setOccurredAt(cancelledAt).setSessionVersion(2L).build());

        PaymentReturned returned = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentReturned.class,
                e -> e.getPayableId().equals(session.id()));
        assertThat(returned.getAmountMinor()).isEqualTo(150_000L);
        awaitRefundAsked(ordered, 150_000);
        assertThat(text("SELECT availability FROM payable WHERE id = '" + session.id() + "'")).isEqualTo("CANCELLED");
        assertThat(count("SELECT owner_version FROM payable WHERE id = '" + session.id() + "'")).isEqualTo(2);
    }

    /**
     * The same cancellation while Razorpay cannot answer the order check (a 503): reconciliation makes the check
     * once it has been asked for a whole pass interval (2 s here), not sooner, when a check under way from the
     * cancellation would be made twice; the capture it finds goes back in full.
     */
    @Test
    void aCancellationsOrderCheckRazorpayCouldNotAnswerIsMadeByReconciliationAPassIntervalLaterAndOnce() {
        Ordered ordered = ordered(150_000);
        BookedSession session = ordered.session();
        String paymentsPath = "/v1/orders/" + ordered.order() + "/payments";
        razorpay.stubFor(get(paymentsPath).inScenario("Razorpay recovers").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(serviceUnavailable()).willSetStateTo("up"));
        razorpay.stubFor(get(paymentsPath).inScenario("Razorpay recovers").whenScenarioStateIs("up")
                .willReturn(okJson(paymentsWithTheCapture(ordered, 150_000))));
        razorpayAcceptsTheRefund(ordered, 150_000);
        // WireMock logs a request's time in whole milliseconds.
        Instant sent = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        send(Topic.BOOKING_SESSION, session.id().toString(), cancelled(session, CancelledBy.CONSULTANT, "Consultant unavailable", null));

        PaymentReturned returned = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentReturned.class,
                e -> e.getPayableId().equals(session.id()));
        assertThat(returned.getProviderPaymentId()).isEqualTo(ordered.payment());
        assertThat(returned.getAmountMinor()).isEqualTo(150_000L);
        awaitRefundAsked(ordered, 150_000);
        // The order stays unpaid (a capture given back pays nothing), so reconciliation's cadence may ask again later.
        List<LoggedRequest> checks = razorpay.findAll(getRequestedFor(urlPathEqualTo(paymentsPath)));
        assertThat(checks).hasSizeGreaterThanOrEqualTo(2);
        assertThat(checks.get(1).getLoggedDate().toInstant()).isAfterOrEqualTo(sent.plusSeconds(2));
        assertThat(text("SELECT check_requested_at::text FROM payment_order WHERE razorpay_order_id = '" + ordered.order() + "'")).isNull();
        assertThat(count("SELECT count(*) FROM refund WHERE payable_id = '" + session.id() + "'")).isOne();
    }

    /**
     * A refund Razorpay cannot take now (a 503) stays REQUESTED, shows in the unsent-refund gauges, and is sent
     * again by the retry pass with the same idempotency key until Razorpay accepts it: one refund at Razorpay.
     */
    @Test
    void aRefundRazorpayCannotTakeNowIsCountedUnsentAndSentAgainWithTheSameKeyUntilAccepted() {
        Ordered ordered = ordered(150_000);
        BookedSession session = ordered.session();
        String refundPath = "/v1/payments/" + ordered.payment() + "/refund";
        razorpay.stubFor(post(refundPath).willReturn(serviceUnavailable()));
        captured(ordered, RazorpaySamples.withIds("02-payment.captured.json", ordered.payment(), ordered.order()));

        send(Topic.BOOKING_SESSION, session.id().toString(), cancelled(session, CancelledBy.CONSULTANT, "Consultant unwell", null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> razorpay.verify(moreThanOrExactly(1), postRequestedFor(urlPathEqualTo(refundPath))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(meters.get(OwedToRazorpayGauges.UNSENT).gauge().value()).isGreaterThanOrEqualTo(1);
            assertThat(meters.get(OwedToRazorpayGauges.OLDEST_AGE).gauge().value()).isGreaterThan(0);
        });
        assertThat(text("SELECT status FROM refund WHERE payable_id = '" + session.id() + "'")).isEqualTo("REQUESTED");

        razorpayAcceptsTheRefund(ordered, 150000);
        awaitRefundRecorded(ordered);

        List<LoggedRequest> sends = razorpay.findAll(postRequestedFor(urlPathEqualTo(refundPath)));
        assertThat(sends).hasSizeGreaterThanOrEqualTo(2)
                .extracting(request -> request.getHeader("X-Refund-Idempotency")).containsOnly(sends.getFirst().getHeader("X-Refund-Idempotency"));
        assertThat(text("SELECT status FROM refund WHERE payable_id = '" + session.id() + "'")).isEqualTo("PENDING");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(meters.get(OwedToRazorpayGauges.UNSENT).gauge().value()).isZero();
            assertThat(meters.get(OwedToRazorpayGauges.OLDEST_AGE).gauge().value()).isZero();
        });
    }

    @Test
    void aClientsCancellationRefundsThePolicysShareRoundedDownToWholePaise() {
        Ordered ordered = ordered(149_999);
        BookedSession session = ordered.session();
        String order = ordered.order();
        String payment = ordered.payment();
        razorpayAcceptsTheRefund(ordered, 74999);
        byte[] captured = new String(RazorpaySamples.withIds("02-payment.captured.json", payment, order), StandardCharsets.UTF_8)
                .replace("150000", "149999").getBytes(StandardCharsets.UTF_8);
        captured(ordered, captured);

        send(Topic.BOOKING_SESSION, session.id().toString(), cancelled(session, CancelledBy.CLIENT, "Cannot make it", 50));

        awaitRefundAsked(ordered, 74_999);
        assertThat(count("SELECT sum(amount_minor) FROM refund WHERE payable_id = '" + session.id() + "'")).isEqualTo(74_999);
        assertThat(text("SELECT reason FROM refund WHERE payable_id = '" + session.id() + "'"))
                .isEqualTo("Session cancelled: Cannot make it (50% refund under the consultant's policy)");
    }

    @Test
    void aClientsCancellationUnderANoRefundPolicyRefundsNothing() {
        Ordered ordered = ordered(150_000);
        BookedSession session = ordered.session();
        String order = ordered.order();
        String payment = ordered.payment();
        captured(ordered, RazorpaySamples.withIds("02-payment.captured.json", payment, order));

        send(Topic.BOOKING_SESSION, session.id().toString(), cancelled(session, CancelledBy.CLIENT, "Changed my mind", 0));

        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(
                text("SELECT availability FROM payable WHERE id = '" + session.id() + "'")));
        assertNothingRefunded(ordered);
    }
}
