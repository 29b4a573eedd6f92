package com.nakksha.quotation.quotation;

import java.util.List;

/**
 * An answer came after the quotation's expiry (answered 409). The quotation expired on this access:
 * {@link #events()} is what the expiry raised, which the caller still records, in a transaction of its own.
 */
public class ExpiredOnAccessException extends QuotationTransitionException {

    private final transient List<QuotationEvent> events;

    public ExpiredOnAccessException(List<QuotationEvent> events, String message) {
        super("status", message);
        this.events = List.copyOf(events);
    }

    public List<QuotationEvent> events() {
        return events;
    }
}
