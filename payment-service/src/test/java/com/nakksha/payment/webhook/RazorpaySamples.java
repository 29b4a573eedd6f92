package com.nakksha.payment.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The shared Razorpay sample bodies (test resources, exact bytes) and signatures made the way Razorpay makes them. */
public final class RazorpaySamples {

    public static final String WEBHOOK_SECRET = "whsec_nakksha_test_only";
    public static final String PREVIOUS_WEBHOOK_SECRET = "whsec_nakksha_before_rotation";
    public static final String KEY_ID = "rzp_test_nakksha_it";
    public static final String KEY_SECRET = "rzp_test_key_secret_nakksha";

    private RazorpaySamples() {
    }

    public static byte[] bytes(String file) {
        try (InputStream in = RazorpaySamples.class.getResourceAsStream("/razorpay-samples/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + file);
            }
            return in.readAllBytes();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** A sample with Razorpay's ids swapped for fresh ones, so a test has its own payment and order. */
    public static byte[] withIds(String file, String paymentId, String orderId) {
        String body = new String(bytes(file), StandardCharsets.UTF_8)
                .replace("pay_Pq8E1sTgHy6UoJ", paymentId)
                .replace("pay_Pq8C0aBcDe1FgH", paymentId)
                .replace("order_Pq8DkR3vWn5YbC", orderId);
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** Lowercase hex HMAC-SHA256 of the bytes, as Razorpay signs a webhook. */
    public static String sign(String secret, byte[] body) {
        return HexFormat.of().formatHex(WebhookSignature.hmac(secret, body));
    }
}
