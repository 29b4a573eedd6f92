package com.nakksha.booking.slots;

import com.nakksha.booking.availability.Availability;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

/** Free slots of a consultant as of now, from the stored availability and the sessions already booked. */
@Service
public class SlotService {

    /** Wide enough to catch any session whose buffered time reaches into the window. */
    private static final Duration MARGIN = Duration.ofDays(1);

    private final Occupancies occupancies;
    private final Clock clock;
    private final SlotCalculator calculator = new SlotCalculator();

    SlotService(Occupancies occupancies, Clock clock) {
        this.occupancies = occupancies;
        this.clock = clock;
    }

    public Mono<List<Slot>> freeSlots(UUID consultantId, Availability availability, SlotQuery query) {
        Instant now = clock.instant();
        return occupancies.around(consultantId, query.windowStart().minus(MARGIN), query.windowEnd().plus(MARGIN), now)
                .collectList()
                .map(occupied -> calculator.freeSlots(availability, query, occupied, now));
    }

    public SlotCalculator calculator() {
        return calculator;
    }
}
