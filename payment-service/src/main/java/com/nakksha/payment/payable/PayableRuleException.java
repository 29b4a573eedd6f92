package com.nakksha.payment.payable;

/** A request the payable's current state does not allow, naming the field it concerns. */
public class PayableRuleException extends RuntimeException {

    private final String field;

    public PayableRuleException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
