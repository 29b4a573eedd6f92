package com.nakksha.booking.session;

import com.nakksha.booking.BookingProperties;
import com.nakksha.booking.availability.MeetingPlatform;
import com.nakksha.booking.availability.TimeSpan;
import com.nakksha.booking.client.ClientTotals;
import com.nakksha.booking.consultant.SessionType;
import com.nakksha.booking.money.Money;
import com.nakksha.defaults.commit.CommitWrites;
import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.query.SqlFilter;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * Sessions of one consultant at a time. The table's exclusion constraint, not a check in here, is
 * what keeps two live sessions off the same time.
 */
@Repository
class SessionRepository {

    /** The API fields a session list sorts by, and the SQL each stands for. */
    static final Map<String, String> SORT_COLUMNS = Map.of(
            "startsAt", "s.starts_at",
            "createdAt", "s.created_at",
            "amount", "s.amount_minor",
            "status", "s.status",
            "title", "lower(s.title)",
            "clientName", "lower(c.name)");

    /** Postgres' SQLSTATE for an exclusion constraint violation. */
    private static final String EXCLUSION_VIOLATION = "23P01";

    /** The unique index that keeps one client to one live seat of a webinar occurrence. */
    private static final String ONE_SEAT_PER_CLIENT = "session_one_seat_per_client_uq";

    private static final String SELECT_WITH_CLIENT_COLUMNS = "SELECT s.*, c.name AS client_name, c.email AS client_email";
    private static final String FROM_SESSION_AND_CLIENT = "FROM session s JOIN client c ON c.id = s.client_id";
    private static final String SELECT_WITH_CLIENT = SELECT_WITH_CLIENT_COLUMNS + " " + FROM_SESSION_AND_CLIENT;

    private final DatabaseClient database;
    private final CommitWrites commitWrites;

    SessionRepository(DatabaseClient database, CommitWrites commitWrites) {
        this.database = database;
        this.commitWrites = commitWrites;
    }

    public Mono<Void> insert(Session session, UUID webinarOccurrenceId) {
        return insert(session, webinarOccurrenceId, null);
    }

    /** A public booking's manage link, stored with its session. */
    record ManageLink(String tokenHash, String clientTimeZone, String clientAddress, Instant createdAt) {
    }

    private static final String INSERT_SESSION = """
            INSERT INTO session (id, consultant_id, client_id, session_type, source, title, starts_at,
                duration_minutes, buffer_before_minutes, buffer_after_minutes, blocked, amount_minor, currency,
                platform, meeting_link, notes, consultant_notes, status, payment_status, payment_method,
                payment_reference, hold_expires_at, cancellation_reason, webinar_occurrence_id, occupancy_key,
                created_at, updated_at)
            VALUES (:id, :consultant, :client, :type, :source, :title, :startsAt, :duration, :bufferBefore,
                :bufferAfter, tstzrange(:blockedFrom, :blockedUntil, '[)'), :amount, :currency, :platform,
                :meetingLink, :notes, :consultantNotes, :status, :paymentStatus, :paymentMethod,
                :paymentReference, :holdExpiresAt, :cancellationReason, :webinar, :occupancyKey,
                :createdAt, :updatedAt)""";

    /**
     * Inserts a session, with its manage link when there is one in the same statement (a data-modifying CTE),
     * which saves a public booking a round trip.
     *
     * @param manageLink null for a session without one
     * @throws SlotTakenException (as an error signal) when the exclusion constraint refuses the session's time
     * @throws AlreadyBookedException (as an error signal) when the client already holds a seat of the webinar occurrence
     */
    public Mono<Void> insert(Session session, UUID webinarOccurrenceId, ManageLink manageLink) {
        Map<String, Object> parameters = insertParameters(session, webinarOccurrenceId);
        String sql = INSERT_SESSION;
        if (manageLink != null) {
            sql = """
                    WITH new_session AS (%s RETURNING id)
                    INSERT INTO session_manage_link (session_id, token_hash, client_time_zone, client_address, created_at)
                    SELECT id, :linkHash, :linkZone, :linkAddress, :linkCreatedAt FROM new_session""".formatted(INSERT_SESSION);
            parameters.putAll(linkParameters(manageLink));
        }
        return database.sql(sql)
                .bindValues(parameters)
                .then()
                .onErrorMap(SessionRepository::isDoubleBooking, SlotTakenException::new)
                .onErrorMap(SessionRepository::isSecondSeat, refused -> new AlreadyBookedException(null));
    }

