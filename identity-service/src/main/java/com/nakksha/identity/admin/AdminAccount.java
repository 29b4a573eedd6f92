package com.nakksha.identity.admin;

import java.time.Instant;
import java.util.UUID;

/** An admin as stored; TOTP secrets stay sealed until they are needed. A disabled admin can no longer log in. */
public record AdminAccount(
        UUID id,
        String email,
        String passwordHash,
        String fullName,
        String totpSecretSealed,
        String totpPendingSecretSealed,
        Instant totpEnabledAt,
        Long totpLastUsedStep,
        Instant createdAt,
        UUID createdBy,
        Instant disabledAt) {

    public boolean disabled() {
        return disabledAt != null;
    }

    public boolean totpEnabled() {
        return totpEnabledAt != null && totpSecretSealed != null;
    }

    static String secretContext(UUID adminId) {
        return "totp-secret:" + adminId;
    }

    @Override
    public String toString() {
        return "AdminAccount[id=" + id + ", email=" + email + "]";
    }
}
