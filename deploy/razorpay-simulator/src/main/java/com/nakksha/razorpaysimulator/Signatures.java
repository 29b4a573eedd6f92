package com.nakksha.razorpaysimulator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/** Razorpay's two signatures (FACTS.md §2, §3): lowercase hex HMAC-SHA256. */
public final class Signatures {

    private Signatures() {
    }

    /** {@code X-Razorpay-Signature}: over the exact bytes sent, keyed with the webhook secret. */
    public static String webhook(byte[] body, String webhookSecret) {
        return hmacHex(body, webhookSecret);
    }

    /** Checkout's {@code razorpay_signature}: over {@code order_id|payment_id}, keyed with the API key secret. */
    public static String checkout(String orderId, String paymentId, String keySecret) {
        return hmacHex((orderId + "|" + paymentId).getBytes(StandardCharsets.UTF_8), keySecret);
    }

    private static String hmacHex(byte[] message, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", impossible);
        }
    }
}
