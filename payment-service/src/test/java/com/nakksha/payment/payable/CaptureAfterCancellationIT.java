package com.nakksha.payment.payable;

import com.nakksha.events.CancelledBy;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.payment.AbstractPaymentIT;
import com.nakksha.payment.webhook.RazorpaySamples;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.PublishedEvents;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A capture payment-service learns of only after a client cancelled the session (its webhooks lost) is refunded by
 * the share SessionCancelled named, as a capture known at the cancellation is: the consultant keeps the rest.
 */
class CaptureAfterCancellationIT extends AbstractPaymentIT {

    @Test
    void aCaptureTheOrderCheckFindsAfterAClientsHalfRefundCancellationIsKeptAndHalfRefundedRoundedDown() {
        Ordered ordered = ordered(149_999);
        BookedSession session = ordered.session();
        String order = ordered.order();
        String payment = ordered.payment();
        razorpayHasTheCapture(ordered, 149_999);
        razorpayAcceptsTheRefund(ordered, 74_999);

        send(Topic.BOOKING_SESSION, session.id().toString(), cancelled(session, CancelledBy.CLIENT, "Cannot make it", 50));

        PaymentCaptured captured = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getPayableId().equals(session.id()));
        assertThat(captured.getProviderPaymentId()).isEqualTo(payment);
        assertThat(captured.getAmountMinor()).isEqualTo(149_999L);
        assertThat(captured.getCapturedAfterHoldExpiry()).isFalse();
        awaitRefundAsked(ordered, 74_999);
        awaitRefundRecorded(ordered);
        assertThat(text("SELECT kind FROM refund WHERE payable_id = '" + session.id() + "'")).isEqualTo("REQUESTED");
        assertThat(text("SELECT reason FROM refund WHERE payable_id = '" + session.id() + "'"))
                .contains("cancelled", "50% refund under the consultant's policy");
        assertThat(text("SELECT disposition FROM payment_attempt WHERE razorpay_payment_id = '" + payment + "'")).isEqualTo("ACCEPTED");
        assertThat(text("SELECT check_requested_at::text FROM payment_order WHERE razorpay_order_id = '" + order + "'")).isNull();

        deliverSigned(refundProcessed(ordered, 74_999), "evt_r_" + ordered.suffix()).expectStatus().isOk();

        PaymentRefunded refunded = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentRefunded.class,
                e -> e.getPayableId().equals(session.id()));
        assertThat(refunded.getAmountMinor()).isEqualTo(74_999L);
        assertThat(refunded.getRefundedTotalMinor()).isEqualTo(74_999L);
        assertThat(refunded.getFullyRefunded()).isFalse();
        assertThat(refunded.getOccurredAt()).isAfterOrEqualTo(captured.getOccurredAt());
        assertThat(text("SELECT payment_state FROM payable WHERE id = '" + session.id() + "'")).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(count("SELECT cancellation_refund_percent FROM payable WHERE id = '" + session.id() + "'")).isEqualTo(50);
        // The consultant keeps the half the client's refund left them, less the fees of the whole capture.
        assertThat(count("SELECT sum(amount_minor) FROM ledger_entry WHERE payable_id = '" + session.id()
                + "' AND entry_type IN ('CAPTURE', 'REFUND')")).isEqualTo(75_000);
        assertThat(count("SELECT count(*) FROM ledger_entry WHERE payable_id = '" + session.id() + "' AND entry_type = 'RETURN'")).isZero();
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.PAYMENT_PAYMENT, PaymentReturned.class,
                e -> e.getPayableId().equals(session.id()))).isEmpty();
        assertThat(count("SELECT count(*) FROM refund WHERE payable_id = '" + session.id() + "'")).isOne();
    }

    @Test
    void aCaptureFoundAfterAClientsNoRefundCancellationIsKeptWholeAndNothingIsRefunded() {
        Ordered ordered = ordered(150_000);
        BookedSession session = ordered.session();
        String order = ordered.order();
        String payment = ordered.payment();
        razorpayHasTheCapture(ordered, 150_000);

        send(Topic.BOOKING_SESSION, session.id().toString(), cancelled(session, CancelledBy.CLIENT, "Changed my mind", 0));

        PaymentCaptured captured = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getPayableId().equals(session.id()));
        assertThat(captured.getProviderPaymentId()).isEqualTo(payment);
        await().atMost(Duration.ofSeconds(30)).until(() -> text("SELECT last_reconciled_at::text FROM payment_order"
                + " WHERE razorpay_order_id = '" + order + "'") != null);
        assertNothingRefunded(ordered);
        assertThat(text("SELECT payment_state FROM payable WHERE id = '" + session.id() + "'")).isEqualTo("PAID");
        assertThat(text("SELECT availability FROM payable WHERE id = '" + session.id() + "'")).isEqualTo("CANCELLED");
        assertThat(count("SELECT sum(amount_minor) FROM ledger_entry WHERE payable_id = '" + session.id()
                + "' AND entry_type = 'CAPTURE'")).isEqualTo(150_000);
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.PAYMENT_PAYMENT, PaymentReturned.class,
                e -> e.getPayableId().equals(session.id()))).isEmpty();
    }

    /** The same rule when the lost capture's webhook is delivered late instead of being found by the order check. */
    @Test
    void aCaptureWebhookArrivingAfterAClientsPartialCancellationIsKeptAndThatShareRefundedOnce() {
        Ordered ordered = ordered(150_000);
        BookedSession session = ordered.session();
        String order = ordered.order();
        String payment = ordered.payment();
        razorpay.stubFor(get("/v1/orders/" + order + "/payments").willReturn(okJson("""
                {"entity":"collection","count":0,"items":[]}""")));
        razorpayAcceptsTheRefund(ordered, 37_500);
        send(Topic.BOOKING_SESSION, session.id().toString(), cancelled(session, CancelledBy.CLIENT, "Travelling", 25));
        // The cancellation's check found no payment; the unpaid order is checked again on reconciliation's cadence
        // (every pass interval while it is young), so the count of checks is not fixed by the time the webhook comes.
        await().atMost(Duration.ofSeconds(30)).until(() -> text("SELECT last_reconciled_at::text FROM payment_order"
                + " WHERE razorpay_order_id = '" + order + "' AND check_requested_at IS NULL") != null);
        razorpay.verify(moreThanOrExactly(1), getRequestedFor(urlPathEqualTo("/v1/orders/" + order + "/payments")));

        byte[] webhook = RazorpaySamples.withIds("02-payment.captured.json", payment, order);
        deliverSigned(webhook, "evt_c_" + ordered.suffix()).expectStatus().isOk();
        deliverSigned(webhook, "evt_c2_" + ordered.suffix()).expectStatus().isOk();

        PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class, e -> e.getPayableId().equals(session.id()));
        awaitRefundAsked(ordered, 37_500);
        assertThat(count("SELECT count(*) FROM refund WHERE payable_id = '" + session.id() + "'")).isOne();
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getPayableId().equals(session.id()))).hasSize(1);
    }
}
