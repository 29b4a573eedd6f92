package com.nakksha.booking.session;

/** The database refused a session because its time, buffers included, is taken: the loser of a race. */
public class SlotTakenException extends RuntimeException {

    public SlotTakenException(String message) {
        super(message);
    }

    SlotTakenException(Throwable cause) {
        super("the time is no longer free", cause);
    }
}
