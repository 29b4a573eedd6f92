package com.nakksha.payment.payable;

import com.nakksha.payment.razorpay.AttemptStatus;
import com.nakksha.payment.razorpay.ProviderPayment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One Razorpay payment of a payable (seed 000's payment_transactions): its latest known status,
 * method, amounts, Razorpay's fee and tax, the error of a failure, and whether it became the
 * payable's capture (ACCEPTED) or was given back (RETURNED). Changed only through {@link Payable}.
 */
public final class PaymentAttempt {

    /** What a captured payment meant for its payable. */
    public enum Disposition {
        OPEN,
        ACCEPTED,
        RETURNED
    }

    private final UUID id;
    private final String providerPaymentId;
    private final String providerOrderId;
    private final UUID payableId;
    private final Instant createdAt;
    private AttemptStatus status;
    private Disposition disposition;
    private String method;
    private long amountMinor;
    private String currency;
    private Long feeMinor;
    private Long taxMinor;
    private Long platformFeeMinor;
    private String errorCode;
    private String errorDescription;
    private Instant authorizedAt;
    private Instant capturedAt;
    private Instant failedAt;
    private Instant updatedAt;

    public PaymentAttempt(UUID id, String providerPaymentId, String providerOrderId, UUID payableId, AttemptStatus status,
                          Disposition disposition, String method, long amountMinor, String currency, Long feeMinor,
                          Long taxMinor, Long platformFeeMinor, String errorCode, String errorDescription,
                          Instant authorizedAt, Instant capturedAt, Instant failedAt, Instant createdAt, Instant updatedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.providerPaymentId = Objects.requireNonNull(providerPaymentId, "providerPaymentId");
        this.providerOrderId = Objects.requireNonNull(providerOrderId, "providerOrderId");
        this.payableId = Objects.requireNonNull(payableId, "payableId");
        this.status = Objects.requireNonNull(status, "status");
        this.disposition = Objects.requireNonNull(disposition, "disposition");
        this.method = method;
        this.amountMinor = amountMinor;
        this.currency = Objects.requireNonNull(currency, "currency");
        this.feeMinor = feeMinor;
        this.taxMinor = taxMinor;
        this.platformFeeMinor = platformFeeMinor;
        this.errorCode = errorCode;
        this.errorDescription = errorDescription;
        this.authorizedAt = authorizedAt;
        this.capturedAt = capturedAt;
        this.failedAt = failedAt;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
    }

    static PaymentAttempt first(UUID id, UUID payableId, ProviderPayment seen, Instant now) {
        return new PaymentAttempt(id, seen.providerPaymentId(), seen.providerOrderId(), payableId, AttemptStatus.CREATED,
                Disposition.OPEN, seen.method(), seen.amountMinor(), seen.currency(), null, null, null, null, null,
                null, null, null, now, now);
    }

    /**
     * Takes in what a snapshot adds: the status moves only forward, details fill in, and a failure's
     * error is kept even when a late authorisation follows.
     *
     * @return the status before this snapshot
     */
    AttemptStatus absorb(ProviderPayment seen, Instant now) {
        AttemptStatus previous = status;
        status = status.laterOf(seen.status());
        if (seen.method() != null) {
            method = seen.method();
        }
        if (seen.feeMinor() != null) {
            feeMinor = seen.feeMinor();
        }
        if (seen.taxMinor() != null) {
            taxMinor = seen.taxMinor();
        }
        if (seen.status() == AttemptStatus.FAILED) {
            errorCode = blankToNull(seen.errorCode());
            errorDescription = blankToNull(seen.errorDescription());
            failedAt = failedAt == null ? seen.observedAt() : failedAt;
        }
        if (seen.status().compareTo(AttemptStatus.AUTHORIZED) >= 0 && authorizedAt == null) {
            authorizedAt = seen.observedAt();
        }
        if (seen.status() == AttemptStatus.CAPTURED && capturedAt == null) {
            capturedAt = seen.observedAt();
            amountMinor = seen.amountMinor();
            currency = seen.currency();
        }
        updatedAt = now;
        return previous;
    }

    void accept(long platformFee) {
        disposition = Disposition.ACCEPTED;
        platformFeeMinor = platformFee;
    }

    void markReturned() {
        disposition = Disposition.RETURNED;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public UUID id() {
        return id;
    }

    public String providerPaymentId() {
        return providerPaymentId;
    }

    public String providerOrderId() {
        return providerOrderId;
    }

    public UUID payableId() {
        return payableId;
    }

    public AttemptStatus status() {
        return status;
    }

    public Disposition disposition() {
        return disposition;
    }

    public String method() {
        return method;
    }

    public long amountMinor() {
        return amountMinor;
    }

    public String currency() {
        return currency;
    }

    public Long feeMinor() {
        return feeMinor;
    }

    public Long taxMinor() {
        return taxMinor;
    }

    public Long platformFeeMinor() {
        return platformFeeMinor;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorDescription() {
        return errorDescription;
    }

    public Instant authorizedAt() {
        return authorizedAt;
    }

    public Instant capturedAt() {
        return capturedAt;
    }

    public Instant failedAt() {
        return failedAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
