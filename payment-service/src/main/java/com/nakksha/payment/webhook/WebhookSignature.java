package com.nakksha.payment.webhook;

import com.nakksha.payment.razorpay.RazorpayProperties;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Checks {@code X-Razorpay-Signature}: the lowercase hex HMAC-SHA256 of the raw request bytes, keyed
 * with the webhook secret (Razorpay, "Validate Webhooks"). The bytes are hashed exactly as received,
 * never decoded to a String or re-serialised (razorpay-java's {@code Utils.verifyWebhookSignature}
 * hashes {@code String.getBytes()} in the platform charset and fails on non-ASCII bodies). Compared in
 * constant time; the previous secret is accepted until its configured end, since retries of older
 * events carry signatures made with it.
 */
@Component
public class WebhookSignature {

    /** Which secret signed a delivery. */
    public enum Verification {
        CURRENT,
        PREVIOUS,
        REJECTED
    }

    private static final String HMAC = "HmacSHA256";

    private final RazorpayProperties properties;
    private final Clock clock;

    WebhookSignature(RazorpayProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    public Verification verify(byte[] rawBody, String signatureHeader) {
        byte[] presented = decode(signatureHeader);
        if (presented == null) {
            return Verification.REJECTED;
        }
        if (MessageDigest.isEqual(presented, hmac(properties.webhookSecret(), rawBody))) {
            return Verification.CURRENT;
        }
        if (previousSecretAccepted() && MessageDigest.isEqual(presented, hmac(properties.previousWebhookSecret(), rawBody))) {
            return Verification.PREVIOUS;
        }
        return Verification.REJECTED;
    }

    private boolean previousSecretAccepted() {
        return properties.previousWebhookSecret() != null && !properties.previousWebhookSecret().isEmpty()
                && properties.previousWebhookSecretValidUntil() != null
                && clock.instant().isBefore(properties.previousWebhookSecretValidUntil());
    }

    /** HMAC-SHA256 of {@code message} keyed with the UTF-8 bytes of {@code secret}. */
    static byte[] hmac(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            throw new IllegalStateException("HmacSHA256 is unavailable", impossible);
        }
    }

    private static byte[] decode(String hex) {
        if (hex == null || hex.length() != 64) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }
}
