package com.nakksha.identity.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nakksha.edge.token.Role;

/**
 * One refresh token as stored (hash only). Tokens form a family started at login; each refresh
 * uses up the presented token and issues its successor in the same family, which keeps the
 * family's absolute expiry ({@code familyExpiresAt}) so a stolen token cannot be refreshed forever.
 * A family with an idle timeout (admin logins) also ends when no refresh came within that time:
 * {@code expiresAt} is then the sooner of the two.
 *
 * @param amr how the login that started the family was authenticated (RFC 8176 values)
 * @param successorId the token issued when this one was used; null while unused
 */
public record RefreshToken(
        UUID id,
        UUID familyId,
        UUID accountId,
        Role accountType,
        List<String> amr,
        String tokenHash,
        Instant issuedAt,
        Instant expiresAt,
        Instant familyExpiresAt,
        Instant usedAt,
        Instant revokedAt,
        UUID successorId) {

    public static RefreshToken startFamily(UUID accountId, Role accountType, List<String> amr, OpaqueToken token, Instant now,
                                           Lifetime lifetime) {
        Instant familyExpiresAt = now.plus(lifetime.absolute());
        return new RefreshToken(UUID.randomUUID(), UUID.randomUUID(), accountId, accountType, List.copyOf(amr), token.sha256(),
                now, lifetime.expiry(familyExpiresAt, now), familyExpiresAt, null, null, null);
    }

    /**
     * The decision for this token being presented at {@code now}. A used token presented again within
     * {@code graceWindow} of its use is a {@link RefreshDecision.Repeat} (two tabs refreshing at once),
     * later it is reuse: two parties hold the family.
     */
    public RefreshDecision presentedAt(Instant now, Duration graceWindow) {
        if (revokedAt != null) {
            return new RefreshDecision.Refused("refresh token revoked");
        }
        if (usedAt != null) {
            if (successorId != null && now.isBefore(usedAt.plus(graceWindow))) {
                return new RefreshDecision.Repeat(this);
            }
            return new RefreshDecision.ReuseDetected(familyId);
        }
        if (!now.isBefore(expiresAt)) {
            return new RefreshDecision.Refused("refresh token expired");
        }
        return new RefreshDecision.Rotate(this);
    }

    /** The successor issued when this token is used; same family, same absolute expiry, a fresh idle period. */
    public RefreshToken successor(OpaqueToken token, Instant now, Lifetime lifetime) {
        return new RefreshToken(UUID.randomUUID(), familyId, accountId, accountType, amr, token.sha256(),
                now, lifetime.expiry(familyExpiresAt, now), familyExpiresAt, null, null, null);
    }

    /**
     * How long a login lasts.
     *
     * @param absolute from login to the family's end, however often it is refreshed
     * @param idle how long a token stays usable without a refresh; null for no idle timeout
     */
    public record Lifetime(Duration absolute, Duration idle) {

        Instant expiry(Instant familyExpiresAt, Instant now) {
            if (idle == null) {
                return familyExpiresAt;
            }
            Instant idleEnd = now.plus(idle);
            return idleEnd.isBefore(familyExpiresAt) ? idleEnd : familyExpiresAt;
        }
    }

    public sealed interface RefreshDecision {
        record Rotate(RefreshToken current) implements RefreshDecision {
        }

        /** The token was used moments ago; its successor is answered again. */
        record Repeat(RefreshToken used) implements RefreshDecision {
        }

        record ReuseDetected(UUID familyId) implements RefreshDecision {
        }

        record Refused(String reason) implements RefreshDecision {
        }
    }
}
