package com.nakksha.booking.session;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a session's payment stands. By hand (the dashboard) a payment moves PENDING → PAID | FAILED,
 * FAILED → PAID, PAID → REFUNDED: only what was paid can be refunded.
 */
public enum PaymentStatus {
    PENDING,
    PAID,
    FAILED,
    REFUNDED;

    public boolean canMoveTo(PaymentStatus target) {
        return next().contains(target);
    }

    private Set<PaymentStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(PAID, FAILED);
            case FAILED -> EnumSet.of(PAID);
            case PAID -> EnumSet.of(REFUNDED);
            case REFUNDED -> EnumSet.noneOf(PaymentStatus.class);
        };
    }
}
