package com.nakksha.identity.consultant;

/** An admin asked for a status change the state machine does not allow from the current status. */
public class StatusChangeRefused extends RuntimeException {

    private final ConsultantStatus from;
    private final String action;

    public StatusChangeRefused(ConsultantStatus from, String action) {
        super("cannot " + action + " a consultant whose status is " + from);
        this.from = from;
        this.action = action;
    }

    public ConsultantStatus from() {
        return from;
    }

    public String action() {
        return action;
    }
}
