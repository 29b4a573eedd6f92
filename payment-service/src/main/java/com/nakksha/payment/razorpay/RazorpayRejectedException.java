package com.nakksha.payment.razorpay;

/** Razorpay answered a 4xx: the request is wrong for it (validation, a business rule, authentication). */
public class RazorpayRejectedException extends RuntimeException {

    private final int status;

    public RazorpayRejectedException(int status, String description) {
        super(description);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
