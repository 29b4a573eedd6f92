package com.nakksha.payment.payable;

import java.time.Instant;
import java.util.UUID;

/**
 * What a payable's own methods report having happened, for the outbox, the ledger and the
 * follow-up calls to Razorpay, and for tests to assert on.
 */
public sealed interface PayableEvent {

    UUID payableId();

    Instant occurredAt();

    /**
     * The payable's one capture: becomes PaymentCaptured.
     *
     * @param afterHoldExpiry the owner had already given the session up (hold expired): booking decides
     *                        whether it keeps the payment (SessionConfirmed) or declines it (SessionPaymentDeclined)
     */
    record Captured(UUID payableId, PaymentAttempt attempt, long platformFeeMinor, boolean afterHoldExpiry,
                    Instant occurredAt) implements PayableEvent {
    }

    /** An attempt failed while nothing was captured: becomes PaymentFailed. */
    record Failed(UUID payableId, PaymentAttempt attempt, Instant occurredAt) implements PayableEvent {
    }

    /** A capture the payable cannot accept goes back in full: becomes PaymentReturned and a refund to send. */
    record CaptureReturned(UUID payableId, PaymentAttempt attempt, Refund refund, Instant occurredAt)
            implements PayableEvent {
    }

    /** An authorised payment the payable can accept: capture it at Razorpay. */
    record CaptureNeeded(UUID payableId, PaymentAttempt attempt, Instant occurredAt) implements PayableEvent {
    }

    /**
     * The payable's owner gave it up while no capture of it was known here, and it has an order at Razorpay:
     * ask Razorpay for the order's payments, since a payment whose webhooks were lost may exist.
     */
    record OrderCheckNeeded(UUID payableId, String providerOrderId, Instant occurredAt) implements PayableEvent {
    }

    /** A refund was asked for and its amount reserved: send it to Razorpay. */
    record RefundRequested(UUID payableId, Refund refund, Instant occurredAt) implements PayableEvent {
    }

    /** Razorpay processed a refund of the payable's capture: becomes PaymentRefunded. */
    record Refunded(UUID payableId, Refund refund, long refundedTotalMinor, boolean fully, Instant occurredAt)
            implements PayableEvent {
    }

    /** A Razorpay order was made for the payable: becomes PaymentOrderOpened, on which booking extends the hold. */
    record OrderOpened(UUID payableId, String providerOrderId, long amountMinor, String currency, Instant occurredAt)
            implements PayableEvent {
    }

    /** Razorpay could not refund; the reserved amount is free again and an operator must look. */
    record RefundFailed(UUID payableId, Refund refund, Instant occurredAt) implements PayableEvent {
    }
}
