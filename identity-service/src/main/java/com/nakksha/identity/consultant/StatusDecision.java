package com.nakksha.identity.consultant;

import java.util.Locale;

/**
 * An admin's decision on a consultant account: the transition table of {@link ConsultantStatus}. The consultant
 * remembers the decision that brought it to its status, because two decisions lead to {@code APPROVED}: a
 * reinstatement repeated is a retry, a reinstatement of an account approved and never suspended is refused.
 */
public enum StatusDecision {
    APPROVE(ConsultantStatus.PENDING_APPROVAL, ConsultantStatus.APPROVED),
    REJECT(ConsultantStatus.PENDING_APPROVAL, ConsultantStatus.REJECTED),
    SUSPEND(ConsultantStatus.APPROVED, ConsultantStatus.SUSPENDED),
    REINSTATE(ConsultantStatus.SUSPENDED, ConsultantStatus.APPROVED);

    private final ConsultantStatus from;
    private final ConsultantStatus to;

    StatusDecision(ConsultantStatus from, ConsultantStatus to) {
        this.from = from;
        this.to = to;
    }

    /** The only status the decision may be taken in. */
    public ConsultantStatus from() {
        return from;
    }

    /** The status the decision leads to. */
    public ConsultantStatus to() {
        return to;
    }

    /** The word {@link StatusChangeRefused} uses: "cannot approve ...". */
    String verb() {
        return name().toLowerCase(Locale.ROOT);
    }
}
