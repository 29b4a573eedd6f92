package com.nakksha.quotation.quotation;

/**
 * Where a quotation is: DRAFT → SENT → VIEWED → ACCEPTED | REJECTED | EXPIRED; SENT or VIEWED →
 * WITHDRAWN by the consultant. Only a DRAFT is editable.
 */
public enum QuotationStatus {
    DRAFT, SENT, VIEWED, ACCEPTED, REJECTED, EXPIRED, WITHDRAWN;

    /** Out with the client and not answered yet: the link can be viewed, accepted or rejected. */
    public boolean isOpen() {
        return this == SENT || this == VIEWED;
    }
}
