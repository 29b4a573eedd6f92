package com.nakksha.quotation.quotation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The share link's secret: 256 random bits, base64url without padding (43 characters). Only its
 * SHA-256 is stored. The payment capability of an accepted quotation is derived from it, so the link's
 * holder can be handed the same capability again and nothing more has to be kept secret at rest.
 */
public final class ShareToken {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final String CAPABILITY_PREFIX = "quotation-payment:";

    private ShareToken() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code candidate} has a token's shape; anything else cannot be one, so it is not looked up. */
    public static boolean isWellFormed(String candidate) {
        return candidate != null && FORMAT.matcher(candidate).matches();
    }

    /** Lowercase hex SHA-256 of the UTF-8 text: how tokens and capabilities are stored and compared. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }

    /**
     * The payment capability for the quotation behind {@code token}: base64url of SHA-256 over a fixed
     * prefix and the token. Payment-service keeps its {@link #sha256Hex} (from QuotationAccepted) and
     * requires the capability to create an order.
     */
    public static String paymentCapability(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((CAPABILITY_PREFIX + token).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }
}
