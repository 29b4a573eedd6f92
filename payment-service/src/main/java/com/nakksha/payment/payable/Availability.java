package com.nakksha.payment.payable;

/**
 * The owner's view of a payable (booking's session or quotation's quotation), replicated from its
 * events. Orders are made only for OPEN and CONFIRMED payables. A capture for an ABANDONED one (the
 * hold expired) is kept until booking says whether the session is confirmed after all or the payment
 * declined; a capture for a CANCELLED one is refunded by the cancellation's share at once (returned in full, or
 * kept with that share refunded: {@link Payable#observe}).
 */
public enum Availability {
    OPEN,
    CONFIRMED,
    ABANDONED,
    CANCELLED;

    /** Whether an order can be made now. */
    public boolean acceptsPayment() {
        return this == OPEN || this == CONFIRMED;
    }
}
