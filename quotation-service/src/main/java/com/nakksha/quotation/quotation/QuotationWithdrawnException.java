package com.nakksha.quotation.quotation;

import com.nakksha.defaults.problem.Refusal;

/** The consultant withdrew the quotation; its share link answers 410 Gone. */
public class QuotationWithdrawnException extends Refusal {

    public QuotationWithdrawnException() {
        super(Kind.GONE, "Quotation withdrawn", "The consultant withdrew this quotation.");
    }
}
