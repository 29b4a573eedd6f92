package com.nakksha.booking.session;

import com.nakksha.defaults.problem.Refusal;

/** A change the session's current state does not allow; {@code field} names what was asked to change. */
public class SessionTransitionException extends Refusal {

    private final String field;

    public SessionTransitionException(String field, String message) {
        super(Kind.UNPROCESSABLE, "Change not allowed", message);
        this.field = field;
    }

    @Override
    public String field() {
        return field;
    }
}
