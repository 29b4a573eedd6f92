package com.nakksha.booking.session;

import com.nakksha.schemas.tokens.PaymentCapabilityToken;
import com.nakksha.schemas.tokens.TokenSeal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * What lets a client without an account create the payment order of the session they booked
 * (DESIGN.md, paying without an account): 43 base64url characters, tagged for its session with the key
 * booking shares with payment-service ({@link PaymentCapabilityToken}), or 32 random bytes when no key is
 * configured. Only the public booking answer carries the token; SessionBooked carries {@link #hash()},
 * which payment-service compares with the SHA-256 of what {@code POST /api/v1/payments/orders} presents,
 * and {@link #sealed()}, which only notification-service can open (for the pay link in the booking
 * mail). Never logged: {@link #toString()} shows none of them.
 *
 * @param token  the capability as the client presents it (43 characters)
 * @param hash   lowercase hex SHA-256 of the token's UTF-8 bytes (64 characters)
 * @param sealed the token sealed for notification-service with associated data {@code PAYMENT:<session id>};
 *               null when no seal key is configured
 */
public record PaymentCapability(String token, String hash, String sealed) {

    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public PaymentCapability {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(hash, "hash");
    }

    /** A fresh capability from {@link SecureRandom}, untagged and unsealed. */
    public static PaymentCapability generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** A fresh capability for the session, tagged and sealed with the keys that are configured. */
    public static PaymentCapability issue(UUID sessionId, PaymentCapabilityProperties keys) {
        byte[] tagKey = keys.tagKeyBytes();
        String token = tagKey == null ? generate().token() : PaymentCapabilityToken.issue(sessionId, tagKey);
        byte[] sealKey = keys.sealKeyBytes();
        String sealed = sealKey == null ? null : TokenSeal.seal(keys.sealKeyId(), sealKey, token, "PAYMENT:" + sessionId);
        return new PaymentCapability(token, hashOf(token), sealed);
    }

    /** The capability with this token and its hash, unsealed. */
    public static PaymentCapability of(String token) {
        return new PaymentCapability(token, hashOf(token), null);
    }

    /** Lowercase hex SHA-256 of the token's UTF-8 bytes: the form payment-service checks. */
    public static String hashOf(String token) {
        return PaymentCapabilityToken.hashOf(token);
    }

    @Override
    public String toString() {
        return "PaymentCapability[redacted]";
    }
}
