package com.nakksha.payment.payable;

/** What a payable is: a public session's price or an accepted quotation's amount. */
public enum PayableType {
    SESSION,
    QUOTATION
}