    /**
     * Inserts a session that holds no webinar seat, and its manage link, at the commit of the current transaction,
     * in the statement that writes the transaction's other deferred writes (its outbox rows): a public booking's
     * round trip fewer. Nothing in the transaction reads the row before then. The consultant's schedule lock,
     * held until the commit, keeps its time as the booking checked it; the exclusion constraint still decides, and
     * a time it refuses fails the commit with {@link SlotTakenException}.
     *
     * @return completes when both writes are buffered; fails with {@link IllegalStateException} outside a transaction
     * @throws IllegalArgumentException when the session is a webinar seat (its seat is taken at once)
     */
    Mono<Void> insertAtCommit(Session session, ManageLink manageLink) {
        if (session.type() == SessionType.WEBINAR) {
            throw new IllegalArgumentException("a webinar seat is inserted at once, with its seat");
        }
        Map<String, Object> link = linkParameters(manageLink);
        link.put("id", session.id());
        return commitWrites.atCommit(new CommitWrites.Write(INSERT_SESSION, insertParameters(session, null),
                        failure -> isDoubleBooking(failure) ? new SlotTakenException(failure) : failure))
                .then(commitWrites.atCommit(new CommitWrites.Write("""
                        INSERT INTO session_manage_link (session_id, token_hash, client_time_zone, client_address, created_at)
                        VALUES (:id, :linkHash, :linkZone, :linkAddress, :linkCreatedAt)""", link)));
    }

    private static Map<String, Object> insertParameters(Session session, UUID webinarOccurrenceId) {
        TimeSpan blocked = session.blockedTime();
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("id", session.id());
        parameters.put("consultant", session.consultantId());
        parameters.put("client", session.clientId());
        parameters.put("type", session.type().name());
        parameters.put("source", session.source().name());
        parameters.put("title", session.title());
        parameters.put("startsAt", session.startsAt());
        parameters.put("duration", (int) session.duration().toMinutes());
        parameters.put("bufferBefore", (int) session.bufferBefore().toMinutes());
        parameters.put("bufferAfter", (int) session.bufferAfter().toMinutes());
        parameters.put("blockedFrom", blocked.start());
        parameters.put("blockedUntil", blocked.end());
        parameters.put("amount", session.amount().amountMinor());
        parameters.put("currency", session.amount().currency().getCurrencyCode());
        parameters.put("platform", session.platform().name());
        parameters.put("meetingLink", text(session.meetingLink()));
        parameters.put("notes", text(session.notes()));
        parameters.put("consultantNotes", text(session.consultantNotes()));
        parameters.put("status", session.status().name());
        parameters.put("paymentStatus", session.paymentStatus().name());
        parameters.put("paymentMethod", text(session.paymentMethod() == null ? null : session.paymentMethod().name()));
        parameters.put("paymentReference", text(session.paymentReference()));
        parameters.put("holdExpiresAt", Parameter.fromOrEmpty(session.holdExpiresAt(), Instant.class));
        parameters.put("cancellationReason", text(session.cancellationReason()));
        parameters.put("webinar", Parameter.fromOrEmpty(webinarOccurrenceId, UUID.class));
        parameters.put("occupancyKey", webinarOccurrenceId != null ? webinarOccurrenceId : session.id());
        parameters.put("createdAt", session.createdAt());
        parameters.put("updatedAt", session.updatedAt());
        return parameters;
    }

