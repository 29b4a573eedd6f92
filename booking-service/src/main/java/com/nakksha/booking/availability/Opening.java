package com.nakksha.booking.availability;

import java.time.Instant;

/**
 * A stretch of working time on one date, in real time. Slot candidates start on the grid that
 * begins at {@code gridStart} (this stretch's start, or the start of the stretch it continues
 * across midnight) and steps by the slot interval of elapsed time; a candidate starts inside
 * {@code span} and its session may run on to {@code reach}, the end of the working time that
 * continues without a gap (across midnight into the next date's hours).
 */
public record Opening(TimeSpan span, Instant gridStart, Instant reach) {
}
