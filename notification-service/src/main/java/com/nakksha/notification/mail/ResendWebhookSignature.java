package com.nakksha.notification.mail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Checks a Resend webhook as Resend signs it (Svix's scheme): HMAC-SHA256, keyed with the base64 part
 * of the {@code whsec_...} secret, over {@code <svix-id>.<svix-timestamp>.<raw body bytes>}; the
 * {@code svix-signature} header lists one or more {@code v1,<base64>} signatures separated by spaces
 * (several while a secret is rotated). A timestamp further than the tolerance from now is refused,
 * so a captured delivery cannot be replayed later.
 */
@Component
class ResendWebhookSignature {

    private final ResendProperties properties;
    private final Clock clock;

    ResendWebhookSignature(ResendProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** @return null when the delivery is genuine, else why it is refused */
    String refusal(String id, String timestamp, String signatures, byte[] body) {
        String secret = properties.webhookSecret();
        if (secret.isBlank()) {
            return "webhooks are not configured (nakksha.notification.resend.webhook-secret)";
        }
        if (id == null || timestamp == null || signatures == null) {
            return "svix-id, svix-timestamp and svix-signature are required";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "svix-timestamp is not a number of seconds";
        }
        Duration skew = Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs();
        if (skew.compareTo(properties.webhookTolerance()) > 0) {
            return "svix-timestamp is too far from now";
        }
        byte[] expected = sign(secret, id + "." + timestamp.strip() + ".", body);
        for (String candidate : signatures.strip().split(" ")) {
            String[] parts = candidate.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(parts[1]);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return null;
                }
            }
        }
        return "svix-signature does not match the request body";
    }

    static byte[] sign(String secret, String prefix, byte[] body) {
        String key = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
