package com.nakksha.booking.slots;

import com.nakksha.booking.availability.TimeSpan;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class OccupancyRepository {

    private final DatabaseClient database;

    OccupancyRepository(DatabaseClient database) {
        this.database = database;
    }

    /**
     * Time taken by the consultant's live sessions around a window; a hold that ran out counts as
     * free already, as the next booking abandons it first. A webinar occurrence appears once, with
     * the seats it has left.
     */
    Flux<Occupancy> around(UUID consultantId, Instant from, Instant until, Instant now) {
        return database.sql("""
                        SELECT DISTINCT lower(s.blocked) AS blocked_from, upper(s.blocked) AS blocked_until,
                            w.starts_at AS webinar_start, w.duration_minutes AS webinar_minutes,
                            w.seats - w.seats_taken AS seats_left
                        FROM session s LEFT JOIN webinar_occurrence w ON w.id = s.webinar_occurrence_id
                        WHERE s.consultant_id = :consultant
                            AND s.status IN ('PENDING', 'CONFIRMED', 'COMPLETED', 'NO_SHOW')
                            AND NOT (s.status = 'PENDING' AND s.hold_expires_at IS NOT NULL AND s.hold_expires_at <= :now)
                            AND s.blocked && tstzrange(:from, :until, '[)')""")
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
