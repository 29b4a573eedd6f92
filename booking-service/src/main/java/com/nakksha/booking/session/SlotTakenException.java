package com.nakksha.booking.session;

import io.r2dbc.spi.R2dbcException;

/** The database refused a session because its time, buffers included, is taken: the loser of a race. */
public class SlotTakenException extends RuntimeException {

    private static final String EXCLUSION_VIOLATION = "23P01";

    public SlotTakenException(String message) {
        super(message);
    }

    SlotTakenException(Throwable cause) {
        super("the time is no longer free", cause);
    }

    static boolean isDoubleBooking(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof R2dbcException database && EXCLUSION_VIOLATION.equals(database.getSqlState())) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }
}
