package com.nakksha.payment.payable;

import com.nakksha.payment.razorpay.AttemptStatus;
import com.nakksha.payment.razorpay.ProviderPayment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Something a client can pay for, with its server-side price, and the rules for its money. Every
 * method that changes it returns the events it raised; the caller writes the payable, its attempts,
 * refunds and events in one transaction, with the payable's row locked.
 * <p>
 * Rules (issue 17): a payable has at most one accepted capture (also a database constraint); its
 * payment state never moves back (failed then a late capture → PAID, captured then failed → PAID, a
 * capture after a full refund keeps the refund); a different capture of a payable already paid, or
 * or for another amount, is given back in full automatically; refunds never exceed the capture and
 * partial refunds add up. A capture that arrives for a cancelled payable (its webhooks were lost and it is
 * found afterwards, by whatever path) is refunded by the cancellation's own share, as a capture known at the
 * cancellation is ({@link #cancellationShareOf}): in full (RETURNED) when the share is everything, otherwise
 * it is accepted and the share is refunded, so the consultant keeps what their client policy gives them. A capture for a session whose hold expired
 * (ABANDONED) is accepted, because booking owns the slot and decides (DESIGN.md, holds and payments in
 * flight): it confirms the session when the slot is still free, or declines the payment, which
 * {@link #declineCapture} then gives back in full (RETURNED).
 */
public final class Payable {

    /** Razorpay's minimum for orders and refunds (INR 1.00). */
    public static final long MINIMUM_MINOR = 100;

    private final UUID id;
    private final PayableType type;
    private final UUID consultantId;
    private final long amountMinor;
    private final String currency;
    private final String description;
    private final Payer payer;
    private final String capabilityHash;
    private final Instant createdAt;
    private Instant holdExpiresAt;
    private Availability availability;
    private Integer cancellationRefundPercent;
    private PaymentState paymentState;
    private String capturedPaymentId;
    private long capturedMinor;
    private long refundReservedMinor;
    private long refundedMinor;
    private OwnerStamp ownerStamp;
    private Instant updatedAt;

    /** Who pays, as the owner's event named them; used to prefill Razorpay Checkout. */
    public record Payer(String name, String email, String phone) {
    }

    public Payable(UUID id, PayableType type, UUID consultantId, long amountMinor, String currency, String description,
                   Payer payer, String capabilityHash, Instant holdExpiresAt, Availability availability,
                   Integer cancellationRefundPercent, PaymentState paymentState, String capturedPaymentId, long capturedMinor, long refundReservedMinor,
                   long refundedMinor, OwnerStamp ownerStamp, Instant createdAt, Instant updatedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.type = Objects.requireNonNull(type, "type");
        this.consultantId = Objects.requireNonNull(consultantId, "consultantId");
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amount must not be negative, was " + amountMinor);
        }
        this.amountMinor = amountMinor;
        this.currency = Objects.requireNonNull(currency, "currency");
        this.description = Objects.requireNonNull(description, "description");
        this.payer = payer == null ? new Payer(null, null, null) : payer;
        this.capabilityHash = capabilityHash;
        this.holdExpiresAt = holdExpiresAt;
        this.availability = Objects.requireNonNull(availability, "availability");
        if (cancellationRefundPercent != null && (cancellationRefundPercent < 0 || cancellationRefundPercent > 100)) {
            throw new IllegalArgumentException("a refund share is 0 to 100 percent, not " + cancellationRefundPercent);
        }
        this.cancellationRefundPercent = cancellationRefundPercent;
        this.paymentState = Objects.requireNonNull(paymentState, "paymentState");
        this.capturedPaymentId = capturedPaymentId;
        this.capturedMinor = capturedMinor;
        this.refundReservedMinor = refundReservedMinor;
        this.refundedMinor = refundedMinor;
        this.ownerStamp = Objects.requireNonNull(ownerStamp, "ownerStamp");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new payable as its owner announced it (SessionBooked of a public session, QuotationAccepted). */
    public static Payable announced(UUID id, PayableType type, UUID consultantId, long amountMinor, String currency,
                                    String description, Payer payer, String capabilityHash, Instant holdExpiresAt,
                                    OwnerStamp announced, Instant now) {
        return new Payable(id, type, consultantId, amountMinor, currency, description, payer, capabilityHash,
                holdExpiresAt, Availability.OPEN, null, PaymentState.UNPAID, null, 0, 0, 0, announced, now, now);
    }

    /**
     * The owner's later word on the payable (confirmed, abandoned, cancelled). Events older than the
     * newest one applied change nothing ({@link OwnerStamp#isOlderThan}: by the session's version when both
     * carry one), and a cancellation is final: it applies even after an event it is older than.
     *
     * @return whether anything changed
     */
    public boolean ownerSays(Availability said, OwnerStamp stamp, Instant now) {
        if (said == Availability.CANCELLED) {
            return cancelled(null, stamp, now);
        }
        return moveTo(said, stamp, now);
    }

    /**
     * The owner cancelled the payable (SessionCancelled). The share of a capture to refund is kept with it, so
     * a capture that arrives only later is refunded by the same rule as one known now: {@code refundPercent}
     * 0 to 100 for a client's cancellation under the consultant's policy, null for a consultant's or the
     * platform's cancellation and for events written before the field existed, which means everything. A
     * share above 100 is taken as 100 and one below 0 as 0. Later and repeated cancellations change nothing.
     *
     * @return whether anything changed
     */
    public boolean cancelled(Integer refundPercent, OwnerStamp stamp, Instant now) {
        if (availability == Availability.CANCELLED) {
            return false;
        }
        // Booking never moves a session out of CANCELLED, so a cancellation applies whatever was applied before it.
        become(Availability.CANCELLED, stamp.newest(ownerStamp), now);
        cancellationRefundPercent = refundPercent == null ? null : Math.clamp(refundPercent, 0, 100);
        return true;
    }

    /**
     * What a cancellation refunds of a capture, in minor units (paise): everything when {@code refundPercent}
     * is null or 100, otherwise that percentage of it rounded down to whole paise, so the consultant is never
     * short of a fraction of a paisa their policy gives them (DESIGN.md, Refunds). The one rule for a capture
     * known at the cancellation and one that arrives after it.
     */
    public static long cancellationShareOf(long capturedMinor, Integer refundPercent) {
        if (refundPercent == null || refundPercent >= 100) {
            return capturedMinor;
        }
        if (refundPercent <= 0) {
            return 0;
        }
        return capturedMinor * refundPercent / 100;
    }

    private boolean moveTo(Availability said, OwnerStamp stamp, Instant now) {
        if (stamp.isOlderThan(ownerStamp) || availability == Availability.CANCELLED || availability == said) {
            return false;
        }
        become(said, stamp, now);
        return true;
    }

    /** The owner's word applied: a payable that is no longer open holds nothing. */
    private void become(Availability said, OwnerStamp stamp, Instant now) {
        availability = said;
        ownerStamp = stamp;
        if (said != Availability.OPEN) {
            holdExpiresAt = null;
        }
        updatedAt = now;
    }

    /**
     * Booking extended the session's hold because an order was opened (SessionHoldExtended): the replica's
     * hold expiry follows while the payable is open, unless a newer owner event was applied already.
     *
     * @param until the new hold expiry (UTC)
     * @return whether anything changed
     */
    public boolean holdExtended(Instant until, OwnerStamp stamp, Instant now) {
        if (stamp.isOlderThan(ownerStamp) || availability != Availability.OPEN) {
            return false;
        }
        holdExpiresAt = until;
        ownerStamp = stamp;
        updatedAt = now;
        return true;
    }

    /**
     * Why an order cannot be made for this payable now, or null when it can. The amount is always the
     * payable's own.
     */
    public String whyNotPayable() {
        if (paymentState.isPaid()) {
            return "it is already paid";
        }
        if (!availability.acceptsPayment()) {
            return "it is " + availability.name().toLowerCase(Locale.ROOT);
        }
        if (amountMinor < MINIMUM_MINOR) {
            return "its amount is below the payment provider's minimum";
        }
        return null;
    }

    /**
     * Applies one snapshot of a Razorpay payment of this payable. {@code attempt} is the payment as
     * stored before, or null when this is the first word of it; {@code newId} makes ids for what this
     * creates (the attempt, a refund). A payment only authorised for a cancelled payable is not captured:
     * money is not taken after a cancellation, and Razorpay releases the authorisation to the client.
     */
    public Observation observe(PaymentAttempt attempt, ProviderPayment seen, PlatformFee platformFee,
                               Supplier<UUID> newId, Instant now) {
        PaymentAttempt current = attempt != null ? attempt : PaymentAttempt.first(newId.get(), id, seen, now);
        AttemptStatus before = current.absorb(seen, now);
        List<PayableEvent> events = new ArrayList<>();
        boolean firstCapture = current.status() == AttemptStatus.CAPTURED
                && current.disposition() == PaymentAttempt.Disposition.OPEN;
        if (firstCapture) {
            String refusal = whyCaptureRefused(current);
            if (refusal == null) {
                long fee = platformFee.of(current.amountMinor());
                current.accept(fee);
                capturedPaymentId = current.providerPaymentId();
                capturedMinor = current.amountMinor();
                moveTo(PaymentState.PAID);
                events.add(new PayableEvent.Captured(id, current, fee, availability == Availability.ABANDONED, now));
                if (availability == Availability.CANCELLED) {
                    events.addAll(refundCancelledShare(current, newId, now));
                }
            } else {
                current.markReturned();
                Refund refund = new Refund(newId.get(), id, current.id(), current.providerPaymentId(),
                        Refund.Kind.RETURNED_CAPTURE, current.amountMinor(), current.currency(), refusal, null,
                        Refund.Status.REQUESTED, null, now, now);
                events.add(new PayableEvent.CaptureReturned(id, current, refund, now));
            }
        } else if (before != AttemptStatus.AUTHORIZED && capturable(current)) {
            events.add(new PayableEvent.CaptureNeeded(id, current, now));
        } else if (current.status() == AttemptStatus.FAILED && before != AttemptStatus.FAILED
                && paymentState.isBefore(PaymentState.PAID)) {
            moveTo(PaymentState.FAILED);
            events.add(new PayableEvent.Failed(id, current, now));
        }
        updatedAt = now;
        return new Observation(current, List.copyOf(events));
    }

    /**
     * The capture still owed for a payment of this payable that Razorpay only authorised, when the capture asked
     * for at its authorisation did not happen (the process died right after the commit, or Razorpay could not be
     * reached): the rule of {@link #observe}, asked again. Empty when the attempt is more than authorised, was
     * disposed of, or the payable takes no such payment (cancelled, paid by another payment, another amount).
     */
    public Optional<PayableEvent.CaptureNeeded> captureOwed(PaymentAttempt attempt, Instant now) {
        return capturable(attempt) ? Optional.of(new PayableEvent.CaptureNeeded(id, attempt, now)) : Optional.empty();
    }

    /** Only authorised, and this payable would take it: money is not taken after a cancellation. */
    private boolean capturable(PaymentAttempt attempt) {
        return attempt.status() == AttemptStatus.AUTHORIZED && attempt.disposition() == PaymentAttempt.Disposition.OPEN
                && availability != Availability.CANCELLED && whyCaptureRefused(attempt) == null;
    }

    /** The attempt as it now stands and what its snapshot raised. */
    public record Observation(PaymentAttempt attempt, List<PayableEvent> events) {
    }

    /**
     * A capture accepted for a payable cancelled before it was known here: the cancellation's share of it is
     * refunded now, as it would have been at the cancellation. Nothing when the share is zero (the policy keeps
     * it all for the consultant) or below Razorpay's minimum refund, which Razorpay would refuse.
     */
    private List<PayableEvent> refundCancelledShare(PaymentAttempt captured, Supplier<UUID> newId, Instant now) {
        long share = cancellationShareOf(capturedMinor, cancellationRefundPercent);
        if (share < MINIMUM_MINOR) {
            return List.of();
        }
        String reason = "the " + type.name().toLowerCase(Locale.ROOT) + " was cancelled before this payment was known: "
                + cancellationRefundPercent + "% refund under the consultant's policy";
        return List.of(requestRefund(captured, share, reason, newId.get(), now));
    }

    private String whyCaptureRefused(PaymentAttempt candidate) {
        if (capturedPaymentId != null && !capturedPaymentId.equals(candidate.providerPaymentId())) {
            return "the " + type.name().toLowerCase(Locale.ROOT) + " was already paid by payment "
                    + capturedPaymentId;
        }
        if (availability == Availability.CANCELLED
                && cancellationShareOf(candidate.amountMinor(), cancellationRefundPercent) == candidate.amountMinor()) {
            return "the " + type.name().toLowerCase(Locale.ROOT) + " is cancelled and takes no payment";
        }
        if (paymentState == PaymentState.RETURNED) {
            return "the " + type.name().toLowerCase(Locale.ROOT) + " declined an earlier payment and takes no payment";
        }
        if (candidate.amountMinor() != amountMinor || !candidate.currency().equals(currency)) {
            return "the payment of " + candidate.amountMinor() + " " + candidate.currency()
                    + " does not match the price of " + amountMinor + " " + currency;
        }
        return null;
    }

    /**
     * The owner declined the payable's capture (booking: the capture came after the hold expired and the
     * slot was taken meanwhile): the capture stops being the payable's and goes back in full, the payable
     * ends RETURNED. Nothing happens when {@code captured} is not the payable's capture (declined already)
     * or when part of it was refunded meanwhile (then what is left stays a normal capture to refund).
     *
     * @return the returned capture with its refund to send, or nothing
     */
    public List<PayableEvent> declineCapture(PaymentAttempt captured, String reason, UUID refundId, Instant now) {
        if (capturedPaymentId == null || !capturedPaymentId.equals(captured.providerPaymentId())
                || refundReservedMinor > 0) {
            return List.of();
        }
        captured.markReturned();
        capturedPaymentId = null;
        capturedMinor = 0;
        moveTo(PaymentState.RETURNED);
        updatedAt = now;
        Refund refund = new Refund(refundId, id, captured.id(), captured.providerPaymentId(), Refund.Kind.RETURNED_CAPTURE,
                captured.amountMinor(), captured.currency(), reason, null, Refund.Status.REQUESTED, null, now, now);
        return List.of(new PayableEvent.CaptureReturned(id, captured, refund, now));
    }

    /**
     * Reserves a refund of the capture. {@code requestedMinor} null means everything not refunded yet.
     *
     * @throws PayableRuleException when nothing was captured, the amount is not positive, exceeds what is
     *                              left, or is below Razorpay's minimum without being the whole rest
     */
    public PayableEvent.RefundRequested requestRefund(PaymentAttempt captured, Long requestedMinor, String reason,
                                                      UUID refundId, Instant now) {
        if (capturedPaymentId == null || captured == null || !capturedPaymentId.equals(captured.providerPaymentId())) {
            throw new PayableRuleException("payment", "nothing was captured for this " + type.name().toLowerCase(Locale.ROOT));
        }
        if (reason == null || reason.isBlank()) {
            throw new PayableRuleException("reason", "is required");
        }
        long left = capturedMinor - refundReservedMinor;
        long amount = requestedMinor == null ? left : requestedMinor;
        if (left == 0) {
            throw new PayableRuleException("amount", "the payment is already refunded in full");
        }
        if (amount <= 0) {
            throw new PayableRuleException("amount", "must be positive");
        }
        if (amount > left) {
            throw new PayableRuleException("amount", "exceeds what can still be refunded (" + left + " paise)");
        }
        if (amount < MINIMUM_MINOR && amount != left) {
            throw new PayableRuleException("amount", "must be at least " + MINIMUM_MINOR + " paise");
        }
        refundReservedMinor += amount;
        updatedAt = now;
        Refund refund = new Refund(refundId, id, captured.id(), capturedPaymentId, Refund.Kind.REQUESTED, amount,
                currency, reason.strip(), null, Refund.Status.REQUESTED, null, now, now);
        return new PayableEvent.RefundRequested(id, refund, now);
    }

    /**
     * A refund Razorpay made outside Nakksha (learnt from a webhook), for the payable's capture: reserved
     * now so the processing that follows adds up. Never more than what is left of the capture.
     */
    public Refund externalRefund(PaymentAttempt captured, long amountMinor, String providerRefundId, UUID refundId,
                                 Instant now) {
        long amount = Math.min(amountMinor, capturedMinor - refundReservedMinor);
        if (amount <= 0) {
            return null;
        }
        refundReservedMinor += amount;
        updatedAt = now;
        return new Refund(refundId, id, captured.id(), captured.providerPaymentId(), Refund.Kind.EXTERNAL, amount,
                currency, "refunded at the payment provider", providerRefundId, Refund.Status.PENDING, null, now, now);
    }

    /** Razorpay accepted a refund and gave it an id; it is not money moved yet. */
    public List<PayableEvent> refundAccepted(Refund refund, String providerRefundId, Instant now) {
        refund.accepted(providerRefundId, now);
        return List.of();
    }

    /** Razorpay processed a refund: for the payable's own capture the refunded total grows, once. */
    public List<PayableEvent> refundProcessed(Refund refund, String providerRefundId, Instant now) {
        if (refund.isSettled()) {
            return List.of();
        }
        refund.processed(providerRefundId, now);
        if (refund.kind() == Refund.Kind.RETURNED_CAPTURE) {
            return List.of();
        }
        refundedMinor += refund.amountMinor();
        boolean fully = refundedMinor == capturedMinor;
        moveTo(fully ? PaymentState.REFUNDED : PaymentState.PARTIALLY_REFUNDED);
        updatedAt = now;
        return List.of(new PayableEvent.Refunded(id, refund, refundedMinor, fully, now));
    }

    /** Razorpay could not refund: what was reserved for it can be refunded again. */
    public List<PayableEvent> refundFailed(Refund refund, String providerRefundId, String description, Instant now) {
        if (refund.isSettled()) {
            return List.of();
        }
        refund.failed(providerRefundId, description, now);
        if (refund.kind() != Refund.Kind.RETURNED_CAPTURE) {
            refundReservedMinor -= refund.amountMinor();
        }
        updatedAt = now;
        return List.of(new PayableEvent.RefundFailed(id, refund, now));
    }

    /** Whether {@code hash} (hex SHA-256 of the presented capability) is this payable's, compared in constant time. */
    public boolean grantsPaymentTo(String hash) {
        if (capabilityHash == null || hash == null) {
            return false;
        }
        return MessageDigest.isEqual(
                capabilityHash.getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }

    private void moveTo(PaymentState target) {
        if (paymentState.isBefore(target)) {
            paymentState = target;
        }
    }

    public UUID id() {
        return id;
    }

    public PayableType type() {
        return type;
    }

    public UUID consultantId() {
        return consultantId;
    }

    public long amountMinor() {
        return amountMinor;
    }

    public String currency() {
        return currency;
    }

    public String description() {
        return description;
    }

    public Payer payer() {
        return payer;
    }

    public String capabilityHash() {
        return capabilityHash;
    }

    public Instant holdExpiresAt() {
        return holdExpiresAt;
    }

    public Availability availability() {
        return availability;
    }

    /** The share of a capture the owner's cancellation refunds, 0 to 100; null when not cancelled or everything. */
    public Integer cancellationRefundPercent() {
        return cancellationRefundPercent;
    }

    public PaymentState paymentState() {
        return paymentState;
    }

    public String capturedPaymentId() {
        return capturedPaymentId;
    }

    public long capturedMinor() {
        return capturedMinor;
    }

    public long refundReservedMinor() {
        return refundReservedMinor;
    }

    public long refundedMinor() {
        return refundedMinor;
    }

    /** The newest owner event applied: its time and, when its writer gave one, the owner's version. */
    public OwnerStamp ownerStamp() {
        return ownerStamp;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
