package com.nakksha.payment.razorpay;

import com.nakksha.defaults.problem.Refusal;

/** Razorpay answered a 4xx: the request is wrong for it (validation, a business rule, authentication). */
public class RazorpayRejectedException extends Refusal {

    private final int status;

    public RazorpayRejectedException(int status, String description) {
        super(Kind.UPSTREAM_REFUSED, "Payment provider refused", description);
        this.status = status;
    }

    public int status() {
        return status;
    }

    @Override
    public String detail() {
        return "Razorpay refused the request: " + getMessage();
    }
}
