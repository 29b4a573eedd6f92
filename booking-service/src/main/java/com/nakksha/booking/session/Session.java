package com.nakksha.booking.session;

import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.MeetingPlatform;
import com.nakksha.booking.availability.TimeSpan;
import com.nakksha.booking.consultant.SessionType;
import com.nakksha.booking.money.Money;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A booked session and the rules for how it may change. Every method that changes it returns the
 * events it raised, which the caller appends to the outbox in the same transaction.
 * <p>
 * Status: PENDING → CONFIRMED → COMPLETED | NO_SHOW; PENDING or CONFIRMED → CANCELLED; a PENDING
 * public booking whose hold runs out, unpaid or (free) unconfirmed by its booker's email → ABANDONED (its
 * pending payment FAILED). Payment: PENDING →
 * PAID | FAILED, FAILED → PAID, PAID → REFUNDED; by hand only a paid session becomes REFUNDED. A cancelled
 * session whose capture payment-service returned in full goes from PENDING or FAILED to REFUNDED; one whose
 * capture payment-service kept (learnt of after a client's cancellation that refunds less than everything) goes
 * to PAID and stays cancelled.
 */
public final class Session {

    public record Created(Session session, List<SessionEvent> events) {
    }

    private final UUID id;
    private final UUID consultantId;
    private final UUID clientId;
    private final SessionType type;
    private final BookingSource source;
    private final Duration bufferBefore;
    private final Duration bufferAfter;
    private final Instant createdAt;
    private String title;
    private Instant startsAt;
    private Duration duration;
    private Money amount;
    private MeetingPlatform platform;
    private String meetingLink;
    private String notes;
    private String consultantNotes;
    private SessionStatus status;
    private PaymentStatus paymentStatus;
    private PaymentMethod paymentMethod;
    private String paymentReference;
    private Instant holdExpiresAt;
    private String cancellationReason;
    private Instant updatedAt;
    private final long version;

    /**
     * Everything a session is, as stored: what {@link SessionRepository} reads back and hands to
     * {@link #Session(State)}. Nullable: meetingLink, notes, consultantNotes, paymentMethod,
     * paymentReference, holdExpiresAt, cancellationReason. {@code version} counts the writes of the stored
     * row (0 when new); it is what the session's {@code ETag} shows and {@code If-Match} is compared with.
     */
    public record State(UUID id, UUID consultantId, UUID clientId, SessionType type, BookingSource source,
                        Duration bufferBefore, Duration bufferAfter, Instant createdAt, String title, Instant startsAt,
                        Duration duration, Money amount, MeetingPlatform platform, String meetingLink, String notes,
                        String consultantNotes, SessionStatus status, PaymentStatus paymentStatus,
                        PaymentMethod paymentMethod, String paymentReference, Instant holdExpiresAt,
                        String cancellationReason, Instant updatedAt, long version) {
    }

    public Session(State state) {
        this.id = Objects.requireNonNull(state.id(), "id");
        this.consultantId = Objects.requireNonNull(state.consultantId(), "consultantId");
        this.clientId = Objects.requireNonNull(state.clientId(), "clientId");
        this.type = Objects.requireNonNull(state.type(), "type");
        this.source = Objects.requireNonNull(state.source(), "source");
        this.bufferBefore = Objects.requireNonNull(state.bufferBefore(), "bufferBefore");
        this.bufferAfter = Objects.requireNonNull(state.bufferAfter(), "bufferAfter");
        this.createdAt = Objects.requireNonNull(state.createdAt(), "createdAt");
        this.title = Objects.requireNonNull(state.title(), "title");
        this.startsAt = Objects.requireNonNull(state.startsAt(), "startsAt");
        this.duration = Objects.requireNonNull(state.duration(), "duration");
        this.amount = Objects.requireNonNull(state.amount(), "amount");
        this.platform = Objects.requireNonNull(state.platform(), "platform");
        this.meetingLink = state.meetingLink();
        this.notes = state.notes();
        this.consultantNotes = state.consultantNotes();
        this.status = Objects.requireNonNull(state.status(), "status");
        this.paymentStatus = Objects.requireNonNull(state.paymentStatus(), "paymentStatus");
        this.paymentMethod = state.paymentMethod();
        this.paymentReference = state.paymentReference();
        this.holdExpiresAt = state.holdExpiresAt();
        this.cancellationReason = state.cancellationReason();
        this.updatedAt = Objects.requireNonNull(state.updatedAt(), "updatedAt");
        this.version = state.version();
    }

    /**
     * A client's booking from the public page: pending, with a hold that keeps the slot until it runs out.
     * A priced session waits for its payment; a session that costs nothing waits for its booker to confirm
     * their email ({@link #confirmEmail}), so that nobody fills a calendar with free bookings under addresses
     * they do not own (issue 14). Either way the hold runs out into ABANDONED unless confirmed.
     *
     * @param paymentCapabilityHash the hash of the capability the client will pay with ({@link PaymentCapability#hash()}),
     *                              announced in SessionBooked; ignored for a free session, which is not paid
     */
    public static Created bookPublic(UUID id, UUID consultantId, Attendee attendee, SessionDetails details,
                                     Availability rules, Duration hold, String paymentCapabilityHash, Instant now) {
        boolean free = details.amount().isZero();
        Session session = new Session(new State(id, consultantId, attendee.clientId(), details.type(), BookingSource.PUBLIC,
                rules.bufferBefore(), rules.bufferAfter(), now, details.title(), details.startsAt(), details.duration(),
                details.amount(), details.platform(), details.meetingLink(), details.notes(), details.consultantNotes(),
                SessionStatus.PENDING, PaymentStatus.PENDING, null, null, now.plus(hold), null, now, 0));
        return new Created(session, session.bookedEvents(attendee, rules, free ? null : paymentCapabilityHash, now));
    }

    /**
     * A session the consultant records: already agreed, so confirmed unless asked to stay pending,
     * and with no hold to expire. A paid one needs to say how it was paid.
     */
    public static Created createManual(UUID id, UUID consultantId, Attendee attendee, SessionDetails details,
                                       Availability rules, SessionStatus status, PaymentStatus paymentStatus,
                                       PaymentMethod paymentMethod, Instant now) {
        if (status != SessionStatus.PENDING && status != SessionStatus.CONFIRMED) {
            throw new SessionTransitionException("status", "a new session is PENDING or CONFIRMED, not " + status);
        }
        if (paymentStatus != PaymentStatus.PENDING && paymentStatus != PaymentStatus.PAID) {
            throw new SessionTransitionException("paymentStatus", "a new session's payment is PENDING or PAID, not " + paymentStatus);
        }
        if (paymentStatus == PaymentStatus.PAID && paymentMethod == null) {
            throw new SessionTransitionException("paymentMethod", "is required when the session is paid");
        }
        Session session = new Session(new State(id, consultantId, attendee.clientId(), details.type(), BookingSource.MANUAL,
                rules.bufferBefore(), rules.bufferAfter(), now, details.title(), details.startsAt(), details.duration(),
                details.amount(), details.platform(), details.meetingLink(), details.notes(), details.consultantNotes(),
                status, paymentStatus, paymentMethod, null, null, null, now, 0));
        return new Created(session, session.bookedEvents(attendee, rules, null, now));
    }

    private List<SessionEvent> bookedEvents(Attendee attendee, Availability rules, String paymentCapabilityHash, Instant now) {
        String link = effectiveMeetingLink(rules.meetingLinks());
        SessionEvent.Booked booked = new SessionEvent.Booked(id, source, attendee, link, rules.timeZone(),
                paymentCapabilityHash, now);
        return status == SessionStatus.CONFIRMED
                ? List.of(booked, new SessionEvent.Confirmed(id, link, now))
                : List.of(booked);
    }

    /** @param meetingLinks the consultant's default link per platform, for a session without its own (the event tells the client where to meet) */
    public List<SessionEvent> confirm(Map<MeetingPlatform, String> meetingLinks, Instant now) {
        requireStatus("status", SessionStatus.CONFIRMED, SessionStatus.PENDING);
        status = SessionStatus.CONFIRMED;
        holdExpiresAt = null;
        return touched(now, new SessionEvent.Confirmed(id, effectiveMeetingLink(meetingLinks), now));
    }

    /**
     * Whether this is a free public booking still waiting for its booker to confirm their email: nothing else
     * confirms it but {@link #confirmEmail} (or the consultant by hand), and its hold runs out otherwise.
     */
    public boolean awaitsEmailConfirmation() {
        return source == BookingSource.PUBLIC && amount.isZero() && status == SessionStatus.PENDING;
    }

    /**
     * The booker of a free public booking followed the link mailed to them: the session is confirmed (and, costing
     * nothing, paid), raising SessionPaymentUpdated and SessionConfirmed as a captured payment does. A booking
     * already confirmed changes nothing, so following the link twice is harmless. {@code meetingLinks} as for
     * {@link #confirm}.
     *
     * @throws SessionTransitionException when the session is not a free public booking (field {@code token})
     * @throws EmailConfirmationRefusedException 410 when the hold ran out (abandoned, or due to be), 409 when the
     *         booking was cancelled or otherwise left PENDING
     */
    public List<SessionEvent> confirmEmail(Map<MeetingPlatform, String> meetingLinks, Instant now) {
        if (source != BookingSource.PUBLIC || !amount.isZero()) {
            throw new SessionTransitionException("token", "only a free public booking is confirmed by its booker's email");
        }
        if (status == SessionStatus.CONFIRMED) {
            return List.of();
        }
        if (status == SessionStatus.ABANDONED || isHoldExpired(now)) {
            throw EmailConfirmationRefusedException.holdRanOut(holdExpiresAt);
        }
        if (status != SessionStatus.PENDING) {
            throw EmailConfirmationRefusedException.notPending(status);
        }
        List<SessionEvent> events = new ArrayList<>(movePayment(PaymentStatus.PAID, now));
        events.addAll(confirm(meetingLinks, now));
        return events;
    }

    public List<SessionEvent> complete(Instant now) {
        requireStatus("status", SessionStatus.COMPLETED, SessionStatus.CONFIRMED);
        requireStarted(SessionStatus.COMPLETED, now);
        status = SessionStatus.COMPLETED;
        return touched(now, new SessionEvent.Completed(id, now));
    }

    public List<SessionEvent> markNoShow(Instant now) {
        requireStatus("status", SessionStatus.NO_SHOW, SessionStatus.CONFIRMED);
        requireStarted(SessionStatus.NO_SHOW, now);
        status = SessionStatus.NO_SHOW;
        return touched(now, new SessionEvent.NoShow(id, now));
    }

    /**
     * The consultant cancels: a paid session is refunded in full (payment-service). A cancelled session cancelled
     * again changes nothing and raises nothing: the repeat is a retry whose first answer was lost (RFC 9110
     * §9.2.2, DELETE is idempotent, and cancel is its POST twin), as a status change to the current status is.
     */
    public List<SessionEvent> cancel(String reason, Instant now) {
        return cancel(reason, SessionEvent.CancelledBy.CONSULTANT, null, now);
    }

    /**
     * The client cancels through their manage link, within the consultant's policy (checked by the caller). A
     * cancelled session changes nothing, as for {@link #cancel(String, Instant)}.
     *
     * @param refundPercent share of the capture to return, 0 to 100, as the policy allows at {@code now}
     */
    public List<SessionEvent> cancelByClient(String reason, int refundPercent, Instant now) {
        if (refundPercent < 0 || refundPercent > 100) {
            throw new IllegalArgumentException("a refund share is 0 to 100 percent, not " + refundPercent);
        }
        return cancel(reason, SessionEvent.CancelledBy.CLIENT, refundPercent, now);
    }

    private List<SessionEvent> cancel(String reason, SessionEvent.CancelledBy by, Integer refundPercent, Instant now) {
        if (reason == null || reason.isBlank()) {
            throw new SessionTransitionException("reason", "is required to cancel a session");
        }
        if (status == SessionStatus.CANCELLED) {
            return List.of();
        }
        requireStatus("status", SessionStatus.CANCELLED, SessionStatus.PENDING, SessionStatus.CONFIRMED);
        status = SessionStatus.CANCELLED;
        cancellationReason = reason.strip();
        holdExpiresAt = null;
        return touched(now, new SessionEvent.Cancelled(id, cancellationReason, by, refundPercent, now));
    }

    /** The consultant moves the session, as {@link #reschedule(Instant, Duration, String, SessionEvent.ChangedBy, Instant)}. */
    public List<SessionEvent> reschedule(Instant newStart, Duration newDuration, String reason, Instant now) {
        return reschedule(newStart, newDuration, reason, SessionEvent.ChangedBy.CONSULTANT, now);
    }

    /** Moves the session; whether the new time is free is for the database to say. */
    public List<SessionEvent> reschedule(Instant newStart, Duration newDuration, String reason, SessionEvent.ChangedBy by,
                                         Instant now) {
        requireStatus("startsAt", null, SessionStatus.PENDING, SessionStatus.CONFIRMED);
        if (!newStart.isAfter(now)) {
            throw new SessionTransitionException("startsAt", "a session can only be moved to a time in the future");
        }
        Duration length = newDuration == null ? duration : newDuration;
        if (newStart.equals(startsAt) && length.equals(duration)) {
            return List.of();
        }
        Instant previousStart = startsAt;
        Duration previousDuration = duration;
        startsAt = newStart;
        duration = length;
        return touched(now, new SessionEvent.Rescheduled(id, previousStart, previousDuration, newStart, length, reason, by, now));
    }

    /** Gives the slot back when an unpaid public booking's hold has run out; otherwise nothing happens. */
    public List<SessionEvent> expireHold(Instant now) {
        if (!isHoldExpired(now)) {
            return List.of();
        }
        status = SessionStatus.ABANDONED;
        List<SessionEvent> events = new ArrayList<>(touched(now, new SessionEvent.Abandoned(id, holdExpiresAt, now)));
        // Never paid before the hold ran out: the payment did not happen, it is no longer pending (FAILED may
        // still become PAID when a late capture takes the time back).
        if (paymentStatus == PaymentStatus.PENDING) {
            events.addAll(movePayment(PaymentStatus.FAILED, now));
        }
        return events;
    }

    /**
     * The client opened a payment order at {@code openedAt}: a pending booking whose hold had not run out
     * by then keeps its slot {@code grace} longer, but never past {@code maximum} after it was booked, so a
     * hold cannot be stretched for ever. Anything else (confirmed, abandoned, paid, at the cap) changes
     * nothing. The slot's time is unchanged, so the exclusion constraint has nothing new to decide.
     */
    public List<SessionEvent> extendHold(Instant openedAt, Duration grace, Duration maximum, Instant now) {
        if (status != SessionStatus.PENDING || holdExpiresAt == null || paymentStatus == PaymentStatus.PAID
                || !openedAt.isBefore(holdExpiresAt)) {
            return List.of();
        }
        Instant extended = holdExpiresAt.plus(grace);
        Instant cap = createdAt.plus(maximum);
        Instant target = extended.isBefore(cap) ? extended : cap;
        if (!target.isAfter(holdExpiresAt)) {
            return List.of();
        }
        Instant previous = holdExpiresAt;
        holdExpiresAt = target;
        return touched(now, new SessionEvent.HoldExtended(id, previous, target, now));
    }

    public boolean isHoldExpired(Instant now) {
        return status == SessionStatus.PENDING && holdExpiresAt != null && !now.isBefore(holdExpiresAt)
                && paymentStatus != PaymentStatus.PAID;
    }

    /**
     * The dashboard's status change: each target goes through its own rule; the same status changes
     * nothing. {@code meetingLinks} as for {@link #confirm}.
     */
    public List<SessionEvent> changeStatus(SessionStatus target, String reason, Map<MeetingPlatform, String> meetingLinks,
                                           Instant now) {
        if (target == status) {
            return List.of();
        }
        return switch (target) {
            case CONFIRMED -> confirm(meetingLinks, now);
            case COMPLETED -> complete(now);
            case NO_SHOW -> markNoShow(now);
            case CANCELLED -> cancel(reason, now);
            case PENDING, ABANDONED -> throw new SessionTransitionException("status",
                    "a session cannot be moved to " + target + " by hand");
        };
    }

    /** The dashboard's payment change, e.g. cash received; paid needs to say how. */
    public List<SessionEvent> changePaymentStatus(PaymentStatus target, PaymentMethod method, Instant now) {
        if (target == paymentStatus && (method == null || method == paymentMethod)) {
            return List.of();
        }
        if (target == PaymentStatus.REFUNDED && paymentStatus != PaymentStatus.PAID && target != paymentStatus) {
            throw new SessionTransitionException("paymentStatus",
                    "only a paid session can be refunded; this one's payment is " + paymentStatus);
        }
        if (target != paymentStatus && !paymentStatus.canMoveTo(target)) {
            throw new SessionTransitionException("paymentStatus",
                    "payment cannot move from " + paymentStatus + " to " + target);
        }
        PaymentMethod resolved = method != null ? method : paymentMethod;
        if (target == PaymentStatus.PAID && resolved == null) {
            throw new SessionTransitionException("paymentMethod", "is required when the session is paid");
        }
        paymentMethod = resolved;
        return movePayment(target, now);
    }

    /**
     * Razorpay took the money: a pending booking becomes confirmed and paid. A booking abandoned meanwhile
     * (the capture came after the hold expired) is confirmed and paid too, and takes its time back: whether
     * that time is still free is for the database to say when the session is written (exclusion constraint,
     * webinar seats); when it is not, the caller discards this change and calls {@link #declinePayment}
     * (DESIGN.md, holds and payments in flight). A cancelled booking stays cancelled but records the payment as
     * PAID: payment-service accepted the capture, either before it learnt of the cancellation or after it because
     * the cancellation refunds less than everything (a client's, under the consultant's policy), and refunds the
     * cancellation's share itself; a full refund then makes the payment REFUNDED ({@link #paymentRefunded}), a
     * partial one leaves it PAID. A capture seen twice changes nothing. {@code meetingLinks} as for {@link #confirm}.
     */
    public List<SessionEvent> paymentCaptured(String reference, Map<MeetingPlatform, String> meetingLinks, Instant now) {
        if (paymentStatus == PaymentStatus.PAID || paymentStatus == PaymentStatus.REFUNDED) {
            return List.of();
        }
        if (status == SessionStatus.CANCELLED) {
            paymentMethod = PaymentMethod.RAZORPAY;
            paymentReference = reference;
            return movePayment(PaymentStatus.PAID, now);
        }
        if (status == SessionStatus.ABANDONED) {
            status = SessionStatus.PENDING;
        }
        List<SessionEvent> events = new ArrayList<>();
        paymentMethod = PaymentMethod.RAZORPAY;
        paymentReference = reference;
        events.addAll(movePayment(PaymentStatus.PAID, now));
        if (status == SessionStatus.PENDING) {
            events.addAll(confirm(meetingLinks, now));
        }
        return events;
    }

    /**
     * An abandoned booking cannot keep a payment captured after its hold expired, because its time was
     * taken meanwhile: it stays abandoned and unpaid, and says so, so that payment-service returns the
     * money. Any other booking declines nothing.
     */
    public List<SessionEvent> declinePayment(UUID paymentId, String providerPaymentId, Money captured,
                                             SessionEvent.DeclineReason reason, Instant now) {
        if (status != SessionStatus.ABANDONED || paymentStatus == PaymentStatus.PAID) {
            return List.of();
        }
        return touched(now, new SessionEvent.PaymentDeclined(id, paymentId, providerPaymentId, captured, reason, now));
    }

    /** A failed attempt leaves the hold running so the client can try again before it expires. */
    public List<SessionEvent> paymentFailed(Instant now) {
        if (paymentStatus != PaymentStatus.PENDING) {
            return List.of();
        }
        return movePayment(PaymentStatus.FAILED, now);
    }

    /**
     * payment-service refunded the session's capture. Only a full refund makes the payment REFUNDED; a
     * partial one leaves it PAID (payment-service keeps the refunded total).
     *
     * @param fully whether the whole capture is now refunded; null from PaymentRefunded v1 writers, which
     *              only refunded in full
     */
    public List<SessionEvent> paymentRefunded(Boolean fully, Instant now) {
        if (paymentStatus == PaymentStatus.REFUNDED || Boolean.FALSE.equals(fully)) {
            return List.of();
        }
        return movePayment(PaymentStatus.REFUNDED, now);
    }

    /**
     * payment-service gave a capture of this session back in full, because the session could not take it
     * (PaymentReturned). A cancelled session that never learnt of that payment (still PENDING, or FAILED from
     * an earlier attempt) records it as REFUNDED through Razorpay: the client paid for it and got all of it
     * back, and no payment is pending any more. Anything else changes nothing: a paid or refunded session
     * keeps its own payment (the returned one was a second payment), a live pending one can still be paid,
     * and an abandoned one declined the capture itself (SessionPaymentDeclined) and keeps its payment FAILED,
     * as a declined late capture never becomes the session's payment. Seen twice, it changes nothing.
     *
     * @param providerPaymentId Razorpay's id of the returned payment (pay_...), kept as the payment reference
     */
    public List<SessionEvent> paymentReturned(String providerPaymentId, Instant now) {
        if (status != SessionStatus.CANCELLED
                || (paymentStatus != PaymentStatus.PENDING && paymentStatus != PaymentStatus.FAILED)) {
            return List.of();
        }
        paymentMethod = PaymentMethod.RAZORPAY;
        paymentReference = providerPaymentId;
        return movePayment(PaymentStatus.REFUNDED, now);
    }

    /** Edits that change neither time nor state. The price of a public booking is the one the client was asked to pay. */
    public void revise(String newTitle, Money newAmount, MeetingPlatform newPlatform, String newMeetingLink,
                       String newNotes, String newConsultantNotes, Instant now) {
        if (newAmount != null && !newAmount.equals(amount)) {
            if (source == BookingSource.PUBLIC) {
                throw new SessionTransitionException("amount", "the price of a public booking cannot be changed");
            }
            if (paymentStatus == PaymentStatus.PAID || paymentStatus == PaymentStatus.REFUNDED) {
                throw new SessionTransitionException("amount", "cannot change once the session is " + paymentStatus);
            }
            amount = newAmount;
        }
        if (newTitle != null) {
            title = newTitle;
        }
        if (newPlatform != null) {
            platform = newPlatform;
        }
        if (newMeetingLink != null) {
            meetingLink = newMeetingLink.isBlank() ? null : newMeetingLink;
        }
        if (newNotes != null) {
            notes = newNotes;
        }
        if (newConsultantNotes != null) {
            consultantNotes = newConsultantNotes;
        }
        updatedAt = now;
    }

    /** The session's own link, or else the consultant's default for its platform. */
    public String effectiveMeetingLink(Map<MeetingPlatform, String> defaults) {
        return meetingLink != null ? meetingLink : defaults.get(platform);
    }

    public Instant endsAt() {
        return startsAt.plus(duration);
    }

    /** The time this session keeps from other sessions: its own plus the buffers set when it was booked. */
    public TimeSpan blockedTime() {
        return new TimeSpan(startsAt.minus(bufferBefore), endsAt().plus(bufferAfter));
    }

    private List<SessionEvent> movePayment(PaymentStatus target, Instant now) {
        PaymentStatus previous = paymentStatus;
        paymentStatus = target;
        return touched(now, new SessionEvent.PaymentChanged(id, previous, target, now));
    }

    private void requireStatus(String field, SessionStatus target, SessionStatus... allowed) {
        for (SessionStatus candidate : allowed) {
            if (status == candidate) {
                return;
            }
        }
        String action = target == null ? "changed" : "moved to " + target;
        throw new SessionTransitionException(field, "a " + status + " session cannot be " + action);
    }

    private void requireStarted(SessionStatus target, Instant now) {
        if (now.isBefore(startsAt)) {
            throw new SessionTransitionException("status", "a session cannot be " + target + " before it starts");
        }
    }

    private List<SessionEvent> touched(Instant now, SessionEvent event) {
        updatedAt = now;
        return List.of(event);
    }

    public UUID id() {
        return id;
    }

    public UUID consultantId() {
        return consultantId;
    }

    public UUID clientId() {
        return clientId;
    }

    public SessionType type() {
        return type;
    }

    public BookingSource source() {
        return source;
    }

    public Duration bufferBefore() {
        return bufferBefore;
    }

    public Duration bufferAfter() {
        return bufferAfter;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String title() {
        return title;
    }

    public Instant startsAt() {
        return startsAt;
    }

    public Duration duration() {
        return duration;
    }

    public Money amount() {
        return amount;
    }

    public MeetingPlatform platform() {
        return platform;
    }

    public String meetingLink() {
        return meetingLink;
    }

    public String notes() {
        return notes;
    }

    public String consultantNotes() {
        return consultantNotes;
    }

    public SessionStatus status() {
        return status;
    }

    public PaymentStatus paymentStatus() {
        return paymentStatus;
    }

    public PaymentMethod paymentMethod() {
        return paymentMethod;
    }

    public String paymentReference() {
        return paymentReference;
    }

    public Instant holdExpiresAt() {
        return holdExpiresAt;
    }

    public String cancellationReason() {
        return cancellationReason;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** How many times the stored row was written; the session's ETag. */
    public long version() {
        return version;
    }
}
