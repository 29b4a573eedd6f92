package com.nakksha.payment.checkout;

import java.time.Duration;

/**
 * A capability booking issued for the payable, whose SessionBooked has not reached payment-service yet
 * (answered 503 with {@code Retry-After}: nothing was changed, ask again).
 */
public class PayableOnItsWayException extends RuntimeException {

    private final Duration retryAfter;

    PayableOnItsWayException(Duration retryAfter) {
        super("The booking is still on its way to payments");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
