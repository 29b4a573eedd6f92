package com.nakksha.identity.consultant;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nakksha.identity.account.EmailAddress;

/**
 * The consultant account aggregate. Every state-changing method returns the events it raised, so
 * the caller appends exactly those to the outbox in the same transaction as the row update.
 *
 * <p>Status: PENDING_APPROVAL → APPROVED | REJECTED; APPROVED ↔ SUSPENDED (reinstatement); see {@link StatusDecision}.
 * A decision repeated on an account it already brought to its status changes nothing and raises nothing: the
 * repeat is a retry whose first answer was lost (a gateway 503 or timeout after the change was applied), and
 * answering it as the first try was answered is what makes the request idempotent (RFC 9110 §9.2.2). Every
 * other decision the table does not allow is refused with {@link StatusChangeRefused}.
 */
public final class Consultant {

    public static final int MAX_REASON_LENGTH = 1000;

    private final UUID id;
    private final EmailAddress email;
    private final Instant createdAt;
    private String passwordHash;
    private ConsultantStatus status;
    private String statusReason;
    private StatusDecision statusDecision;
    private Instant emailVerifiedAt;
    private Profile profile;
    private long profileVersion;
    private String sealedBankDetails;
    private Instant updatedAt;

    /** @param statusDecision the admin decision that brought the account to {@code status}; null while pending */
    public Consultant(UUID id, EmailAddress email, String passwordHash, ConsultantStatus status, String statusReason,
                      StatusDecision statusDecision, Instant emailVerifiedAt, Profile profile, long profileVersion,
                      String sealedBankDetails, Instant createdAt, Instant updatedAt) {
        this.id = id;
        this.email = email;
        this.passwordHash = passwordHash;
        this.status = status;
        this.statusReason = statusReason;
        this.statusDecision = statusDecision;
        this.emailVerifiedAt = emailVerifiedAt;
        this.profile = profile;
        this.profileVersion = profileVersion;
        this.sealedBankDetails = sealedBankDetails;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    public static Registration register(UUID id, EmailAddress email, String passwordHash, Profile profile, Instant now) {
        Consultant consultant = new Consultant(id, email, passwordHash, ConsultantStatus.PENDING_APPROVAL, null,
                null, null, profile, 1, null, now, now);
        List<ConsultantEvent> events = List.of(
                new ConsultantEvent.Registered(id, now, email.value(), profile.firstName(), profile.lastName(),
                        profile.phone().countryCode(), profile.phone().number()),
                new ConsultantEvent.ProfileUpdated(id, now, profile, 1));
        return new Registration(consultant, events);
    }

    /** Opens a pending account; repeated on an account it approved, changes and raises nothing. */
    public List<ConsultantEvent> approve(UUID adminId, Instant now) {
        if (decidedAlready(StatusDecision.APPROVE)) {
            return List.of();
        }
        decide(StatusDecision.APPROVE, null, now);
        return List.of(new ConsultantEvent.Approved(id, now, adminId));
    }

    /**
     * Refuses a pending account for good. Repeated on an account it rejected, changes and raises nothing, whatever
     * the repeat's reason: the first one stays. The reason is checked first, so a bad one is refused either way.
     */
    public List<ConsultantEvent> reject(UUID adminId, String reason, Instant now) {
        String checked = requireReason(reason);
        if (decidedAlready(StatusDecision.REJECT)) {
            return List.of();
        }
        decide(StatusDecision.REJECT, checked, now);
        return List.of(new ConsultantEvent.Rejected(id, now, checked, adminId));
    }

    /** Closes an approved account; repeated on an account it suspended, changes and raises nothing, as {@link #reject}. */
    public List<ConsultantEvent> suspend(UUID adminId, String reason, Instant now) {
        String checked = requireReason(reason);
        if (decidedAlready(StatusDecision.SUSPEND)) {
            return List.of();
        }
        decide(StatusDecision.SUSPEND, checked, now);
        return List.of(new ConsultantEvent.Suspended(id, now, checked, adminId));
    }

    /**
     * Opens a suspended account again; repeated on an account it reinstated, changes and raises nothing. An account
     * approved and never suspended since is refused: it was not reinstated, so this cannot be a retry.
     */
    public List<ConsultantEvent> reinstate(UUID adminId, Instant now) {
        if (decidedAlready(StatusDecision.REINSTATE)) {
            return List.of();
        }
        decide(StatusDecision.REINSTATE, null, now);
        return List.of(new ConsultantEvent.Approved(id, now, adminId));
    }

    /** A new public profile; raises nothing when nothing changed. */
    public List<ConsultantEvent> updateProfile(Profile changed, Instant now) {
        if (changed.equals(profile)) {
            return List.of();
        }
        profile = changed;
        profileVersion++;
        updatedAt = now;
        return List.of(new ConsultantEvent.ProfileUpdated(id, now, profile, profileVersion));
    }

    /** Bank details are private: replacing them raises no event. */
    public void replaceSealedBankDetails(String sealed, Instant now) {
        sealedBankDetails = sealed;
        updatedAt = now;
    }

    /** Idempotent; true when this call verified the address. */
    public boolean verifyEmail(Instant now) {
        if (emailVerifiedAt != null) {
            return false;
        }
        emailVerifiedAt = now;
        updatedAt = now;
        return true;
    }

    public void changePasswordHash(String newHash, Instant now) {
        passwordHash = newHash;
        updatedAt = now;
    }

    /** True when {@code decision} brought the account to its status: a repeat, to be answered as it stands. */
    private boolean decidedAlready(StatusDecision decision) {
        return status == decision.to() && statusDecision == decision;
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is required");
        }
        String stripped = reason.strip();
        if (stripped.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("reason must be at most " + MAX_REASON_LENGTH + " characters");
        }
        return stripped;
    }

    private void decide(StatusDecision decision, String reason, Instant now) {
        if (status != decision.from()) {
            throw new StatusChangeRefused(status, decision.verb());
        }
        status = decision.to();
        statusReason = reason;
        statusDecision = decision;
        updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public EmailAddress email() {
        return email;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public ConsultantStatus status() {
        return status;
    }

    public String statusReason() {
        return statusReason;
    }

    /** The admin decision that brought the account to its status; null while it is pending approval. */
    public StatusDecision statusDecision() {
        return statusDecision;
    }

    public Instant emailVerifiedAt() {
        return emailVerifiedAt;
    }

    public boolean emailVerified() {
        return emailVerifiedAt != null;
    }

    public Profile profile() {
        return profile;
    }

    public long profileVersion() {
        return profileVersion;
    }

    public String sealedBankDetails() {
        return sealedBankDetails;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public record Registration(Consultant consultant, List<ConsultantEvent> events) {
    }
}
