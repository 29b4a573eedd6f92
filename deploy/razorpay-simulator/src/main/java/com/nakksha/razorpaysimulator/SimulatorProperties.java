package com.nakksha.razorpaysimulator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * What the simulator is told. The key id, key secret and webhook secret have no defaults: the launcher
 * generates them per data dir and hands the same values to payment-service, and a simulator that
 * invented its own would only produce signatures nobody accepts.
 *
 * @param keyId API key id (HTTP Basic user); {@code rzp_test_…}
 * @param keySecret API key secret: HTTP Basic password and the key of the Checkout signature
 * @param webhookSecret key of {@code X-Razorpay-Signature} (not the key secret)
 * @param webhookUrl where webhooks go (the gateway's {@code /api/v1/payments/webhooks/razorpay}); empty sends none
 * @param accountId the {@code account_id} in every webhook
 * @param feeBasisPoints Razorpay's fee before tax, in 1/100 % of the amount (200 = 2 %)
 * @param gstBasisPoints GST on the fee, in 1/100 % of the fee (1800 = 18 %)
 * @param webhooks how deliveries are disordered, repeated and delayed
 */
@ConfigurationProperties("nakksha.razorpay-simulator")
public record SimulatorProperties(
        String keyId,
        String keySecret,
        String webhookSecret,
        URI webhookUrl,
        @DefaultValue("acc_NakkshaLocal001") String accountId,
        @DefaultValue("200") int feeBasisPoints,
        @DefaultValue("1800") int gstBasisPoints,
        @DefaultValue Webhooks webhooks) {

    public SimulatorProperties {
        require(keyId, "key-id");
        require(keySecret, "key-secret");
        require(webhookSecret, "webhook-secret");
        if (!keyId.startsWith("rzp_test_")) {
            throw new IllegalArgumentException("nakksha.razorpay-simulator.key-id must start with rzp_test_ (a simulator has test keys only)");
        }
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("nakksha.razorpay-simulator." + name + " is required (the launcher generates it)");
        }
    }

    /**
     * Razorpay promises neither order nor exactly-once (FACTS.md §2); neither does the simulator.
     *
     * @param seed seeds every random choice below, so a run can be repeated; null picks one per start (logged)
     * @param shuffle send one payment's events in a random order rather than as they happened
     * @param duplicateProbability chance (0–1) that an event is delivered a second time, same event id
     * @param lateProbability chance (0–1) that a delivery is held back by {@code lateDelay}
     * @param lateDelay how long a late delivery waits
     * @param spread deliveries of one payment start within this window, each at a random offset
     * @param retryFor a delivery answered with anything but 2xx (or not at all) is retried until this long after its
     *                 event was raised, as Razorpay retries for 24 hours (FACTS.md §2): a receiver that is down for a
     *                 while gets the event once it is back
     * @param retryDelay first wait before a retry, doubling each time (Razorpay backs off exponentially too)
     * @param maxRetryDelay the longest wait between two attempts: Razorpay's waits grow longer, the simulator's stop
     *                      here so a local stack sees the event soon after its receiver came back
     * @param timeout Razorpay counts an answer after 5 s as a failure
     */
    public record Webhooks(
            Long seed,
            @DefaultValue("true") boolean shuffle,
            @DefaultValue("0.25") double duplicateProbability,
            @DefaultValue("0.2") double lateProbability,
            @DefaultValue("2s") Duration lateDelay,
            @DefaultValue("300ms") Duration spread,
            @DefaultValue("24h") Duration retryFor,
            @DefaultValue("500ms") Duration retryDelay,
            @DefaultValue("30s") Duration maxRetryDelay,
            @DefaultValue("5s") Duration timeout) {

        public Webhooks {
            if (duplicateProbability < 0 || duplicateProbability > 1 || lateProbability < 0 || lateProbability > 1) {
                throw new IllegalArgumentException("nakksha.razorpay-simulator.webhooks probabilities must be between 0 and 1");
            }
            if (retryDelay.isNegative() || retryDelay.isZero() || maxRetryDelay.compareTo(retryDelay) < 0) {
                throw new IllegalArgumentException("nakksha.razorpay-simulator.webhooks.retry-delay must be positive and at most max-retry-delay");
            }
        }
    }

    @Override
    public String toString() {
        return "SimulatorProperties[keyId=" + keyId + ", webhookUrl=" + webhookUrl + ", webhooks=" + webhooks + "]";
    }
}
