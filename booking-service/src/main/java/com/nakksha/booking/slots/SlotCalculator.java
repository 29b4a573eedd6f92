package com.nakksha.booking.slots;

import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.TimeSpan;
import com.nakksha.booking.consultant.SessionType;
import com.nakksha.defaults.problem.InvalidInputException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns availability into free slots. Candidates start at the beginning of each working span and
 * follow each other every slot interval of real time; a candidate is offered when the whole
 * session fits the span, it starts inside the requested window, no earlier than the minimum
 * notice and no later than the advance window allows, and its time plus buffers touches no
 * occupied time (except the webinar occurrence it would join, while seats are left).
 */
public class SlotCalculator {

    public List<Slot> freeSlots(Availability availability, SlotQuery query, Collection<Occupancy> occupied, Instant now) {
        Duration duration = durationFor(availability, query.type(), query.duration());
        return compute(availability, query.type(), duration, query.windowStart(), query.windowEnd(),
                query.viewerZone(), OccupiedTime.of(occupied), now);
    }

    /** The slot starting exactly at {@code start}, if the availability offers it right now. */
    public Optional<Slot> slotAt(Availability availability, SessionType type, Duration duration, Instant start,
                                 Collection<Occupancy> occupied, Instant now) {
        Duration length = durationFor(availability, type, duration);
        return compute(availability, type, length, start, start.plusNanos(1), availability.timeZone(),
                OccupiedTime.of(occupied), now).stream().findFirst();
    }

    /**
     * Whether the availability offers a session of exactly this length at {@code start} right now:
     * on the slot grid, inside working hours and outside breaks (date overrides applied), no earlier
     * than the minimum notice and within the advance window. Unlike {@link #slotAt} the length need
     * not be one of the listed durations, as a session the consultant recorded may have any length.
     * Other sessions are not considered: the database decides overlaps.
     */
    public boolean offersTimeFor(Availability availability, SessionType type, Duration duration, Instant start, Instant now) {
        return !compute(availability, type, duration, start, start.plusNanos(1), availability.timeZone(),
                OccupiedTime.of(List.of()), now).isEmpty();
    }

    public Duration durationFor(Availability availability, SessionType type, Duration requested) {
        if (requested == null) {
            return availability.defaultDuration(type);
        }
        if (!availability.offers(type, requested)) {
            throw new InvalidInputException("durationMinutes", "must be one of "
                    + availability.durations().get(type).stream().map(d -> String.valueOf(d.toMinutes()))
                    .collect(Collectors.joining(", ")) + " for " + type);
        }
        return requested;
    }

    private List<Slot> compute(Availability availability, SessionType type, Duration duration, Instant from,
                               Instant to, ZoneId viewerZone, OccupiedTime occupied, Instant now) {
        Instant earliest = later(from, now.plus(availability.minimumNotice()));
        Instant latest = now.plus(availability.maximumAdvance());
        List<Slot> slots = new ArrayList<>();
        if (!earliest.isBefore(to) || earliest.isAfter(latest)) {
            return slots;
        }
        ZoneId zone = availability.timeZone();
        Instant lastInstant = to.isBefore(latest) ? to : latest;
        LocalDate lastDate = lastInstant.atZone(zone).toLocalDate().plusDays(1);
        long intervalNanos = availability.slotInterval().toNanos();
        for (LocalDate date = earliest.atZone(zone).toLocalDate().minusDays(1); !date.isAfter(lastDate); date = date.plusDays(1)) {
            for (TimeSpan span : availability.workingSpans(date)) {
                Instant start = span.start();
                if (start.isBefore(earliest)) {
                    long steps = Math.ceilDiv(Duration.between(start, earliest).toNanos(), intervalNanos);
                    start = start.plusNanos(steps * intervalNanos);
                }
                for (; !start.plus(duration).isAfter(span.end()); start = start.plusNanos(intervalNanos)) {
                    if (!start.isBefore(to) || start.isAfter(latest)) {
                        break;
                    }
                    int seats = occupied.seatsFor(type, start, duration, availability.blockedBy(start, duration),
                            availability.webinarSeats());
                    if (seats != OccupiedTime.TAKEN) {
                        Instant end = start.plus(duration);
                        slots.add(new Slot(start, end,
                                start.atZone(viewerZone).toOffsetDateTime(),
                                end.atZone(viewerZone).toOffsetDateTime(),
                                type == SessionType.WEBINAR ? seats : null));
                    }
                }
            }
        }
        return slots;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
