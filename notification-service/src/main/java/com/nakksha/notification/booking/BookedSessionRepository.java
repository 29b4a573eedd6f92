package com.nakksha.notification.booking;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import com.nakksha.defaults.inbox.OwnerVersion;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

@Repository
class BookedSessionRepository {

    /**
     * An event's {@code :version} is not older than the write that set the stored times: booking's writes of a session
     * carry growing versions, and a version missing on either side (writers before the field) decides nothing.
     */
    private static final String NOT_OLDER = OwnerVersion.notOlder("times_version", "CAST(:version AS BIGINT)");

    private final DatabaseClient database;

    BookedSessionRepository(DatabaseClient database) {
        this.database = database;
    }

    Mono<BookedSession> find(UUID sessionId) {
        return database.sql("SELECT * FROM booked_session WHERE session_id = :id")
                .bind("id", sessionId)
                .map(BookedSessionRepository::read)
                .one();
    }

    /** @param version the SessionBooked's {@code sessionVersion} (0), null from writers before the field */
    Mono<Void> booked(BookedSession session, Long version, Instant now) {
        return database.sql("""
                        INSERT INTO booked_session (session_id, consultant_id, client_name, client_email, client_zone,
                            consultant_zone, title, starts_at, ends_at, amount_minor, currency, source, status,
                            payment_status, hold_expires_at, sealed_payment_capability, sealed_manage_token, meeting_link,
                            ics_sequence, invited, times_version, updated_at)
                        VALUES (:id, :consultant, :clientName, :clientEmail, :clientZone, :consultantZone, :title, :startsAt,
                            :endsAt, :amount, :currency, :source, :status, :paymentStatus, :holdExpiresAt, :capability,
                            :manageToken, :meetingLink, 0, FALSE, :version, :now)
                        ON CONFLICT (session_id) DO NOTHING""")
                .bind("id", session.sessionId())
                .bind("consultant", session.consultantId())
                .bind("clientName", session.clientName())
                .bind("clientEmail", session.clientEmail())
                .bind("clientZone", session.clientZone().getId())
                .bind("consultantZone", session.consultantZone().getId())
                .bind("title", session.title())
                .bind("startsAt", utc(session.startsAt()))
                .bind("endsAt", utc(session.endsAt()))
                .bind("amount", session.amountMinor())
                .bind("currency", session.currency())
                .bind("source", session.source())
                .bind("status", session.status().name())
                .bind("paymentStatus", session.paymentStatus())
                .bind("holdExpiresAt", Parameter.fromOrEmpty(session.holdExpiresAt() == null ? null : utc(session.holdExpiresAt()),
                        OffsetDateTime.class))
                .bind("capability", Parameter.fromOrEmpty(session.sealedPaymentCapability(), String.class))
                .bind("manageToken", Parameter.fromOrEmpty(session.sealedManageToken(), String.class))
                .bind("meetingLink", Parameter.fromOrEmpty(session.meetingLink(), String.class))
                .bind("version", Parameter.fromOrEmpty(version, Long.class))
                .bind("now", utc(now))
                .then();
    }

    /**
     * Confirms the session, unless it has ended: booking never confirms a cancelled, completed or no-show session,
     * so such a SessionConfirmed is an old one delivered late. Its times apply unless a later write of the session
     * set them ({@link #NOT_OLDER}).
     *
     * @param version the event's {@code sessionVersion}, null from writers before the field
     * @return whether the session was confirmed; false also when it is not in the replica
     */
    Mono<Boolean> confirmed(UUID sessionId, Instant startsAt, Instant endsAt, String meetingLink, Long version, Instant now) {
        return database.sql("""
                        UPDATE booked_session SET status = 'CONFIRMED',
                            starts_at = CASE WHEN %1$s THEN :startsAt ELSE starts_at END,
                            ends_at = CASE WHEN %1$s THEN :endsAt ELSE ends_at END,
                            times_version = CASE WHEN %1$s THEN COALESCE(:version, times_version) ELSE times_version END,
                            meeting_link = COALESCE(:meetingLink, meeting_link), invited = TRUE, updated_at = :now
                        WHERE session_id = :id AND status NOT IN ('CANCELLED', 'COMPLETED', 'NO_SHOW')""".formatted(NOT_OLDER))
                .bind("id", sessionId).bind("startsAt", utc(startsAt)).bind("endsAt", utc(endsAt))
                .bind("meetingLink", Parameter.fromOrEmpty(meetingLink, String.class))
                .bind("version", Parameter.fromOrEmpty(version, Long.class)).bind("now", utc(now))
                .fetch().rowsUpdated().map(rows -> rows > 0);
    }

