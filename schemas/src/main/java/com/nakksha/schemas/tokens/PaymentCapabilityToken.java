package com.nakksha.schemas.tokens;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The payment capability booking-service gives a client with a priced public booking and payment-service
 * requires to open its order (DESIGN.md, paying without an account): base64url without padding of 16
 * random bytes followed by the first 16 bytes of HMAC-SHA256 over {@code PAYMENT:<session id>} and those
 * random bytes, under a key the two services share (43 characters). SessionBooked carries only
 * {@link #hashOf}. The tag lets payment-service tell a capability booking really issued for a session
 * whose SessionBooked has not reached it yet (answer: retry shortly) from a guess (404), without a call
 * to booking and without telling anyone else whether the session exists.
 */
public final class PaymentCapabilityToken {

    private static final int RANDOM_BYTES = 16;
    private static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PaymentCapabilityToken() {
    }

    /**
     * A fresh capability for the session, tagged with {@code key}.
     *
     * @throws IllegalArgumentException when the key is shorter than 32 bytes
     */
    public static String issue(UUID sessionId, byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a payment capability key has at least 32 bytes");
        }
        byte[] token = new byte[RANDOM_BYTES + TAG_BYTES];
        RANDOM.nextBytes(token);
        System.arraycopy(tag(sessionId, key, Arrays.copyOf(token, RANDOM_BYTES)), 0, token, RANDOM_BYTES, TAG_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** Whether one of {@code keys} tagged {@code token} for this session; compared in constant time. */
    public static boolean isIssuedFor(String token, UUID sessionId, Collection<byte[]> keys) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        if (bytes.length != RANDOM_BYTES + TAG_BYTES) {
            return false;
        }
        byte[] random = Arrays.copyOf(bytes, RANDOM_BYTES);
        byte[] presented = Arrays.copyOfRange(bytes, RANDOM_BYTES, bytes.length);
        boolean issued = false;
        for (byte[] key : keys) {
            issued |= MessageDigest.isEqual(presented, tag(sessionId, key, random));
        }
        return issued;
    }

    /** Lowercase hex SHA-256 of the token's UTF-8 bytes: what SessionBooked carries and payment-service compares. */
    public static String hashOf(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }

    private static byte[] tag(UUID sessionId, byte[] key, byte[] random) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(("PAYMENT:" + sessionId).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(random), TAG_BYTES);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is in every JVM", impossible);
        }
    }
}
