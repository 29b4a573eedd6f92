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
 * @param captureRetryInterval how often payments only authorised here are captured again when the capture asked for
 *                             at their authorisation did not happen, and how long one waits after its last change
 * @param reconciliationInterval how often the reconciliation pass runs, and the shortest time between two checks
 *                               of one order at Razorpay
 * @param reconciliationThreshold how old an unpaid order is when it is first checked at Razorpay: a payment whose
 *                                webhooks were all lost (this service unreachable while Razorpay sent them) and
 *                                whose client never verified is found this long after its order was made, at the latest
 * @param reconciliationMaxGap the longest time between two checks of one unpaid order: an order is checked again
 *                             once its age has doubled since its last check (2, 4, 8 ... minutes after it was
 *                             made), at most this much later, so a never-paid order costs few calls
 * @param reconciliationHorizon how long an unpaid order is checked: Razorpay authorises late for up to 3 days
 * @param blockingTimeout the longest a scheduled job's pass or one Kafka event's handling may hold its thread
 *                        ({@link BoundedBlocking}); above Razorpay's call timeout times a pass's calls
 */
@ConfigurationProperties("nakksha.payment")
public record PaymentsProperties(
        @DefaultValue("0") BigDecimal platformFeePercent,
        @DefaultValue("30s") Duration refundRetryInterval,
        @DefaultValue("30s") Duration captureRetryInterval,
        @DefaultValue("1m") Duration reconciliationInterval,
        @DefaultValue("2m") Duration reconciliationThreshold,
        @DefaultValue("1h") Duration reconciliationMaxGap,
        @DefaultValue("3d") Duration reconciliationHorizon,
        @DefaultValue("2m") Duration blockingTimeout) {

    public PlatformFee platformFee() {
        return new PlatformFee(platformFeePercent);
    }
}
