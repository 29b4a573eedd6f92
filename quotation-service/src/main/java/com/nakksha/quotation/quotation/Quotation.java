package com.nakksha.quotation.quotation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A quotation and the rules for how it may change (issue 9, DESIGN.md flow 4). Every method that
 * changes it returns the events it raised, which the caller records and appends to the outbox in the
 * same transaction. A refused change throws {@link QuotationTransitionException} and changes nothing.
 * A change to the state the quotation is in already (accept, reject, withdraw repeated) returns no events
 * and changes nothing: it is most likely a retry after a lost answer, which gets the first answer again.
 */
public final class Quotation {

    public record Created(Quotation quotation, List<QuotationEvent> events) {
    }

    /**
     * Everything a quotation is, as stored. Nullable: shareTokenHash (until sent), lastViewedAt, sentAt,
     * viewedAt, respondedAt, rejectionReason, withdrawnAt, paidAt.
     */
    public record State(UUID id, UUID consultantId, QuotationDetails details, QuotationStatus status,
                        String shareTokenHash, int viewCount, Instant lastViewedAt, Instant sentAt, Instant viewedAt,
                        Instant respondedAt, String rejectionReason, Instant withdrawnAt, Instant paidAt,
                        Instant createdAt, Instant updatedAt) {
    }

    private final UUID id;
    private final UUID consultantId;
    private final Instant createdAt;
    private QuotationDetails details;
    private QuotationStatus status;
    private String shareTokenHash;
    private int viewCount;
    private Instant lastViewedAt;
    private Instant sentAt;
    private Instant viewedAt;
    private Instant respondedAt;
    private String rejectionReason;
    private Instant withdrawnAt;
    private Instant paidAt;
    private Instant updatedAt;

    public Quotation(State state) {
        this.id = Objects.requireNonNull(state.id(), "id");
        this.consultantId = Objects.requireNonNull(state.consultantId(), "consultantId");
        this.details = Objects.requireNonNull(state.details(), "details");
        this.status = Objects.requireNonNull(state.status(), "status");
        this.shareTokenHash = state.shareTokenHash();
        this.viewCount = state.viewCount();
        this.lastViewedAt = state.lastViewedAt();
        this.sentAt = state.sentAt();
        this.viewedAt = state.viewedAt();
        this.respondedAt = state.respondedAt();
        this.rejectionReason = state.rejectionReason();
        this.withdrawnAt = state.withdrawnAt();
        this.paidAt = state.paidAt();
        this.createdAt = Objects.requireNonNull(state.createdAt(), "createdAt");
        this.updatedAt = Objects.requireNonNull(state.updatedAt(), "updatedAt");
    }

    /** A new draft. */
    public static Created draft(UUID id, UUID consultantId, QuotationDetails details, Instant now) {
        Quotation quotation = new Quotation(new State(id, consultantId, details, QuotationStatus.DRAFT, null, 0, null,
                null, null, null, null, null, null, now, now));
        return new Created(quotation, List.of(new QuotationEvent.Drafted(id, null, now)));
    }

    /**
     * A new draft with this one's details, whatever this one's status; the expiry is dropped when it has
     * passed, so the copy can be sent again after a new one is set.
     */
    public Created duplicate(UUID newId, Instant now) {
        Instant expiry = details.expiresAt() != null && details.expiresAt().isAfter(now) ? details.expiresAt() : null;
        QuotationDetails copy = new QuotationDetails(details.clientId(), details.clientName(), details.clientEmail(),
                details.name(), details.description(), details.pricing(), details.currency(), details.validityText(),
                expiry, details.imageUrl(), details.notes());
        Quotation quotation = new Quotation(new State(newId, consultantId, copy, QuotationStatus.DRAFT, null, 0, null,
                null, null, null, null, null, null, now, now));
        return new Created(quotation, List.of(new QuotationEvent.Drafted(newId, id, now)));
    }

    /** Replaces the draft's details; a quotation that went out is never edited. */
    public List<QuotationEvent> edit(QuotationDetails changed, Instant now) {
        require("status", "edit", QuotationStatus.DRAFT);
        details = Objects.requireNonNull(changed, "changed");
        return touched(now, new QuotationEvent.Edited(id, now));
    }

    /**
     * DRAFT → SENT: the client is mailed {@code shareUrl}, whose token's hash is {@code tokenHash}. A
     * draft without an expiry gets {@code now + defaultValidity}; one whose expiry has passed is refused.
     */
    public List<QuotationEvent> send(String tokenHash, String shareUrl, Duration defaultValidity, Instant now) {
        require("status", "send", QuotationStatus.DRAFT);
        Instant expiry = details.expiresAt() == null ? now.plus(defaultValidity) : details.expiresAt();
        if (!expiry.isAfter(now)) {
            throw new QuotationTransitionException("expiresAt", "a quotation cannot be sent with an expiry in the past");
        }
        details = withExpiry(expiry);
        status = QuotationStatus.SENT;
        shareTokenHash = Objects.requireNonNull(tokenHash, "tokenHash");
        sentAt = now;
        return touched(now, new QuotationEvent.Sent(id, shareUrl, expiry, now));
    }

    /**
     * A client opened the share link. Every view counts; the first moves SENT → VIEWED. QuotationViewed
     * is raised on the first view and otherwise only when {@code notify} (the caller's throttle per
     * viewer says this viewer was not announced recently). A link past its expiry expires first and the
     * view is not counted; a withdrawn one throws {@link QuotationWithdrawnException}.
     */
    public List<QuotationEvent> view(boolean notify, Instant now) {
        List<QuotationEvent> expired = expireIfDue(now);
        if (!expired.isEmpty()) {
            return expired;
        }
        requireNotWithdrawn();
        if (status == QuotationStatus.DRAFT) {
            throw new QuotationTransitionException("status", "a draft has no share link");
        }
        viewCount++;
        lastViewedAt = now;
        boolean first = status == QuotationStatus.SENT;
        if (first) {
            status = QuotationStatus.VIEWED;
            viewedAt = now;
        }
        updatedAt = now;
        return first || notify ? List.of(new QuotationEvent.Viewed(id, viewCount, now)) : List.of();
    }

