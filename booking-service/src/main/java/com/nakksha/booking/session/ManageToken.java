package com.nakksha.booking.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

import com.nakksha.schemas.tokens.TokenSeal;

/**
 * What lets a client without an account view, cancel and reschedule the session they booked (DESIGN.md,
 * paying without an account; issue 11): 32 random bytes (256 bits), base64url without padding. Only the
 * public booking answer carries the token in clear; booking stores its SHA-256 ({@link PaymentCapability#hashOf}),
 * so a copy of the database opens no booking, and SessionBooked carries it {@link #sealed} for the links in
 * notification-service's mails. Never logged: {@link #toString()} shows neither.
 *
 * @param token the token as the client presents it in {@code /api/v1/public/bookings/{token}} (43 characters)
 * @param hash lowercase hex SHA-256 of the token's UTF-8 bytes (64 characters)
 */
public record ManageToken(String token, String hash) {

    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public ManageToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(hash, "hash");
    }

    /** A fresh token from {@link SecureRandom}. */
    public static ManageToken generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new ManageToken(token, PaymentCapability.hashOf(token));
    }

    /**
     * The token sealed for notification-service with the key that seals the payment capability
     * ({@link PaymentCapabilityProperties#sealKey()}), associated data {@code MANAGE:<session id>}, so the
     * outbox and the topic never hold it in clear and it opens for no other session or purpose.
     *
     * @return null when no seal key is configured (the mails then carry no manage link)
     */
    public String sealed(UUID sessionId, PaymentCapabilityProperties keys) {
        byte[] key = keys.sealKeyBytes();
        return key == null ? null : TokenSeal.seal(keys.sealKeyId(), key, token, "MANAGE:" + sessionId);
    }

    /** Whether the text can be a token at all (43 base64url characters); anything else opens nothing. */
    public static boolean isWellFormed(String text) {
        return text != null && text.matches("[A-Za-z0-9_-]{43}");
    }

    @Override
    public String toString() {
        return "ManageToken[redacted]";
    }
}
