package com.nakksha.payment.razorpay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How payment-service talks to Razorpay. The key id, key secret and webhook secret come only from
 * configuration (environment or a secret store; the local launcher generates its own): there are no
 * built-in values, and without them binding fails, so the service refuses to start in every profile
 * with a message naming the missing properties, never a value. {@link #toString()} leaves the secrets out.
 *
 * @param keyId API key id, also handed to Checkout ({@code nakksha.payment.razorpay.key-id})
 * @param keySecret API key secret: HTTP Basic password and the key of the checkout signature ({@code nakksha.payment.razorpay.key-secret})
 * @param webhookSecret secret of the webhook configured in the Razorpay dashboard, not the key secret ({@code nakksha.payment.razorpay.webhook-secret})
 * @param previousWebhookSecret the secret before the last rotation; retries of older events still carry its signatures
 * @param previousWebhookSecretValidUntil until when the previous secret is accepted (UTC); null accepts it not at all
 * @param baseUrl where the Razorpay API is; anything but {@code https://api.razorpay.com} is a simulator (see {@link RazorpaySdkHttpClient})
 * @param timeout longest wait for one Razorpay call before the client is told 503
 * @param connectTimeout longest wait for a connection to Razorpay
 */
@ConfigurationProperties(RazorpayProperties.PREFIX)
public record RazorpayProperties(
        String keyId,
        String keySecret,
        String webhookSecret,
        String previousWebhookSecret,
        Instant previousWebhookSecretValidUntil,
        @DefaultValue(RazorpaySdkHttpClient.RAZORPAY_API) String baseUrl,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("2s") Duration connectTimeout) {

    static final String PREFIX = "nakksha.payment.razorpay";

    /** @throws IllegalStateException naming every required property that is missing or blank (names only, never values) */
    public RazorpayProperties {
        List<String> missing = new ArrayList<>();
        if (keyId == null || keyId.isBlank()) {
            missing.add(PREFIX + ".key-id");
        }
        if (keySecret == null || keySecret.isBlank()) {
            missing.add(PREFIX + ".key-secret");
        }
        if (webhookSecret == null || webhookSecret.isBlank()) {
            missing.add(PREFIX + ".webhook-secret");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Razorpay credentials are not configured; set " + String.join(", ", missing)
                    + " (environment: " + String.join(", ", missing.stream().map(RazorpayProperties::environmentName).toList()) + ")");
        }
    }

    private static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Without the secrets: this record may end up in a log line or an actuator answer. */
    @Override
    public String toString() {
        return "RazorpayProperties[keyId=" + keyId + ", keySecret=<hidden>, webhookSecret=<hidden>, previousWebhookSecret="
                + (previousWebhookSecret == null ? "<none>" : "<hidden>") + ", previousWebhookSecretValidUntil="
                + previousWebhookSecretValidUntil + ", baseUrl=" + baseUrl + ", timeout=" + timeout
                + ", connectTimeout=" + connectTimeout + "]";
    }
}
