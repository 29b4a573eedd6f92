package com.nakksha.payment.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the payment endpoints answer. Amounts come twice: {@code ...Minor} in minor units (paise) and
 * the same as a major-unit decimal string ({@link MajorUnits}); instants are UTC.
 */
public final class PaymentViews {

    private PaymentViews() {
    }

    /**
     * A payment: one Razorpay payment attempt (one {@code razorpay_payment_id}), keyed by our id, with
     * the payable (session or quotation) it paid for. {@code disposition} ACCEPTED is the payable's one
     * capture, RETURNED a capture refunded in full automatically, OPEN anything not captured.
     * {@code refundedMinor} is what Razorpay processed as refunded of this payment.
     */
    public record Payment(UUID id, String razorpayPaymentId, String razorpayOrderId, UUID payableId, String payableType,
                          UUID sessionId, UUID quotationId, UUID consultantId, String status, String disposition,
                          String method, long amountMinor, String amount, String currency, Long feeMinor, Long taxMinor,
                          Long platformFeeMinor, long refundedMinor, String refunded, String errorCode,
                          String errorDescription, Instant authorizedAt, Instant capturedAt, Instant failedAt,
                          Instant createdAt, Instant updatedAt) {
    }

    /** Sums over every payment the filter matches (all pages), per currency. */
    public record Totals(String currency, long count, long amountMinor, String amount, long capturedMinor,
                         String captured, long refundedMinor, String refunded) {
    }

    /** One page of payments plus the totals of the whole filter. */
    public record PaymentList(List<Payment> items, int page, int size, long totalItems, int totalPages,
                              List<Totals> totals) {
    }

    /**
     * Where the payable's money stands: {@code refundableMinor} is what a refund may still take (captured
     * minus refunds processed or under way).
     */
    public record Payable(UUID id, String type, String description, long amountMinor, String amount, String currency,
                          String availability, String paymentState, long capturedMinor, String captured,
                          long refundedMinor, String refunded, long refundableMinor, String refundable) {
    }

    /**
     * A refund. {@code status}: REQUESTED (not yet accepted by Razorpay; sent again until it is), PENDING,
     * PROCESSED, or FAILED with {@code errorDescription} (the amount can then be refunded again).
     */
    public record Refund(UUID id, UUID paymentId, UUID payableId, String kind, String status, long amountMinor,
                         String amount, String currency, String reason, String razorpayRefundId,
                         String errorDescription, Instant createdAt, Instant updatedAt) {
    }

    /** A refund as the refund endpoint answers it, with what can still be refunded after it. */
    public record RefundAccepted(Refund refund, long refundableMinor, String refundable) {
    }

    /**
     * One stored webhook delivery, without its body or headers. {@code state}: RECEIVED, PROCESSED,
     * IGNORED, UNMATCHED, REJECTED (bad signature), FAILED (gave up after repeated processing errors).
     */
    public record WebhookDelivery(UUID id, String eventId, String eventType, String state, boolean signatureValid,
                                  String verifiedWith, int attempts, String lastError, String razorpayOrderId,
                                  String razorpayPaymentId, int bodyBytes, Instant receivedAt, Instant processedAt) {
    }

    /** One payment with every attempt of its payable, the payable's refunds and the webhooks about them, oldest first. */
    public record PaymentDetail(Payment payment, Payable payable, List<Payment> attempts, List<Refund> refunds,
                                List<WebhookDelivery> webhooks) {
    }

    /**
     * A consultant's money per currency over a period: gross captured, Razorpay's fee (tax included) and
     * that tax, the platform fee, processed refunds, and the net owed to the consultant (gross minus all
     * of them). Captures booking declined and Razorpay got back in full ({@code returnedCaptures}) are in
     * none of those: they were never the consultant's.
     */
    public record LedgerTotals(String currency, long entries, long grossCapturedMinor, String grossCaptured,
                               long razorpayFeeMinor, String razorpayFee, long razorpayTaxMinor, String razorpayTax,
                               long platformFeeMinor, String platformFee, long refundsMinor, String refunds,
                               long netOwedMinor, String netOwed, long returnedCapturesMinor, String returnedCaptures) {
    }

    /** The ledger summary; {@code consultantId} null means every consultant (admin). */
    public record LedgerSummary(UUID consultantId, Instant from, Instant to, List<LedgerTotals> totals) {
    }

    /** One signed ledger entry: positive is owed to the consultant. {@code paymentId} or {@code refundId} is its source. */
    public record LedgerEntry(long id, UUID consultantId, String type, long amountMinor, String amount, String currency,
                              UUID payableId, UUID paymentId, UUID refundId, Instant createdAt) {
    }

    /** What one reconciliation run asked Razorpay about and applied. */
    public record ReconciliationRun(UUID id, Instant startedAt, Instant finishedAt, int ordersChecked, int ordersFailed,
                                    int paymentsFound, int paymentsApplied, int capturesApplied) {
    }

    /** Sums over every run the filter matches. */
    public record ReconciliationTotals(long runs, long ordersChecked, long ordersFailed, long paymentsFound,
                                       long paymentsApplied, long capturesApplied) {
    }

    public record ReconciliationList(List<ReconciliationRun> items, int page, int size, long totalItems, int totalPages,
                                     ReconciliationTotals totals) {
    }
}
