package com.nakksha.quotation.quotation;

/** A price that cannot be quoted (answered 400 naming {@code field}). */
public class PricingException extends RuntimeException {

    private final String field;

    public PricingException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
