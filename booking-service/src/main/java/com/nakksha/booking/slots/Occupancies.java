package com.nakksha.booking.slots;

import reactor.core.publisher.Flux;

import java.time.Instant;
import java.util.UUID;

/**
 * The time a consultant's sessions already take. The session feature answers it, since it owns
 * sessions and which of their statuses keep time; slots only read through this port, so the two
 * features stay tied one way (sessions book through {@link SlotService}).
 */
public interface Occupancies {

    /**
     * Time taken by the consultant's live sessions that overlaps {@code [from, until)} (UTC
     * instants), buffers included; a hold that ran out by {@code now} counts as free already, as
     * the next booking abandons it first. A webinar occurrence appears once, with the seats it has left.
     */
    Flux<Occupancy> around(UUID consultantId, Instant from, Instant until, Instant now);
}
