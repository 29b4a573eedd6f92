package com.nakksha.payment.payable;

/**
 * The owner's view of a payable (booking's session or quotation's quotation), replicated from its
 * events. Only OPEN and CONFIRMED payables take money; ABANDONED and CANCELLED ones return it.
 */
public enum Availability {
    OPEN,
    CONFIRMED,
    ABANDONED,
    CANCELLED;

    public boolean acceptsPayment() {
        return this == OPEN || this == CONFIRMED;
    }
}