    /**
     * A move is a change of the calendar event: its SEQUENCE grows. A move of a cancelled session, or one older than
     * the write that set the session's times ({@link #NOT_OLDER}), is an old event delivered late and changes nothing.
     *
     * @param version the event's {@code sessionVersion}, null from writers before the field
     * @return whether the session moved; false also when it is not in the replica
     */
    Mono<Boolean> rescheduled(UUID sessionId, Instant startsAt, Instant endsAt, Long version, Instant now) {
        return database.sql("""
                        UPDATE booked_session SET starts_at = :startsAt, ends_at = :endsAt, ics_sequence = ics_sequence + 1,
                            times_version = COALESCE(:version, times_version), updated_at = :now
                        WHERE session_id = :id AND status <> 'CANCELLED' AND %s""".formatted(NOT_OLDER))
                .bind("id", sessionId).bind("startsAt", utc(startsAt)).bind("endsAt", utc(endsAt))
                .bind("version", Parameter.fromOrEmpty(version, Long.class)).bind("now", utc(now))
                .fetch().rowsUpdated().map(rows -> rows > 0);
    }

    Mono<Void> cancelled(UUID sessionId, Instant now) {
        return database.sql("""
                        UPDATE booked_session SET status = 'CANCELLED', ics_sequence = ics_sequence + 1, updated_at = :now
                        WHERE session_id = :id""")
                .bind("id", sessionId).bind("now", utc(now))
                .then();
    }

    /** ABANDONED, COMPLETED or NO_SHOW; a cancellation is never overwritten. */
    Mono<Void> ended(UUID sessionId, BookedSession.Status status, Instant now) {
        return database.sql("UPDATE booked_session SET status = :status, updated_at = :now WHERE session_id = :id AND status <> 'CANCELLED'")
                .bind("id", sessionId).bind("status", status.name()).bind("now", utc(now))
                .then();
    }

    Mono<Void> paymentStatus(UUID sessionId, String paymentStatus, Instant now) {
        return database.sql("UPDATE booked_session SET payment_status = :status, updated_at = :now WHERE session_id = :id")
                .bind("id", sessionId).bind("status", paymentStatus).bind("now", utc(now))
                .then();
    }

    /** Consultants with a confirmed session starting in [from, to). */
    Flux<UUID> consultantsWithConfirmedSessions(Instant from, Instant to) {
        return database.sql("""
                        SELECT DISTINCT consultant_id FROM booked_session
                        WHERE status = 'CONFIRMED' AND starts_at >= :from AND starts_at < :to""")
                .bind("from", utc(from)).bind("to", utc(to))
                .map(row -> row.get("consultant_id", UUID.class))
                .all();
    }

    /** The consultant's confirmed sessions starting in [from, to), earliest first. */
    Flux<BookedSession> confirmed(UUID consultantId, Instant from, Instant to) {
        return database.sql("""
                        SELECT * FROM booked_session
                        WHERE consultant_id = :consultant AND status = 'CONFIRMED' AND starts_at >= :from AND starts_at < :to
                        ORDER BY starts_at, session_id""")
                .bind("consultant", consultantId).bind("from", utc(from)).bind("to", utc(to))
                .map(BookedSessionRepository::read)
                .all();
    }

    private static BookedSession read(Readable row) {
        OffsetDateTime hold = row.get("hold_expires_at", OffsetDateTime.class);
        return new BookedSession(
                row.get("session_id", UUID.class),
                row.get("consultant_id", UUID.class),
                row.get("client_name", String.class),
                row.get("client_email", String.class),
                ZoneId.of(row.get("client_zone", String.class)),
                ZoneId.of(row.get("consultant_zone", String.class)),
                row.get("title", String.class),
                row.get("starts_at", OffsetDateTime.class).toInstant(),
                row.get("ends_at", OffsetDateTime.class).toInstant(),
                row.get("amount_minor", Long.class),
                row.get("currency", String.class),
                row.get("source", String.class),
                BookedSession.Status.valueOf(row.get("status", String.class)),
                row.get("payment_status", String.class),
                hold == null ? null : hold.toInstant(),
                row.get("sealed_payment_capability", String.class),
                row.get("sealed_manage_token", String.class),
                row.get("meeting_link", String.class),
                row.get("ics_sequence", Integer.class),
                Boolean.TRUE.equals(row.get("invited", Boolean.class)));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
