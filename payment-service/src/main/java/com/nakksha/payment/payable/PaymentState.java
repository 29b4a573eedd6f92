package com.nakksha.payment.payable;

/**
 * Where a payable's money stands. Declared in the only order it may move: a state never goes back
 * to an earlier one (a late failure after a capture, or a late capture after a full refund, changes
 * nothing). RETURNED: a capture that arrived after the session's hold expired was declined by booking
 * (its slot was taken) and is being given back in full; the payable keeps no money and takes no more.
 */
public enum PaymentState {
    UNPAID,
    FAILED,
    PAID,
    PARTIALLY_REFUNDED,
    REFUNDED,
    RETURNED;

    public boolean isPaid() {
        return this.compareTo(PAID) >= 0;
    }

    boolean isBefore(PaymentState other) {
        return compareTo(other) < 0;
    }
}
