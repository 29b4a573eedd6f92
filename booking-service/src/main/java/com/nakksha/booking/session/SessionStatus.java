package com.nakksha.booking.session;

public enum SessionStatus {
    PENDING,
    CONFIRMED,
    COMPLETED,
    CANCELLED,
    NO_SHOW,
    ABANDONED;

    /** Whether a session in this status keeps its time from others; only cancelled and abandoned ones free it. */
    public boolean occupiesTime() {
        return this != CANCELLED && this != ABANDONED;
    }

    /** Whether a session in this status counts in its client's total of sessions: the same ones that keep their time. */
    public boolean countsForClient() {
        return occupiesTime();
    }
}
