package com.nakksha.booking.slots;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A bookable start. {@code localStart}/{@code localEnd} are the same instants on the viewer's
 * clock, offset included so that a repeated hour on a fall-back day stays unambiguous.
 * {@code seatsLeft} is null for personal sessions.
 */
public record Slot(Instant start, Instant end, OffsetDateTime localStart, OffsetDateTime localEnd, Integer seatsLeft) {
}
