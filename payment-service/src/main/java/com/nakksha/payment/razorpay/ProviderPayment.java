package com.nakksha.payment.razorpay;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one Razorpay payment as a webhook, the checkout verification or a fetch reported it.
 * Snapshots arrive in any order and any number of times; payment-service applies them so that this is safe.
 *
 * @param providerPaymentId Razorpay's {@code pay_...} id
 * @param providerOrderId Razorpay's {@code order_...} id the payment belongs to
 * @param amountMinor amount in minor units (paise)
 * @param feeMinor Razorpay's fee including tax, in minor units; null until captured
 * @param taxMinor the tax part of the fee, in minor units; null until captured
 * @param observedAt when the snapshot was taken (the event's time), not when it arrived
 */
public record ProviderPayment(String providerPaymentId, String providerOrderId, AttemptStatus status,
                              long amountMinor, String currency, String method, Long feeMinor, Long taxMinor,
                              String errorCode, String errorDescription, Instant observedAt) {

    public ProviderPayment {
        Objects.requireNonNull(providerPaymentId, "providerPaymentId");
        Objects.requireNonNull(providerOrderId, "providerOrderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(observedAt, "observedAt");
    }
}
