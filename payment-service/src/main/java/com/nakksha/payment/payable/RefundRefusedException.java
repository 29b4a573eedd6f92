package com.nakksha.payment.payable;

/**
 * A refund that clashes with where the payment's money stands (answered 409): more than what is
 * left of the capture, nothing left at all, or a payment that is not the payable's capture.
 */
public class RefundRefusedException extends PayableRuleException {

    public RefundRefusedException(String field, String message) {
        super(Kind.CONFLICT, "Refund not possible", field, message);
    }
}
