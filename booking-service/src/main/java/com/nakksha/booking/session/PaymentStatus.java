package com.nakksha.booking.session;

import java.util.EnumSet;
import java.util.Set;

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
            case PENDING -> EnumSet.of(PAID, FAILED, REFUNDED);
            case FAILED -> EnumSet.of(PAID);
            case PAID -> EnumSet.of(REFUNDED);
            case REFUNDED -> EnumSet.noneOf(PaymentStatus.class);
        };
    }
}
