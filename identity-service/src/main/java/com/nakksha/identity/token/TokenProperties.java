package com.nakksha.identity.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token lifetimes and signing-key rotation.
 *
 * @param accessTokenLifetime how long an access token is valid (at most 15 minutes)
 * @param refreshTokenLifetime absolute lifetime of a consultant login: refreshing never extends it
 * @param adminRefreshTokenLifetime absolute lifetime of an admin login, at most 12 hours
 * @param adminRefreshIdleTimeout an admin login ends when it was not refreshed for this long
 * @param refreshReuseGraceWindow how long after a refresh token was used a repeat of it answers the same
 *        successor (parallel refreshes from two tabs) instead of counting as reuse and revoking the login
 * @param keyRotationPeriod how long a signing key signs before a new one replaces it
 * @param keyActivationDelay how long a new key is published in the JWKS before it signs
 * @param keyReloadInterval how often keys are re-read, to pick up rotations by other instances
 */
@ConfigurationProperties("nakksha.identity.tokens")
public record TokenProperties(
        @DefaultValue("15m") Duration accessTokenLifetime,
        @DefaultValue("30d") Duration refreshTokenLifetime,
        @DefaultValue("12h") Duration adminRefreshTokenLifetime,
        @DefaultValue("30m") Duration adminRefreshIdleTimeout,
        @DefaultValue("20s") Duration refreshReuseGraceWindow,
        @DefaultValue("30d") Duration keyRotationPeriod,
        @DefaultValue("10m") Duration keyActivationDelay,
        @DefaultValue("1m") Duration keyReloadInterval) {

    /** Admin logins are short (OWASP session guidance for privileged accounts). */
    public static final Duration MAX_ADMIN_REFRESH_TOKEN_LIFETIME = Duration.ofHours(12);

    public TokenProperties {
        if (adminRefreshTokenLifetime.compareTo(MAX_ADMIN_REFRESH_TOKEN_LIFETIME) > 0 || adminRefreshTokenLifetime.isNegative()
                || adminRefreshTokenLifetime.isZero()) {
            throw new IllegalArgumentException("nakksha.identity.tokens.admin-refresh-token-lifetime must be positive and at most 12h");
        }
        if (adminRefreshIdleTimeout.isNegative() || adminRefreshIdleTimeout.isZero()
                || refreshReuseGraceWindow.isNegative() || refreshReuseGraceWindow.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("admin idle timeout must be positive and the reuse grace window at most 1 minute");
        }
    }

    /** The lifetime of a login of this account type. */
    public RefreshToken.Lifetime lifetimeOf(com.nakksha.edge.token.Role accountType) {
        return accountType == com.nakksha.edge.token.Role.ADMIN
                ? new RefreshToken.Lifetime(adminRefreshTokenLifetime, adminRefreshIdleTimeout)
                : new RefreshToken.Lifetime(refreshTokenLifetime, null);
    }
}
