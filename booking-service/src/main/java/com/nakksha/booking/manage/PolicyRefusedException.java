package com.nakksha.booking.manage;

/** A client's change through their manage link that the consultant's policy (or the booking's state) does not allow: 409. */
class PolicyRefusedException extends RuntimeException {

    PolicyRefusedException(String why) {
        super(why);
    }
}
