package com.nakksha.booking.manage;

import com.nakksha.defaults.problem.Refusal;

/** A client's change through their manage link that the consultant's policy (or the booking's state) does not allow: 409. */
class PolicyRefusedException extends Refusal {

    PolicyRefusedException(String why) {
        super(Kind.CONFLICT, "Not allowed by the booking policy", why);
    }
}
