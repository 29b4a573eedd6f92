package com.nakksha.booking.slots;

import com.nakksha.booking.availability.TimeSpan;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Time already taken by a live session, buffers included. A webinar occurrence also says when it
 * starts, how long it runs and how many seats are left, so that a viewer can still join it.
 */
public record Occupancy(TimeSpan blocked, WebinarSeats webinar) {

    public record WebinarSeats(Instant start, Duration duration, int seatsLeft) {
    }

    public Occupancy {
        Objects.requireNonNull(blocked, "blocked");
    }

    public static Occupancy personal(TimeSpan blocked) {
        return new Occupancy(blocked, null);
    }

    public static Occupancy webinar(TimeSpan blocked, Instant start, Duration duration, int seatsLeft) {
        return new Occupancy(blocked, new WebinarSeats(start, duration, seatsLeft));
    }

    boolean isWebinar() {
        return webinar != null;
    }
}
