package com.nakksha.quotation.quotation;

/**
 * A change the quotation's current state does not allow (answered 409); {@code field} names what was
 * asked to change.
 */
public class QuotationTransitionException extends RuntimeException {

    private final String field;

    public QuotationTransitionException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
