package com.nakksha.booking.slots;

import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.Opening;
import com.nakksha.booking.consultant.SessionType;
import com.nakksha.defaults.problem.InvalidInputException;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns availability into free slots. Candidates start at the beginning of each stretch of working
 * time and follow each other every slot interval of real (elapsed) time, a stretch continued
 * across midnight keeping its grid; a candidate is offered when it starts inside the stretch and
 * the whole session fits the working time that follows without a gap (hours that touch across
 * midnight join), it starts inside the requested window, no earlier than the minimum notice and
 * before the end of the advance window's last calendar day ({@link Availability#bookableUntil}),
 * and its time plus buffers touches no occupied time (except the webinar occurrence it would join,
 * while seats are left).
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
        Instant until = availability.bookableUntil(now);
        List<Slot> slots = new ArrayList<>();
        if (!earliest.isBefore(to) || !earliest.isBefore(until)) {
            return slots;
        }
        ZoneId zone = availability.timeZone();
        Instant lastInstant = to.isBefore(until) ? to : until;
        long intervalNanos = availability.slotInterval().toNanos();
        for (Opening opening : availability.openings(earliest.atZone(zone).toLocalDate().minusDays(1),
                lastInstant.atZone(zone).toLocalDate().plusDays(1))) {
            Instant start = opening.gridStart();
            Instant first = later(opening.span().start(), earliest);
            if (start.isBefore(first)) {
                long steps = Math.ceilDiv(Duration.between(start, first).toNanos(), intervalNanos);
                start = start.plusNanos(steps * intervalNanos);
            }
            for (; start.isBefore(opening.span().end()) && !start.plus(duration).isAfter(opening.reach());
                 start = start.plusNanos(intervalNanos)) {
                if (!start.isBefore(to) || !start.isBefore(until)) {
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
        return slots;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
