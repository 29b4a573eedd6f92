package com.nakksha.quotation.quotation;

/** The consultant withdrew the quotation; its share link answers 410 Gone. */
public class QuotationWithdrawnException extends RuntimeException {

    public QuotationWithdrawnException() {
        super("The consultant withdrew this quotation.");
    }
}