    /**
     * The client accepts: SENT or VIEWED → ACCEPTED. Accepting an accepted quotation again changes
     * nothing and raises nothing (the answer is the same). An expired one is refused.
     *
     * @param paymentCapabilityHash hex SHA-256 of the capability handed to the client with the answer
     */
    public List<QuotationEvent> accept(String paymentCapabilityHash, Instant now) {
        List<QuotationEvent> expired = expireIfDue(now);
        requireNotWithdrawn();
        if (status == QuotationStatus.ACCEPTED) {
            return List.of();
        }
        if (!expired.isEmpty()) {
            throw new ExpiredOnAccessException(expired, "the quotation expired at " + details.expiresAt());
        }
        require("status", "accept", QuotationStatus.SENT, QuotationStatus.VIEWED);
        status = QuotationStatus.ACCEPTED;
        respondedAt = now;
        return touched(now, new QuotationEvent.Accepted(id, paymentCapabilityHash, now));
    }

    /**
     * The client declines, optionally saying why: SENT or VIEWED → REJECTED. An expired one is refused.
     * Rejecting a rejected quotation again changes nothing and raises nothing, whatever reason it gives: the
     * repeat is most likely a retry after a lost answer, so reject is idempotent (RFC 9110 §9.2.2) as accept
     * is, and the retry gets the first answer. The first reason and times stay.
     */
    public List<QuotationEvent> reject(String reason, Instant now) {
        List<QuotationEvent> expired = expireIfDue(now);
        requireNotWithdrawn();
        if (status == QuotationStatus.REJECTED) {
            return List.of();
        }
        if (!expired.isEmpty()) {
            throw new ExpiredOnAccessException(expired, "the quotation expired at " + details.expiresAt());
        }
        require("status", "reject", QuotationStatus.SENT, QuotationStatus.VIEWED);
        status = QuotationStatus.REJECTED;
        respondedAt = now;
        rejectionReason = reason == null || reason.isBlank() ? null : reason.strip();
        return touched(now, new QuotationEvent.Rejected(id, rejectionReason, now));
    }

    /**
     * The consultant takes back a quotation that is out and unanswered: SENT or VIEWED → WITHDRAWN.
     * Withdrawing a withdrawn quotation again changes nothing and raises nothing: the repeat is most likely
     * a retry after a lost answer, so withdraw is idempotent (RFC 9110 §9.2.2) and the retry gets the first
     * answer. The first {@code withdrawnAt} stays.
     */
    public List<QuotationEvent> withdraw(Instant now) {
        if (status == QuotationStatus.WITHDRAWN) {
            return List.of();
        }
        require("status", "withdraw", QuotationStatus.SENT, QuotationStatus.VIEWED);
        status = QuotationStatus.WITHDRAWN;
        withdrawnAt = now;
        return touched(now, new QuotationEvent.Withdrawn(id, now));
    }

    /** SENT or VIEWED past its expiry → EXPIRED; otherwise nothing happens. */
    public List<QuotationEvent> expireIfDue(Instant now) {
        if (!isExpiryDue(now)) {
            return List.of();
        }
        status = QuotationStatus.EXPIRED;
        return touched(now, new QuotationEvent.Expired(id, now));
    }

    public boolean isExpiryDue(Instant now) {
        return status.isOpen() && details.expiresAt() != null && !now.isBefore(details.expiresAt());
    }

    /** Payment-service captured the money for this accepted quotation; a capture seen twice changes nothing. */
    public List<QuotationEvent> paid(Instant now) {
        if (status != QuotationStatus.ACCEPTED || paidAt != null) {
            return List.of();
        }
        paidAt = now;
        return touched(now, new QuotationEvent.Paid(id, now));
    }

    private QuotationDetails withExpiry(Instant expiry) {
        return new QuotationDetails(details.clientId(), details.clientName(), details.clientEmail(), details.name(),
                details.description(), details.pricing(), details.currency(), details.validityText(), expiry,
                details.imageUrl(), details.notes());
    }

    private void requireNotWithdrawn() {
        if (status == QuotationStatus.WITHDRAWN) {
            throw new QuotationWithdrawnException();
        }
    }

    private void require(String field, String action, QuotationStatus... allowed) {
        for (QuotationStatus candidate : allowed) {
            if (status == candidate) {
                return;
            }
        }
        throw new QuotationTransitionException(field, "a " + status + " quotation cannot " + action);
    }

    private List<QuotationEvent> touched(Instant now, QuotationEvent event) {
        updatedAt = now;
        return List.of(event);
    }

    public UUID id() {
        return id;
    }

    public UUID consultantId() {
        return consultantId;
    }

    public QuotationDetails details() {
        return details;
    }

    public QuotationStatus status() {
        return status;
    }

    public String shareTokenHash() {
        return shareTokenHash;
    }

    public int viewCount() {
        return viewCount;
    }

    public Instant lastViewedAt() {
        return lastViewedAt;
    }

    public Instant sentAt() {
        return sentAt;
    }

    public Instant viewedAt() {
        return viewedAt;
    }

    public Instant respondedAt() {
        return respondedAt;
    }

    public String rejectionReason() {
        return rejectionReason;
    }

    public Instant withdrawnAt() {
        return withdrawnAt;
    }

    public Instant paidAt() {
        return paidAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
