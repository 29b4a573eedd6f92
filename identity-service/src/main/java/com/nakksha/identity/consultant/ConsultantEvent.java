package com.nakksha.identity.consultant;

import java.time.Instant;
import java.util.UUID;

/** What happened to a consultant, as the aggregate reports it; published through the outbox. */
public sealed interface ConsultantEvent {

    UUID consultantId();

    Instant occurredAt();

    record Registered(UUID consultantId, Instant occurredAt, String email, String firstName, String lastName,
                      String phoneCountryCode, String phoneNumber) implements ConsultantEvent {
    }

    /** The public profile as it is now; never bank details. */
    record ProfileUpdated(UUID consultantId, Instant occurredAt, Profile profile, long profileVersion)
            implements ConsultantEvent {
    }

    /** Approval, or reinstatement after a suspension: either way the account is open again. */
    record Approved(UUID consultantId, Instant occurredAt, UUID approvedBy) implements ConsultantEvent {
    }

    record Rejected(UUID consultantId, Instant occurredAt, String reason, UUID rejectedBy) implements ConsultantEvent {
    }

    record Suspended(UUID consultantId, Instant occurredAt, String reason, UUID suspendedBy) implements ConsultantEvent {
    }
}
