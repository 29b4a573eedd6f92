package com.nakksha.payment.razorpay;

import java.util.Locale;

/**
 * A Razorpay payment's status as Nakksha keeps it, in the order it may move. FAILED sits before
 * AUTHORIZED because Razorpay authorises late (up to days after a failure); nothing follows a capture
 * (Razorpay's own "refunded" status is a captured payment whose refunds are tracked separately).
 */
public enum AttemptStatus {
    CREATED,
    FAILED,
    AUTHORIZED,
    CAPTURED;

    /** Razorpay's payment status string ({@code created|authorized|captured|refunded|failed}). */
    public static AttemptStatus fromRazorpay(String status) {
        return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
            case "authorized" -> AUTHORIZED;
            case "captured", "refunded" -> CAPTURED;
            case "failed" -> FAILED;
            default -> CREATED;
        };
    }

    public AttemptStatus laterOf(AttemptStatus other) {
        return other.compareTo(this) > 0 ? other : this;
    }
}
