package com.nakksha.booking.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What lets a client without an account create the payment order of the session they booked
 * (DESIGN.md, paying without an account): 32 random bytes, base64url without padding. Only the public
 * booking answer carries the token; SessionBooked carries {@link #hash()}, which payment-service compares
 * with the SHA-256 of what {@code POST /api/v1/payments/orders} presents. Never logged: {@link #toString()}
 * shows neither.
 *
 * @param token the capability as the client presents it (43 characters)
 * @param hash lowercase hex SHA-256 of the token's UTF-8 bytes (64 characters)
 */
public record PaymentCapability(String token, String hash) {

    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public PaymentCapability {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(hash, "hash");
    }

    /** A fresh capability from {@link SecureRandom}. */
    public static PaymentCapability generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The capability with this token and its hash. */
    public static PaymentCapability of(String token) {
        return new PaymentCapability(token, hashOf(token));
    }

    /** Lowercase hex SHA-256 of the token's UTF-8 bytes: the form payment-service checks. */
    public static String hashOf(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }

    @Override
    public String toString() {
        return "PaymentCapability[redacted]";
    }
}
