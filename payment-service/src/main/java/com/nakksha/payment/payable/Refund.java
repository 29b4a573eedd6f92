package com.nakksha.payment.payable;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Money going back to the client for one captured payment. Its id doubles as the
 * {@code X-Refund-Idempotency} key, so sending it again never refunds twice.
 * Status: REQUESTED (not yet accepted by Razorpay) → PENDING → PROCESSED, or → FAILED.
 */
public final class Refund {

    /** Why the refund exists. */
    public enum Kind {
        /** Asked for by the consultant, an admin or a cancellation policy. */
        REQUESTED,
        /** A capture the payable could not accept, given back in full automatically. */
        RETURNED_CAPTURE,
        /** Made outside Nakksha (Razorpay dashboard) and learnt from a webhook. */
        EXTERNAL
    }

    public enum Status {
        REQUESTED,
        PENDING,
        PROCESSED,
        FAILED
    }

    private final UUID id;
    private final UUID payableId;
    private final UUID attemptId;
    private final String providerPaymentId;
    private final Kind kind;
    private final long amountMinor;
    private final String currency;
    private final String reason;
    private final Instant createdAt;
    private String providerRefundId;
    private Status status;
    private String errorDescription;
    private Instant updatedAt;

    public Refund(UUID id, UUID payableId, UUID attemptId, String providerPaymentId, Kind kind, long amountMinor,
                  String currency, String reason, String providerRefundId, Status status, String errorDescription,
                  Instant createdAt, Instant updatedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.payableId = Objects.requireNonNull(payableId, "payableId");
        this.attemptId = Objects.requireNonNull(attemptId, "attemptId");
        this.providerPaymentId = Objects.requireNonNull(providerPaymentId, "providerPaymentId");
        this.kind = Objects.requireNonNull(kind, "kind");
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("a refund is a positive amount, was " + amountMinor);
        }
        this.amountMinor = amountMinor;
        this.currency = Objects.requireNonNull(currency, "currency");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.providerRefundId = providerRefundId;
        this.status = Objects.requireNonNull(status, "status");
        this.errorDescription = errorDescription;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The idempotency key Razorpay sees: 32 hex characters, within its 10+ chars of {@code [A-Za-z0-9_-]}. */
    public String idempotencyKey() {
        return id.toString().replace("-", "");
    }

    /** Razorpay accepted it; nothing changes once it is processed or failed. */
    void accepted(String refundIdAtProvider, Instant now) {
        if (providerRefundId == null) {
            providerRefundId = refundIdAtProvider;
        }
        if (status == Status.REQUESTED) {
            status = Status.PENDING;
        }
        updatedAt = now;
    }

    void processed(String refundIdAtProvider, Instant now) {
        accepted(refundIdAtProvider, now);
        status = Status.PROCESSED;
    }

    void failed(String refundIdAtProvider, String description, Instant now) {
        accepted(refundIdAtProvider, now);
        status = Status.FAILED;
        errorDescription = description;
    }

    public boolean isSettled() {
        return status == Status.PROCESSED || status == Status.FAILED;
    }

    public UUID id() {
        return id;
    }

    public UUID payableId() {
        return payableId;
    }

    public UUID attemptId() {
        return attemptId;
    }

    public String providerPaymentId() {
        return providerPaymentId;
    }

    public Kind kind() {
        return kind;
    }

    public long amountMinor() {
        return amountMinor;
    }

    public String currency() {
        return currency;
    }

    public String reason() {
        return reason;
    }

    public String providerRefundId() {
        return providerRefundId;
    }

    public Status status() {
        return status;
    }

    public String errorDescription() {
        return errorDescription;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
