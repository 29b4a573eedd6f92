package com.nakksha.booking.session;

/** A change the session's current state does not allow; {@code field} names what was asked to change. */
public class SessionTransitionException extends RuntimeException {

    private final String field;

    public SessionTransitionException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
