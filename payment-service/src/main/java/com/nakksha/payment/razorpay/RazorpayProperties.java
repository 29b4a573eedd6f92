package com.nakksha.payment.razorpay;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How payment-service talks to Razorpay. Secrets come only from here (environment or a secret
 * store in deployments) and are never logged; the defaults are test-only values for the local stack.
 *
 * @param keyId API key id, also handed to Checkout
 * @param keySecret API key secret: HTTP Basic password and the key of the checkout signature
 * @param webhookSecret secret of the webhook configured in the Razorpay dashboard (not the key secret)
 * @param previousWebhookSecret the secret before the last rotation; retries of older events still carry its signatures
 * @param previousWebhookSecretValidUntil until when the previous secret is accepted; null accepts it not at all
 * @param baseUrl where the Razorpay API is; anything but {@code https://api.razorpay.com} is a simulator (see {@link RazorpaySdkHttpClient})
 * @param timeout longest wait for one Razorpay call before the client is told 503
 * @param connectTimeout longest wait for a connection to Razorpay
 */
@ConfigurationProperties("nakksha.payment.razorpay")
public record RazorpayProperties(
        @DefaultValue("rzp_test_nakksha_local") String keyId,
        @DefaultValue(RazorpayProperties.LOCAL_KEY_SECRET) String keySecret,
        @DefaultValue(RazorpayProperties.LOCAL_WEBHOOK_SECRET) String webhookSecret,
        String previousWebhookSecret,
        Instant previousWebhookSecretValidUntil,
        @DefaultValue(RazorpaySdkHttpClient.RAZORPAY_API) String baseUrl,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("2s") Duration connectTimeout) {

    /** Public test values for the local stack; refused outside it (see {@link RazorpayConfiguration}). */
    static final String LOCAL_KEY_SECRET = "local_only_key_secret";
    static final String LOCAL_WEBHOOK_SECRET = "local_only_webhook_secret";

    @Override
    public String toString() {
        return "RazorpayProperties[keyId=" + keyId + ", baseUrl=" + baseUrl + ", timeout=" + timeout + "]";
    }
}