    private static Map<String, Object> linkParameters(ManageLink manageLink) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("linkHash", manageLink.tokenHash());
        parameters.put("linkZone", text(manageLink.clientTimeZone()));
        parameters.put("linkAddress", text(manageLink.clientAddress()));
        parameters.put("linkCreatedAt", manageLink.createdAt());
        return parameters;
    }

    /** As {@link #update(Session, UUID)} with the webinar seat unchanged. */
    public Mono<Long> update(Session session) {
        return update(session, null);
    }

    /**
     * Writes back what a session's methods may change, its time included; a webinar seat that
     * moved names its new occurrence, whose time it shares from then on.
     *
     * @return the version the write gave the row (one more than before; the row's lock orders the writes)
     */
    public Mono<Long> update(Session session, UUID newWebinarOccurrence) {
        TimeSpan blocked = session.blockedTime();
        return database.sql("""
                        UPDATE session SET title = :title, starts_at = :startsAt, duration_minutes = :duration,
                            blocked = tstzrange(:blockedFrom, :blockedUntil, '[)'), amount_minor = :amount,
                            platform = :platform, meeting_link = :meetingLink, notes = :notes,
                            consultant_notes = :consultantNotes, status = :status, payment_status = :paymentStatus,
                            payment_method = :paymentMethod, payment_reference = :paymentReference,
                            hold_expires_at = :holdExpiresAt, cancellation_reason = :cancellationReason,
                            updated_at = :updatedAt, version = version + 1,
                            webinar_occurrence_id = COALESCE(:occurrence, webinar_occurrence_id),
                            occupancy_key = COALESCE(:occurrence, occupancy_key)
                        WHERE id = :id AND consultant_id = :consultant
                        RETURNING version""")
                .bind("id", session.id())
                .bind("occurrence", Parameter.fromOrEmpty(newWebinarOccurrence, UUID.class))
                .bind("consultant", session.consultantId())
                .bind("title", session.title())
                .bind("startsAt", session.startsAt())
                .bind("duration", (int) session.duration().toMinutes())
                .bind("blockedFrom", blocked.start())
                .bind("blockedUntil", blocked.end())
                .bind("amount", session.amount().amountMinor())
                .bind("platform", session.platform().name())
                .bind("meetingLink", text(session.meetingLink()))
                .bind("notes", text(session.notes()))
                .bind("consultantNotes", text(session.consultantNotes()))
                .bind("status", session.status().name())
                .bind("paymentStatus", session.paymentStatus().name())
                .bind("paymentMethod", text(session.paymentMethod() == null ? null : session.paymentMethod().name()))
                .bind("paymentReference", text(session.paymentReference()))
                .bind("holdExpiresAt", Parameter.fromOrEmpty(session.holdExpiresAt(), Instant.class))
                .bind("cancellationReason", text(session.cancellationReason()))
                .bind("updatedAt", session.updatedAt())
                .map(row -> row.get("version", Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("session " + session.id() + " is not stored")))
                .onErrorMap(SessionRepository::isDoubleBooking, SlotTakenException::new);
    }

    /**
     * Queues this transaction behind every other that writes a session's time for the consultant (booking,
     * moving, confirming, reinstating), until it ends. Without it, concurrent INSERTs of one slot each wait
     * for the other's uncommitted row in the exclusion constraint's check and Postgres aborts one with a
     * deadlock (40P01) instead of a clean exclusion violation; with it, the loser sees the winner's committed
     * row and fails with 23P01. Taken before any session row is locked, in every path, so the order is fixed.
     */
    public Mono<Void> lockSchedule(UUID consultantId) {
        return database.sql("SELECT pg_advisory_xact_lock(hashtext('booking_schedule'), hashtext(:consultant))")
                .bind("consultant", consultantId.toString())
                .then();
    }

    /**
     * {@link #lockSchedule} for a booking that loses as soon as its time is taken: while another transaction
     * holds the consultant's schedule, it runs {@code refusal} (which fails when the time was booked meanwhile)
     * and tries again after a short, growing pause, instead of queueing. So the losers of a race for one slot
     * get their 409 as soon as the winner commits rather than one after another behind the lock (100 racers
     * queued past the gateway's timeout and answered 503). After about 5 s of trying it queues as
     * {@link #lockSchedule} does.
     *
     * @param refusal completes when the time is still free; fails (e.g. {@link SlotTakenException}) when not
     */
    public Mono<Void> lockScheduleUnlessRefused(UUID consultantId, Mono<Void> refusal) {
        Mono<Boolean> attempt = database.sql("SELECT pg_try_advisory_xact_lock(hashtext('booking_schedule'), hashtext(:consultant)) AS locked")
                .bind("consultant", consultantId.toString())
                .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> locked ? Mono.just(true) : refusal.thenReturn(false));
        return lockScheduleRetrying(consultantId, attempt);
    }

    /**
     * {@link #lockScheduleUnlessRefused} whose refusal is a taken span ({@link #isTaken}), checked in the statement
     * that tries the lock (one round trip an attempt, where the check first and the lock then take two). The lock is
     * not tried when the span is taken.
     *
     * @throws SlotTakenException (as an error signal) when the span is taken
     */
    public Mono<Void> lockScheduleUnlessTaken(UUID consultantId, TimeSpan span, Instant now) {
        // OFFSET 0 keeps the check a subquery of its own, evaluated once, before the CASE decides to try the lock.
        Mono<Boolean> attempt = database.sql("""
                        SELECT taken, CASE WHEN taken THEN false
                            ELSE pg_try_advisory_xact_lock(hashtext('booking_schedule'), hashtext(:consultantText)) END AS locked
                        FROM (SELECT session_time_taken(:consultant, :from, :until, :now) AS taken OFFSET 0) AS checked""")
                .bind("consultant", consultantId)
                .bind("consultantText", consultantId.toString())
                .bind("from", span.start())
                .bind("until", span.end())
                .bind("now", now)
                .map(row -> Boolean.TRUE.equals(row.get("taken", Boolean.class)) ? LockAttempt.TAKEN
                        : Boolean.TRUE.equals(row.get("locked", Boolean.class)) ? LockAttempt.LOCKED : LockAttempt.BUSY)
                .one()
                .flatMap(result -> result == LockAttempt.TAKEN
                        ? Mono.error(new SlotTakenException("the time is no longer free"))
                        : Mono.just(result == LockAttempt.LOCKED));
        return lockScheduleRetrying(consultantId, attempt);
    }

    /**
     * {@link #lockScheduleUnlessTaken} for a public booking, which under the lock, in the same round trip, locks the
     * consultant's expired holds (for the caller to abandon unless refused, as {@link #lockExpiredHolds(UUID, Instant)}
     * does), counts the live holds ({@link #liveHolds}) and checks the span again (a winner may have committed after
     * the first check): the function {@code lock_schedule_for_public_booking} of changeset booking-008, whose
     * statements each see what committed before they started. The expired holds are read in a second statement only
     * when there are some. While another booking holds the schedule, it tries again as
     * {@link #lockScheduleUnlessTaken} does, then queues for the lock and checks under it.
     *
     * @param clientAddress {@link com.nakksha.defaults.security.ClientAddress}, null when unknown (counted as none)
     * @throws SlotTakenException (as an error signal) when the span is taken before the lock
     */
    public Mono<HoldCheck> lockScheduleForPublicBooking(UUID consultantId, TimeSpan span, Instant now, String email,
                                                        String clientAddress, BookingProperties.HoldLimits caps) {
        Mono<LockedCheck> attempt = database.sql("""
                        SELECT * FROM lock_schedule_for_public_booking(:consultant, :from, :until, :now, :email, :address,
                            :consultantCap, :emailCap, :addressCap)""")
                .bind("consultant", consultantId)
                .bind("from", span.start())
                .bind("until", span.end())
                .bind("now", now)
                .bind("email", email)
                .bind("address", text(clientAddress))
                .bind("consultantCap", cap(caps.perConsultant()))
                .bind("emailCap", cap(caps.perEmail()))
                .bind("addressCap", cap(caps.perClientAddress()))
                .map(row -> new LockedCheck(Boolean.TRUE.equals(row.get("locked", Boolean.class)),
                        liveHolds(row, Boolean.TRUE.equals(row.get("taken", Boolean.class))),
                        List.of(row.get("expired_holds", UUID[].class))))
                .one();
        Mono<LockedCheck> locked = retryWhileBusy(attempt
                        .flatMap(check -> check.locked() ? Mono.just(check)
                                : check.holds().taken() ? Mono.error(new SlotTakenException("the time is no longer free"))
                                : Mono.error(new ScheduleBusy())),
                // Queued for the lock, the function's own try then finds it held by this transaction.
                lockSchedule(consultantId).then(attempt));
        return locked.flatMap(check -> check.expiredHolds().isEmpty()
                ? Mono.just(new HoldCheck(check.holds(), List.of()))
                : lockAll(consultantId, check.expiredHolds()).collectList().map(expired -> new HoldCheck(check.holds(), expired)));
    }

    /** @param holds with {@link LiveHolds#taken()} from the check before the lock when not locked, else from under it */
    private record LockedCheck(boolean locked, LiveHolds holds, List<UUID> expiredHolds) {
    }

    /** LIMIT refuses a negative count; a limit of 0 or less still refuses every hold, as the caller compares. */
    private static int cap(int limit) {
        return Math.max(limit, 0);
    }

    /** The counts of {@code live_hold_counts}, as this row names them. */
    private static LiveHolds liveHolds(Readable row, boolean taken) {
        return new LiveHolds(count(row, "of_consultant"), count(row, "of_email"), count(row, "of_address"), taken);
    }

    private static long count(Readable row, String column) {
        Long count = row.get(column, Long.class);
        return count == null ? 0 : count;
    }

    private enum LockAttempt { TAKEN, LOCKED, BUSY }

    /** Retries {@code attempt} (true when it got the lock) with a growing pause, then queues for the lock. */
    private Mono<Void> lockScheduleRetrying(UUID consultantId, Mono<Boolean> attempt) {
        return retryWhileBusy(attempt.flatMap(locked -> locked ? Mono.<Void>empty() : Mono.error(new ScheduleBusy())),
                lockSchedule(consultantId));
    }

    /**
     * Retries {@code attempt} while it fails with {@link ScheduleBusy}, with a growing pause for about 5 s, then runs
     * {@code queued}, which waits for the lock.
     */
    private static <T> Mono<T> retryWhileBusy(Mono<T> attempt, Mono<T> queued) {
        return attempt.retryWhen(Retry.backoff(40, Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(200))
                        .filter(ScheduleBusy.class::isInstance))
                .onErrorResume(Exceptions::isRetryExhausted, exhausted -> queued);
    }

    /** Another transaction holds the schedule lock; only ever seen by {@link #lockScheduleUnlessRefused}'s retries. */
    private static final class ScheduleBusy extends RuntimeException {
        ScheduleBusy() {
            super("schedule lock held", null, false, false);
        }
    }

    /**
     * Whether a live session of the consultant (a webinar seat included) overlaps this span at {@code now}; a
     * pending hold that ran out by then (and was not paid) does not count, as the next booking abandons it (function
     * {@code session_time_taken}, the one definition of a taken time).
     */
    public Mono<Boolean> isTaken(UUID consultantId, TimeSpan span, Instant now) {
        return database.sql("SELECT session_time_taken(:consultant, :from, :until, :now) AS taken")
                .bind("consultant", consultantId)
                .bind("from", span.start())
                .bind("until", span.end())
                .bind("now", now)
                .map(row -> row.get("taken", Boolean.class))
                .one();
    }

    /** Whether the webinar occurrence at this start and length has no seat left (expired holds abandoned first by the caller). */
    public Mono<Boolean> isWebinarFull(UUID consultantId, Instant start, Duration duration) {
        return database.sql("""
                        SELECT EXISTS (SELECT 1 FROM webinar_occurrence WHERE consultant_id = :consultant
                            AND starts_at = :start AND duration_minutes = :duration AND seats_taken >= seats) AS full""")
                .bind("consultant", consultantId)
                .bind("start", start)
                .bind("duration", (int) duration.toMinutes())
                .map(row -> row.get("full", Boolean.class))
                .one();
    }

    /**
     * Whether the webinar occurrence at this start and length has no seat left even if every expired hold gave its
     * seat back: then it is full whatever the caller's schedule lock would find, so a racer can be refused without
     * the lock. False while any seat is an expired, unpaid hold (only the locked check may count it free).
     *
     * @param now the instant holds are judged at (UTC)
     */
    public Mono<Boolean> isWebinarFullOfLiveSeats(UUID consultantId, Instant start, Duration duration, Instant now) {
        return database.sql("""
                        SELECT EXISTS (SELECT 1 FROM webinar_occurrence w WHERE w.consultant_id = :consultant
                            AND w.starts_at = :start AND w.duration_minutes = :duration AND w.seats_taken >= w.seats
                            AND NOT EXISTS (SELECT 1 FROM session s WHERE s.webinar_occurrence_id = w.id AND s.status = 'PENDING'
                                AND s.hold_expires_at IS NOT NULL AND s.hold_expires_at <= :now AND s.payment_status <> 'PAID')) AS full""")
                .bind("consultant", consultantId)
                .bind("start", start)
                .bind("duration", (int) duration.toMinutes())
                .bind("now", now)
                .map(row -> row.get("full", Boolean.class))
                .one();
    }

    /** A live seat this client holds in the webinar occurrence at this start and length, if any. */
    public Mono<UUID> liveWebinarSeatOf(UUID consultantId, UUID clientId, Instant start, Duration duration) {
        return database.sql("""
                        SELECT s.id FROM session s JOIN webinar_occurrence w ON w.id = s.webinar_occurrence_id
                        WHERE w.consultant_id = :consultant AND w.starts_at = :start AND w.duration_minutes = :duration
                            AND s.client_id = :client AND s.status IN ('PENDING', 'CONFIRMED', 'COMPLETED', 'NO_SHOW')
                        LIMIT 1""")
                .bind("consultant", consultantId)
                .bind("start", start)
                .bind("duration", (int) duration.toMinutes())
                .bind("client", clientId)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    /**
     * Unpaid public bookings still holding their time at {@code now}: of the consultant, of the email (any
     * consultant, case-insensitively) and of the client address (any consultant, none when null). Each count stops
     * at its cap ({@code caps}), since the caller only asks whether a limit is reached, so that each reads its own
     * index and at most that many holds, whatever the number of holds of the whole platform (function
     * {@code live_hold_counts}). {@link LiveHolds#taken()} is false: no time is checked
     * ({@link #lockScheduleForPublicBooking} checks one in the same round trip).
     */
    public Mono<LiveHolds> liveHolds(UUID consultantId, String email, String clientAddress, Instant now,
                                     BookingProperties.HoldLimits caps) {
        return database.sql("SELECT * FROM live_hold_counts(:consultant, :email, :address, :now, :consultantCap, :emailCap, :addressCap)")
                .bind("consultant", consultantId)
                .bind("email", email)
                .bind("address", text(clientAddress))
                .bind("now", now)
                .bind("consultantCap", cap(caps.perConsultant()))
                .bind("emailCap", cap(caps.perEmail()))
                .bind("addressCap", cap(caps.perClientAddress()))
                .map(row -> liveHolds(row, false))
                .one();
    }

    /** The live-hold counts and the time's check under the schedule lock, with the expired holds it locked. */
    public record HoldCheck(LiveHolds holds, List<Session> lockedExpired) {
    }

    /**
     * Counts of unpaid public holds, each at most its cap, see {@link #liveHolds}.
     *
     * @param taken whether the span asked about is taken; false when none was asked about
     */
    public record LiveHolds(long ofConsultant, long ofEmail, long ofClientAddress, boolean taken) {
    }

    /** The session a manage link's hash opens, unless it ended before {@code endedAfter}. */
    public Mono<ManagedSession> findManaged(String tokenHash, Instant endedAfter) {
        return database.sql("""
                        SELECT s.*, l.client_time_zone FROM session_manage_link l JOIN session s ON s.id = l.session_id
                        WHERE l.token_hash = :hash
                            AND s.starts_at + make_interval(mins => s.duration_minutes) > :endedAfter""")
                .bind("hash", tokenHash)
                .bind("endedAfter", endedAfter)
                .map(row -> new ManagedSession(read(row), row.get("client_time_zone", String.class)))
                .one();
    }

    /** How many times the client moved this session through their manage link. */
    public Mono<Long> clientReschedules(UUID sessionId) {
        return database.sql("SELECT count(*) FROM session_reschedule WHERE session_id = :id AND rescheduled_by = 'CLIENT'")
                .bind("id", sessionId)
                .map(row -> row.get(0, Long.class))
                .one();
    }

    public Mono<SessionWithClient> find(UUID consultantId, UUID sessionId) {
        return database.sql(SELECT_WITH_CLIENT + " WHERE s.id = :id AND s.consultant_id = :consultant")
                .bind("id", sessionId)
                .bind("consultant", consultantId)
                .map(SessionRepository::readWithClient)
                .one();
    }

    /** The session, locked for the rest of the transaction so concurrent changes apply one after the other. */
    public Mono<Session> lock(UUID consultantId, UUID sessionId) {
        return database.sql("SELECT * FROM session WHERE id = :id AND consultant_id = :consultant FOR UPDATE")
                .bind("id", sessionId)
                .bind("consultant", consultantId)
                .map(SessionRepository::read)
                .one();
    }

    public Flux<Session> lockAll(UUID consultantId, List<UUID> sessionIds) {
        return database.sql("SELECT * FROM session WHERE id = ANY(:ids) AND consultant_id = :consultant ORDER BY id FOR UPDATE")
                .bind("ids", sessionIds.toArray(UUID[]::new))
                .bind("consultant", consultantId)
                .map(SessionRepository::read)
                .all();
    }

    /** Pending holds that ran out, skipping any another transaction is already handling. */
    public Flux<Session> lockExpiredHolds(Instant now, int limit) {
        return database.sql("""
                        SELECT * FROM session WHERE status = 'PENDING' AND hold_expires_at IS NOT NULL
                            AND hold_expires_at <= :now
                        ORDER BY hold_expires_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .bind("now", now)
                .bind("limit", limit)
                .map(SessionRepository::read)
                .all();
    }

    /**
     * A consultant's pending holds that ran out, waiting for any the expiry job holds: skipping those would leave
     * a committed PENDING row that the exclusion constraint refuses the new session for, though its time is free.
     * After the wait the row is read again and left out once the job abandoned it. Callers hold the consultant's
     * schedule lock and no row lock yet, and the job never waits for a session row (it skips locked ones), so the
     * wait cannot deadlock.
     */
    public Flux<Session> lockExpiredHolds(UUID consultantId, Instant now) {
        return database.sql("""
                        SELECT * FROM session WHERE consultant_id = :consultant AND status = 'PENDING'
                            AND hold_expires_at IS NOT NULL AND hold_expires_at <= :now
                        FOR UPDATE""")
                .bind("consultant", consultantId)
                .bind("now", now)
                .map(SessionRepository::read)
                .all();
    }

    /**
     * Takes one seat of the webinar occurrence at this start and length, creating it with
     * {@code seats} seats on first booking. Empty when it is full. Atomic: concurrent bookings
     * queue on the occurrence row.
     */
    public Mono<UUID> takeWebinarSeat(UUID consultantId, Instant start, Duration duration, int seats) {
        return database.sql("""
                        INSERT INTO webinar_occurrence (id, consultant_id, starts_at, duration_minutes, seats, seats_taken)
                        VALUES (:id, :consultant, :start, :duration, :seats, 1)
                        ON CONFLICT (consultant_id, starts_at, duration_minutes) DO UPDATE
                            SET seats_taken = webinar_occurrence.seats_taken + 1
                            WHERE webinar_occurrence.seats_taken < webinar_occurrence.seats
                        RETURNING id""")
                .bind("id", UUID.randomUUID())
                .bind("consultant", consultantId)
                .bind("start", start)
                .bind("duration", (int) duration.toMinutes())
                .bind("seats", seats)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    public Mono<Void> releaseWebinarSeat(UUID sessionId) {
        return database.sql("""
                        UPDATE webinar_occurrence SET seats_taken = seats_taken - 1
                        WHERE id = (SELECT webinar_occurrence_id FROM session WHERE id = :id) AND seats_taken > 0""")
                .bind("id", sessionId)
                .then();
    }

    public Mono<Void> recordReschedule(SessionEvent.Rescheduled moved) {
        return database.sql("""
                        INSERT INTO session_reschedule (session_id, previous_starts_at, previous_duration_minutes,
                            new_starts_at, new_duration_minutes, reason, rescheduled_by, rescheduled_at)
                        VALUES (:id, :previousStart, :previousDuration, :newStart, :newDuration, :reason, :by, :at)""")
                .bind("by", moved.by().name())
                .bind("id", moved.sessionId())
                .bind("previousStart", moved.previousStart())
                .bind("previousDuration", (int) moved.previousDuration().toMinutes())
                .bind("newStart", moved.newStart())
                .bind("newDuration", (int) moved.newDuration().toMinutes())
                .bind("reason", text(moved.reason()))
                .bind("at", moved.occurredAt())
                .then();
    }

    public Flux<Reschedule> reschedules(UUID sessionId) {
        return database.sql("SELECT * FROM session_reschedule WHERE session_id = :id ORDER BY id")
                .bind("id", sessionId)
                .map(row -> new Reschedule(
                        row.get("previous_starts_at", Instant.class),
                        Duration.ofMinutes(row.get("previous_duration_minutes", Integer.class)),
                        row.get("new_starts_at", Instant.class),
                        Duration.ofMinutes(row.get("new_duration_minutes", Integer.class)),
                        row.get("reason", String.class),
                        SessionEvent.ChangedBy.valueOf(row.get("rescheduled_by", String.class)),
                        row.get("rescheduled_at", Instant.class)))
                .all();
    }

    public Mono<Page<SessionWithClient>> list(UUID consultantId, SessionFilter filter, PageRequest page) {
        SqlFilter where = where(consultantId, filter);
        return where.page(database, SELECT_WITH_CLIENT_COLUMNS, FROM_SESSION_AND_CLIENT, page, SORT_COLUMNS, "s.id",
                SessionRepository::readWithClient);
    }

    /** Counts and amounts per status, payment status and currency for a filter. */
    public Flux<SummaryLine> summary(UUID consultantId, SessionFilter filter) {
        SqlFilter where = where(consultantId, filter);
        return where.bind(database.sql("""
                        SELECT s.status, s.payment_status, s.currency, count(*) AS sessions, sum(s.amount_minor) AS amount
                        FROM session s JOIN client c ON c.id = s.client_id %s
                        GROUP BY s.status, s.payment_status, s.currency""".formatted(where.sql())))
                .map(row -> new SummaryLine(
                        SessionStatus.valueOf(row.get("status", String.class)),
                        PaymentStatus.valueOf(row.get("payment_status", String.class)),
                        row.get("currency", String.class),
                        row.get("sessions", Long.class),
                        row.get("amount", BigDecimal.class).longValueExact()))
                .all();
    }

    /**
     * What a client's sessions add up to: the sessions that count ({@link SessionStatus#countsForClient()})
     * and what the paid ones cost, in minor units of the consultant's currency.
     */
    public Mono<ClientTotals> totalsOf(UUID clientId) {
        return database.sql("""
                        SELECT count(*) FILTER (WHERE status = ANY(:counted)) AS sessions,
                               COALESCE(sum(amount_minor) FILTER (WHERE payment_status = :paid), 0) AS paid
                        FROM session WHERE client_id = :id""")
                .bind("counted", Arrays.stream(SessionStatus.values()).filter(SessionStatus::countsForClient)
                        .map(Enum::name).toArray(String[]::new))
                .bind("paid", PaymentStatus.PAID.name())
                .bind("id", clientId)
                .map(row -> new ClientTotals(Math.toIntExact(row.get("sessions", Long.class)),
                        row.get("paid", BigDecimal.class).longValueExact()))
                .one();
    }

    public record SummaryLine(SessionStatus status, PaymentStatus paymentStatus, String currency, long sessions, long amountMinor) {
    }

    public record Reschedule(Instant previousStart, Duration previousDuration, Instant newStart, Duration newDuration,
                             String reason, SessionEvent.ChangedBy by, Instant at) {
    }


    private static SqlFilter where(UUID consultantId, SessionFilter filter) {
        return SqlFilter.where("s.consultant_id", consultantId)
                .anyOf("s.status", filter.statuses())
                .equal("s.session_type", filter.type() == null ? null : filter.type().name())
                .anyOf("s.payment_status", filter.paymentStatuses())
                .atLeast("s.starts_at", filter.startsFrom())
                .before("s.starts_at", filter.startsBefore())
                .equal("s.client_id", filter.clientId())
                .contains(filter.search(), "s.title", "c.name", "c.email");
    }

    /** Whether the database refused a write by the exclusion constraint that keeps live sessions apart. */
    private static boolean isDoubleBooking(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof R2dbcException database && EXCLUSION_VIOLATION.equals(database.getSqlState())) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    /** Whether the database refused a second live seat of one client in one webinar occurrence. */
    private static boolean isSecondSeat(Throwable error) {
        for (Throwable current = error; current != null && current.getCause() != current; current = current.getCause()) {
            if (current instanceof R2dbcException database && "23505".equals(database.getSqlState())
                    && String.valueOf(database.getMessage()).contains(ONE_SEAT_PER_CLIENT)) {
                return true;
            }
        }
        return false;
    }

    private static Parameter text(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }

    private static SessionWithClient readWithClient(Readable row) {
        return new SessionWithClient(read(row), row.get("client_name", String.class), row.get("client_email", String.class));
    }

    static Session read(Readable row) {
        String method = row.get("payment_method", String.class);
        return new Session(new Session.State(
                row.get("id", UUID.class),
                row.get("consultant_id", UUID.class),
                row.get("client_id", UUID.class),
                SessionType.valueOf(row.get("session_type", String.class)),
                BookingSource.valueOf(row.get("source", String.class)),
                Duration.ofMinutes(row.get("buffer_before_minutes", Integer.class)),
                Duration.ofMinutes(row.get("buffer_after_minutes", Integer.class)),
                row.get("created_at", Instant.class),
                row.get("title", String.class),
                row.get("starts_at", Instant.class),
                Duration.ofMinutes(row.get("duration_minutes", Integer.class)),
                new Money(row.get("amount_minor", Long.class), Currency.getInstance(row.get("currency", String.class))),
                MeetingPlatform.valueOf(row.get("platform", String.class)),
                row.get("meeting_link", String.class),
                row.get("notes", String.class),
                row.get("consultant_notes", String.class),
                SessionStatus.valueOf(row.get("status", String.class)),
                PaymentStatus.valueOf(row.get("payment_status", String.class)),
                method == null ? null : PaymentMethod.valueOf(method),
                row.get("payment_reference", String.class),
                row.get("hold_expires_at", Instant.class),
                row.get("cancellation_reason", String.class),
                row.get("updated_at", Instant.class),
                row.get("version", Long.class)));
    }
}
