package com.nakksha.payment.razorpay;

import com.nakksha.defaults.problem.Refusal;

/** Razorpay gave no usable answer (timeout, connection failure, 5xx, 429, or the circuit breaker is open). */
public class RazorpayUnavailableException extends Refusal {

    public RazorpayUnavailableException(String message, Throwable cause) {
        super(Kind.UNAVAILABLE, "Payment provider unavailable", message, cause);
    }

    @Override
    public String detail() {
        return "Razorpay could not be reached; nothing was changed, please try again shortly";
    }
}
