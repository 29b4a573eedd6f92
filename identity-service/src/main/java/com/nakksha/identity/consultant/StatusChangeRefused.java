package com.nakksha.identity.consultant;

import com.nakksha.defaults.problem.Refusal;

/** An admin asked for a status change the state machine does not allow from the current status (409). */
public class StatusChangeRefused extends Refusal {

    /** @param action the verb of the change asked for ("approve", "suspend", ...) */
    public StatusChangeRefused(ConsultantStatus from, String action) {
        super(Kind.CONFLICT, "Status change not allowed", "cannot " + action + " a consultant whose status is " + from);
    }
}
