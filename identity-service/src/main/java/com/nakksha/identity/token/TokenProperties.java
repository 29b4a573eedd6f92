package com.nakksha.identity.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token lifetimes and signing-key rotation.
 *
 * @param accessTokenLifetime how long an access token is valid (at most 15 minutes)
 * @param refreshTokenLifetime absolute lifetime of a login: refreshing never extends it
 * @param keyRotationPeriod how long a signing key signs before a new one replaces it
 * @param keyActivationDelay how long a new key is published in the JWKS before it signs
 * @param keyReloadInterval how often keys are re-read, to pick up rotations by other instances
 */
@ConfigurationProperties("nakksha.identity.tokens")
public record TokenProperties(
        @DefaultValue("15m") Duration accessTokenLifetime,
        @DefaultValue("30d") Duration refreshTokenLifetime,
        @DefaultValue("30d") Duration keyRotationPeriod,
        @DefaultValue("10m") Duration keyActivationDelay,
        @DefaultValue("1m") Duration keyReloadInterval) {
}
