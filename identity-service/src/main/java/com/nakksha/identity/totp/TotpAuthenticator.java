package com.nakksha.identity.totp;

import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;

/**
 * RFC 6238 time-based one-time passwords with the parameters every authenticator app understands
 * (HMAC-SHA1, 6 digits, 30 s). One step of clock drift either way is accepted, and a code is
 * accepted only for a step later than the last one used, so an observed code cannot be replayed.
 */
public final class TotpAuthenticator {

    public static final Duration STEP = Duration.ofSeconds(30);
    public static final int DIGITS = 6;
    private static final String ALGORITHM = TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1;
    private static final int SECRET_BYTES = 20;
    private static final int DRIFT_STEPS = 1;
    private static final Pattern CODE = Pattern.compile("[0-9]{" + DIGITS + "}");

    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, DIGITS, ALGORITHM);
    private final SecureRandom random = new SecureRandom();

    public byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    public static String base32(byte[] secret) {
        return new Base32().encodeToString(secret).replace("=", "");
    }

    /** The {@code otpauth://} URI authenticator apps import (usually shown as a QR code). */
    public static String otpauthUri(String issuer, String accountName, byte[] secret) {
        String label = encode(issuer) + ":" + encode(accountName);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
    }

    public static long stepAt(Instant instant) {
        return instant.getEpochSecond() / STEP.toSeconds();
    }

    public String codeAt(byte[] secret, Instant instant) {
        try {
            return generator.generateOneTimePasswordString(new SecretKeySpec(secret, ALGORITHM), instant);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The time step the code belongs to when it is valid at {@code now} and newer than
     * {@code lastUsedStep} (null when no code was used yet); empty otherwise.
     */
    public OptionalLong verify(byte[] secret, String code, Instant now, Long lastUsedStep) {
        if (code == null || !CODE.matcher(code).matches()) {
            return OptionalLong.empty();
        }
        long current = stepAt(now);
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            if (lastUsedStep != null && step <= lastUsedStep) {
                continue;
            }
            String expected = codeAt(secret, Instant.ofEpochSecond(step * STEP.toSeconds()));
            if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.US_ASCII))) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
