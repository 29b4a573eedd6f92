package com.nakksha.identity.token;

import java.time.Instant;
import java.util.UUID;

import com.nakksha.edge.token.Role;

/**
 * One refresh token as stored (hash only). Tokens form a family started at login; each refresh
 * uses up the presented token and issues its successor in the same family, which keeps the
 * family's absolute expiry so a stolen token cannot be refreshed forever.
 */
public record RefreshToken(
        UUID id,
        UUID familyId,
        UUID accountId,
        Role accountType,
        String tokenHash,
        Instant issuedAt,
        Instant expiresAt,
        Instant usedAt,
        Instant revokedAt) {

    public static RefreshToken startFamily(UUID accountId, Role accountType, OpaqueToken token, Instant now,
                                           java.time.Duration absoluteLifetime) {
        return new RefreshToken(UUID.randomUUID(), UUID.randomUUID(), accountId, accountType, token.sha256(),
                now, now.plus(absoluteLifetime), null, null);
    }

    /** The decision for this token being presented at {@code now}. */
    public RefreshDecision presentedAt(Instant now) {
        if (revokedAt != null) {
            return new RefreshDecision.Refused("refresh token revoked");
        }
        if (usedAt != null) {
            // A used token coming back means two parties hold the family: the thief or the owner.
            return new RefreshDecision.ReuseDetected(familyId);
        }
        if (!now.isBefore(expiresAt)) {
            return new RefreshDecision.Refused("refresh token expired");
        }
        return new RefreshDecision.Rotate(this);
    }

    /** The successor issued when this token is used; same family, same absolute expiry. */
    public RefreshToken successor(OpaqueToken token, Instant now) {
        return new RefreshToken(UUID.randomUUID(), familyId, accountId, accountType, token.sha256(),
                now, expiresAt, null, null);
    }

    public sealed interface RefreshDecision {
        record Rotate(RefreshToken current) implements RefreshDecision {
        }

        record ReuseDetected(UUID familyId) implements RefreshDecision {
        }

        record Refused(String reason) implements RefreshDecision {
        }
    }
}
