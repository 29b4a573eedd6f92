package com.nakksha.booking.session;

import com.nakksha.booking.availability.TimeSpan;
import com.nakksha.booking.slots.Occupancies;
import com.nakksha.booking.slots.Occupancy;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** The slot search's view of the session table: which time live sessions take. */
@Repository
class SessionOccupancies implements Occupancies {

    /**
     * The statuses that keep time ({@link SessionStatus#occupiesTime()}), written into the SQL as
     * literals (enum names, never input): only then can the planner match the partial exclusion
     * constraint {@code session_no_double_booking}, whose predicate lists the same statuses, and
     * search its GiST index on this public path; a bound array would hide the values from it.
     */
    private static final String LIVE_STATUSES = Arrays.stream(SessionStatus.values())
            .filter(SessionStatus::occupiesTime)
            .map(status -> "'" + status.name() + "'")
            .collect(Collectors.joining(", "));

    private static final String AROUND = """
            SELECT DISTINCT lower(s.blocked) AS blocked_from, upper(s.blocked) AS blocked_until,
                w.starts_at AS webinar_start, w.duration_minutes AS webinar_minutes,
                w.seats - w.seats_taken AS seats_left
            FROM session s LEFT JOIN webinar_occurrence w ON w.id = s.webinar_occurrence_id
            WHERE s.consultant_id = :consultant
                AND s.status IN (%s)
                AND NOT (s.status = '%s' AND s.hold_expires_at IS NOT NULL AND s.hold_expires_at <= :now)
                AND s.blocked && tstzrange(:from, :until, '[)')""".formatted(LIVE_STATUSES, SessionStatus.PENDING.name());

    private final DatabaseClient database;

    SessionOccupancies(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Flux<Occupancy> around(UUID consultantId, Instant from, Instant until, Instant now) {
        return database.sql(AROUND)
                .bind("consultant", consultantId)
                .bind("now", now)
                .bind("from", from)
                .bind("until", until)
                .map(row -> {
                    TimeSpan blocked = new TimeSpan(row.get("blocked_from", Instant.class), row.get("blocked_until", Instant.class));
                    Instant webinarStart = row.get("webinar_start", Instant.class);
                    if (webinarStart == null) {
                        return Occupancy.personal(blocked);
                    }
                    return Occupancy.webinar(blocked, webinarStart, Duration.ofMinutes(row.get("webinar_minutes", Integer.class)),
                            row.get("seats_left", Integer.class));
                })
                .all();
    }
}
