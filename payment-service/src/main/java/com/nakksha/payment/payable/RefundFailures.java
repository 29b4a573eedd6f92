package com.nakksha.payment.payable;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code nakksha.payments.refunds.failed} (Prometheus {@code nakksha_payments_refunds_failed_total}),
 * tagged with the refund's {@code kind}: refunds Razorpay refused or reported failed. Every kind is
 * registered at start-up with 0, so the alert on its increase also sees the first failure.
 */
@Component
public class RefundFailures {

    static final String METER = "nakksha.payments.refunds.failed";

    RefundFailures(MeterRegistry meters) {
        for (Refund.Kind kind : Refund.Kind.values()) {
            counter(meters, kind);
        }
    }

    static Counter counter(MeterRegistry meters, Refund.Kind kind) {
        return Counter.builder(METER)
                .description("Refunds Razorpay refused or reported failed; the money is still with the platform")
                .tag("kind", kind.name())
                .register(meters);
    }
}
