package com.nakksha.payment.razorpay;

/** Razorpay gave no usable answer (timeout, connection failure, 5xx, 429, or the circuit breaker is open). */
public class RazorpayUnavailableException extends RuntimeException {

    public RazorpayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
