package com.nakksha.payment.payable;

import com.nakksha.defaults.problem.Refusal;

/** A request the payable's current state does not allow, naming the field it concerns. */
public class PayableRuleException extends Refusal {

    private final String field;

    public PayableRuleException(String field, String message) {
        this(Kind.UNPROCESSABLE, "Change not allowed", field, message);
    }

    PayableRuleException(Kind kind, String title, String field, String message) {
        super(kind, title, message);
        this.field = field;
    }

    @Override
    public String field() {
        return field;
    }
}
