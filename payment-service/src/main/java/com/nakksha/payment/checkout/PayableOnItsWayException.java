package com.nakksha.payment.checkout;

import java.time.Duration;

import com.nakksha.defaults.problem.Refusal;

/**
 * A capability booking issued for the payable, whose SessionBooked has not reached payment-service yet
 * (answered 503 with {@code Retry-After}: nothing was changed, ask again).
 */
public class PayableOnItsWayException extends Refusal {

    private final Duration retryAfter;

    PayableOnItsWayException(Duration retryAfter) {
        super(Kind.UNAVAILABLE, "Booking not ready for payment yet", "The booking is still on its way to payments");
        this.retryAfter = retryAfter;
    }

    @Override
    public String detail() {
        return "The booking has not reached payments yet; nothing was changed, please try again in a moment";
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }
}
