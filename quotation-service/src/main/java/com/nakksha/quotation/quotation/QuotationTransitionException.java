package com.nakksha.quotation.quotation;

import com.nakksha.defaults.problem.Refusal;

/**
 * A change the quotation's current state does not allow (answered 409); {@code field} names what was
 * asked to change.
 */
public class QuotationTransitionException extends Refusal {

    private final String field;

    public QuotationTransitionException(String field, String message) {
        super(Kind.CONFLICT, "Change not allowed", message);
        this.field = field;
    }

    @Override
    public String field() {
        return field;
    }
}
