package com.nakksha.identity.emaillink;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Single-use email links.
 *
 * @param activeKeyId key that seals tokens in ConsultantEmailLinkRequested and ConsultantLoginLinkRequested events
 * @param keys base64 32-byte keys by id, shared with notification-service
 * @param verificationLifetime how long an email verification link works
 * @param resetLifetime how long a password reset link works
 * @param loginLinkLifetime how long a sign-in link (the step-up at the account-wide login limit) works; short,
 *        because it signs in without a password
 */
@ConfigurationProperties("nakksha.identity.link-tokens")
public record LinkTokenProperties(
        String activeKeyId,
        Map<String, String> keys,
        @DefaultValue("24h") Duration verificationLifetime,
        @DefaultValue("30m") Duration resetLifetime,
        @DefaultValue("15m") Duration loginLinkLifetime) {
}
