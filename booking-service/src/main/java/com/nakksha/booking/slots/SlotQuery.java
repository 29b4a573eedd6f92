package com.nakksha.booking.slots;

import com.nakksha.booking.consultant.SessionType;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.InvalidInputException.Violation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Which free slots a viewer asks for: whole days {@code from..to} (both included) on the
 * viewer's calendar. {@code duration} may be null for the type's default.
 */
public record SlotQuery(LocalDate from, LocalDate to, ZoneId viewerZone, SessionType type, Duration duration) {

    public static final int MAX_DAYS = 92;

    public SlotQuery {
        List<Violation> violations = new ArrayList<>();
        if (from == null) {
            violations.add(new Violation("from", "is required"));
        }
        if (to == null) {
            violations.add(new Violation("to", "is required"));
        }
        if (viewerZone == null) {
            violations.add(new Violation("timeZone", "is required"));
        }
        if (type == null) {
            violations.add(new Violation("type", "is required"));
        }
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                violations.add(new Violation("to", "must not be before from"));
            } else if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
                violations.add(new Violation("to", "the range may cover at most " + MAX_DAYS + " days"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    public Instant windowStart() {
        return from.atStartOfDay(viewerZone).toInstant();
    }

    public Instant windowEnd() {
        return to.plusDays(1).atStartOfDay(viewerZone).toInstant();
    }
}
