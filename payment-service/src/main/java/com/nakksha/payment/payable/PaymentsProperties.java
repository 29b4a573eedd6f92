package com.nakksha.payment.payable;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Payment rules that are the platform's.
 *
 * @param platformFeePercent the platform's share of each captured payment, 0 to 100 (DESIGN.md: default 0)
 * @param refundRetryInterval how often refunds Razorpay has not accepted yet are sent again (same idempotency key)
 */
@ConfigurationProperties("nakksha.payment")
public record PaymentsProperties(
        @DefaultValue("0") BigDecimal platformFeePercent,
        @DefaultValue("30s") Duration refundRetryInterval) {

    public PlatformFee platformFee() {
        return new PlatformFee(platformFeePercent);
    }
}
