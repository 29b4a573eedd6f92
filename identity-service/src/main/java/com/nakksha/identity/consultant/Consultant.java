package com.nakksha.identity.consultant;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nakksha.identity.account.EmailAddress;

/**
 * The consultant account aggregate. Every state-changing method returns the events it raised, so
 * the caller appends exactly those to the outbox in the same transaction as the row update.
 *
 * <p>Status: PENDING_APPROVAL → APPROVED | REJECTED; APPROVED ↔ SUSPENDED (reinstatement).
 */
public final class Consultant {

    public static final int MAX_REASON_LENGTH = 1000;

    private final UUID id;
    private final EmailAddress email;
    private final Instant createdAt;
    private String passwordHash;
    private ConsultantStatus status;
    private String statusReason;
    private Instant emailVerifiedAt;
    private Profile profile;
    private long profileVersion;
    private String sealedBankDetails;
    private Instant updatedAt;

    public Consultant(UUID id, EmailAddress email, String passwordHash, ConsultantStatus status, String statusReason,
                      Instant emailVerifiedAt, Profile profile, long profileVersion, String sealedBankDetails,
                      Instant createdAt, Instant updatedAt) {
        this.id = id;
        this.email = email;
        this.passwordHash = passwordHash;
        this.status = status;
        this.statusReason = statusReason;
        this.emailVerifiedAt = emailVerifiedAt;
        this.profile = profile;
        this.profileVersion = profileVersion;
        this.sealedBankDetails = sealedBankDetails;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    public static Registration register(UUID id, EmailAddress email, String passwordHash, Profile profile, Instant now) {
        Consultant consultant = new Consultant(id, email, passwordHash, ConsultantStatus.PENDING_APPROVAL, null,
                null, profile, 1, null, now, now);
        List<ConsultantEvent> events = List.of(
                new ConsultantEvent.Registered(id, now, email.value(), profile.firstName(), profile.lastName(),
                        profile.phone().countryCode(), profile.phone().number()),
                new ConsultantEvent.ProfileUpdated(id, now, profile, 1));
        return new Registration(consultant, events);
    }

    public List<ConsultantEvent> approve(UUID adminId, Instant now) {
        requireStatus(ConsultantStatus.PENDING_APPROVAL, "approve");
        changeStatus(ConsultantStatus.APPROVED, null, now);
        return List.of(new ConsultantEvent.Approved(id, now, adminId));
    }

    public List<ConsultantEvent> reject(UUID adminId, String reason, Instant now) {
        requireStatus(ConsultantStatus.PENDING_APPROVAL, "reject");
        String checked = requireReason(reason);
        changeStatus(ConsultantStatus.REJECTED, checked, now);
        return List.of(new ConsultantEvent.Rejected(id, now, checked, adminId));
    }

    public List<ConsultantEvent> suspend(UUID adminId, String reason, Instant now) {
        requireStatus(ConsultantStatus.APPROVED, "suspend");
        String checked = requireReason(reason);
        changeStatus(ConsultantStatus.SUSPENDED, checked, now);
        return List.of(new ConsultantEvent.Suspended(id, now, checked, adminId));
    }

    public List<ConsultantEvent> reinstate(UUID adminId, Instant now) {
        requireStatus(ConsultantStatus.SUSPENDED, "reinstate");
        changeStatus(ConsultantStatus.APPROVED, null, now);
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

    private void requireStatus(ConsultantStatus required, String action) {
        if (status != required) {
            throw new StatusChangeRefused(status, action);
        }
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

    private void changeStatus(ConsultantStatus next, String reason, Instant now) {
        status = next;
        statusReason = reason;
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
