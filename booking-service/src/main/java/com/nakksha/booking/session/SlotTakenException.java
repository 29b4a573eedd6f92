package com.nakksha.booking.session;

import com.nakksha.defaults.problem.Refusal;

/** The database refused a session because its time, buffers included, is taken: the loser of a race (409). */
public class SlotTakenException extends Refusal {

    public SlotTakenException(String message) {
        this("Slot taken", message);
    }

    SlotTakenException(String title, String message) {
        super(Kind.CONFLICT, title, message);
    }

    SlotTakenException(Throwable cause) {
        super(Kind.CONFLICT, "Slot taken", "the time is no longer free", cause);
    }

    @Override
    public String detail() {
        return "The requested time is no longer available: " + getMessage();
    }
}
