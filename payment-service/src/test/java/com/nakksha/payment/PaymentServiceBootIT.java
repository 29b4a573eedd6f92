package com.nakksha.payment;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.nakksha.payment.webhook.RazorpaySamples;
import com.nakksha.testsupport.ServiceBootContract;
import com.nakksha.testsupport.fuzz.AcceptedRequest;
import com.nakksha.testsupport.fuzz.ApiFuzzer;

/** Boots in the context every payment integration test shares ({@link PaymentServiceTest}). */
@PaymentServiceTest
class PaymentServiceBootIT extends ServiceBootContract {

    private static final String ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /**
     * Razorpay's webhook as Razorpay sends it, signed over the bytes actually sent, so every changed body passes
     * the signature and reaches the parsing and storing behind it; each body is its own event.
     */
    @Override
    protected ApiFuzzer apiFuzzer(ApiFuzzer signedByTestTokens) {
        return signedByTestTokens.withAccepted("POST /api/v1/payments/webhooks/razorpay", () -> {
            String body = new String(RazorpaySamples.withIds("02-payment.captured.json", "pay_" + razorpayId(), "order_" + razorpayId()),
                    StandardCharsets.UTF_8);
            return AcceptedRequest.json("POST", "/api/v1/payments/webhooks/razorpay", null, body).signedBy(sent -> {
                byte[] bytes = sent.getBytes(StandardCharsets.UTF_8);
                return Map.of("X-Razorpay-Signature", RazorpaySamples.sign(RazorpaySamples.WEBHOOK_SECRET, bytes),
                        "x-razorpay-event-id", "evt_" + RazorpaySamples.sign("event-id", bytes).substring(0, 14));
            });
        });
    }

    /** Fourteen characters, as Razorpay's ids after their prefix. */
    private static String razorpayId() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            id.append(ID_CHARACTERS.charAt(ThreadLocalRandom.current().nextInt(ID_CHARACTERS.length())));
        }
        return id.toString();
    }
}
