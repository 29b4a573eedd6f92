package com.nakksha.analytics.projection;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The consultant's per-day tables: {@code consultant_daily} (per generation, consultant, local day
 * and metric, the sum {@link DailyFacts#facts} derives from the fact rows) and
 * {@code consultant_day_member} (per local day, the clients with a held session and the sessions
 * paid, {@link DailyFacts#members}), so every figure of any period is a sum or a distinct union
 * over its days. Both stay equal to what a recomputation from the fact rows gives: a live event
 * takes away what the rows it changes contributed and adds what they contribute after the change
 * ({@link #takeAway}, {@link #add}), a zone change or a rebuild recomputes ({@link #recomputeFrom}). They are
 * therefore a function of the set of events applied, whatever their order. Callers serialize the
 * changes of one consultant with {@link #lock} in the transaction that changes the facts.
 */
@Repository
class DailyRepository {

    private final DatabaseClient database;

    DailyRepository(DatabaseClient database) {
        this.database = database;
    }

    /** Serializes, until the transaction ends, every fact change and recomputation of this consultant in this generation. */
    Mono<Void> lock(int generation, UUID consultantId) {
        return database.sql("SELECT pg_advisory_xact_lock(:g, hashtext(CAST(:c AS TEXT)))")
                .bind("g", generation)
                .bind("c", consultantId)
                .then();
    }

    /** Every consultant with a fact row that can count on a day in the generation. */
    Flux<UUID> consultants(int generation) {
        return database.sql("""
                        SELECT consultant_id FROM session_fact WHERE generation = :g
                        UNION SELECT consultant_id FROM payment_fact WHERE generation = :g
                        UNION SELECT consultant_id FROM refund_fact WHERE generation = :g
                        UNION SELECT consultant_id FROM client_fact WHERE generation = :g
                        UNION SELECT consultant_id FROM quotation_fact WHERE generation = :g""")
                .bind("g", generation)
                .map(row -> row.get(0, UUID.class))
                .all();
    }

    /**
     * Whether the generation has fact rows that count on a day but not a single daily row, or held
     * sessions but not a single member row (a database from before changeset analytics-003).
     */
    Mono<Boolean> missing(int generation) {
        return database.sql("""
                        SELECT (NOT EXISTS (SELECT 1 FROM consultant_daily WHERE generation = :g)
                           AND (EXISTS (SELECT 1 FROM session_fact WHERE generation = :g)
                             OR EXISTS (SELECT 1 FROM payment_fact WHERE generation = :g)
                             OR EXISTS (SELECT 1 FROM refund_fact WHERE generation = :g)
                             OR EXISTS (SELECT 1 FROM client_fact WHERE generation = :g)
                             OR EXISTS (SELECT 1 FROM quotation_fact WHERE generation = :g)))
                           OR (NOT EXISTS (SELECT 1 FROM consultant_day_member WHERE generation = :g)
                           AND EXISTS (SELECT 1 FROM session_fact WHERE generation = :g AND booked_at IS NOT NULL
                                       AND status NOT IN ('CANCELLED', 'ABANDONED')))""")
                .bind("g", generation)
                .map(row -> row.get(0, Boolean.class))
                .one();
    }

    /**
     * Takes away what the fact rows of {@code touched} contribute to the consultant's daily and member
     * rows; {@link #add} after the fact write, in the transaction that holds the consultant's lock,
     * moves the tables by exactly the change, reading only that entity's rows rather than whole days.
     */
    Mono<Void> takeAway(int generation, UUID consultantId, ZoneId defaultZone, Touched touched) {
        // A daily row can be missing although the rows of touched contribute to it: revenue by kind sums
        // captures and refunds of different entities, which can cancel out on a day, and the add deletes
        // a row at zero. The take-away therefore inserts the negative of what is missing. A member row
        // counts only positive contributions, so it exists while any does, and its CHECK (n >= 0) holds.
        String change = """
                , daily AS (
                    INSERT INTO consultant_daily AS t (generation, consultant_id, day, metric, value)
                    SELECT :g, :c, day, metric, -SUM(value)::bigint FROM facts WHERE metric IS NOT NULL GROUP BY day, metric
                    ON CONFLICT (generation, consultant_id, day, metric) DO UPDATE SET value = t.value + EXCLUDED.value
                    RETURNING 1
                ), member AS (
                    UPDATE consultant_day_member AS t SET n = t.n - m.n
                    FROM (SELECT kind, day, member_id, COUNT(*) AS n FROM members GROUP BY kind, day, member_id) m
                    WHERE t.generation = :g AND t.consultant_id = :c AND t.kind = m.kind AND t.day = m.day AND t.member_id = m.member_id
                    RETURNING 1
                )
                SELECT (SELECT COUNT(*) FROM daily) + (SELECT COUNT(*) FROM member) AS changed""";
        return entityStatement(change, generation, consultantId, defaultZone, touched)
                .map(row -> row.get(0, Long.class))
                .one()
                .then();
    }

    /**
     * Adds what the fact rows of {@code touched} contribute now to the consultant's daily and member
     * rows (after {@link #takeAway} and the fact writes), and in the same statement deletes the rows
     * that are zero then, so the tables hold what a recomputation would: the rows the take-away left
     * at zero and the add does not fill again, and those the add brings to zero.
     */
    Mono<Void> add(int generation, UUID consultantId, ZoneId defaultZone, Touched touched) {
        // Every CTE sees the tables as the statement starts (after the take-away), and a row may change only
        // once per statement: each row's new value is computed first, then written (non-zero) or deleted (zero).
        String change = """
                , daily_next AS (
                    SELECT d.day, d.metric, COALESCE(t.value, 0) + d.value AS value
                    FROM (SELECT day, metric, SUM(value)::bigint AS value FROM facts WHERE metric IS NOT NULL GROUP BY day, metric) d
                    LEFT JOIN consultant_daily t ON t.generation = :g AND t.consultant_id = :c AND t.day = d.day AND t.metric = d.metric
                ), daily_put AS (
                    INSERT INTO consultant_daily AS t (generation, consultant_id, day, metric, value)
                    SELECT :g, :c, day, metric, value FROM daily_next WHERE value <> 0
                    ON CONFLICT (generation, consultant_id, day, metric) DO UPDATE SET value = EXCLUDED.value
                    RETURNING 1
                ), daily_zero AS (
                    DELETE FROM consultant_daily AS t USING (
                        SELECT day, metric FROM daily_next WHERE value = 0
                      UNION ALL
                        SELECT z.day, z.metric FROM consultant_daily z
                        WHERE z.generation = :g AND z.consultant_id = :c AND z.value = 0
                          AND NOT EXISTS (SELECT 1 FROM daily_next n WHERE n.day = z.day AND n.metric = z.metric)
                    ) k
                    WHERE t.generation = :g AND t.consultant_id = :c AND t.day = k.day AND t.metric = k.metric
                    RETURNING 1
                ), member_next AS (
                    SELECT m.kind, m.day, m.member_id, COALESCE(t.n, 0) + m.n AS n
                    FROM (SELECT kind, day, member_id, COUNT(*) AS n FROM members GROUP BY kind, day, member_id) m
                    LEFT JOIN consultant_day_member t ON t.generation = :g AND t.consultant_id = :c AND t.kind = m.kind
                        AND t.day = m.day AND t.member_id = m.member_id
                ), member_put AS (
                    INSERT INTO consultant_day_member AS t (generation, consultant_id, kind, day, member_id, n)
                    SELECT :g, :c, kind, day, member_id, n FROM member_next WHERE n <> 0
                    ON CONFLICT (generation, consultant_id, kind, day, member_id) DO UPDATE SET n = EXCLUDED.n
                    RETURNING 1
                ), member_zero AS (
                    DELETE FROM consultant_day_member AS t USING (
                        SELECT z.kind, z.day, z.member_id FROM consultant_day_member z
                        WHERE z.generation = :g AND z.consultant_id = :c AND z.n = 0
                          AND NOT EXISTS (SELECT 1 FROM member_next n WHERE n.kind = z.kind AND n.day = z.day AND n.member_id = z.member_id)
                    ) k
                    WHERE t.generation = :g AND t.consultant_id = :c AND t.kind = k.kind AND t.day = k.day AND t.member_id = k.member_id
                    RETURNING 1
                )
                SELECT (SELECT COUNT(*) FROM daily_put) + (SELECT COUNT(*) FROM daily_zero) + (SELECT COUNT(*) FROM member_put)
                    + (SELECT COUNT(*) FROM member_zero) AS changed""";
        return entityStatement(change, generation, consultantId, defaultZone, touched)
                .map(row -> row.get(0, Long.class))
                .one()
                .then();
    }

    /** The {@code facts} and {@code members} of the touched entities' rows, followed by {@code change}. */
    private DatabaseClient.GenericExecuteSpec entityStatement(String change, int generation, UUID consultantId, ZoneId defaultZone,
                                                              Touched touched) {
        String sql = DailyFacts.zones(true) + DailyFacts.touched() + DailyFacts.facts(true, DailyFacts.Entity.TOUCHED)
                + DailyFacts.members(DailyFacts.Entity.TOUCHED) + change;
        return touched.bind(database.sql(sql)
                .bind("g", generation)
                .bind("c", consultantId)
                .bind("zone", defaultZone.getId())
                .bind("currency", DailyFacts.CURRENCY)
                .bind("manualMethods", DailyFacts.MANUAL_METHODS)
                .bind("lo", utcMidnight(ALL_DAYS))
                .bind("hi", utcMidnight(NO_DAY)));
    }

    /** Notes that the consultant's day tables were filled from their fact rows (see {@link #filled}). */
    Mono<Void> markFilled(int generation, UUID consultantId) {
        return database.sql("""
                        INSERT INTO consultant_daily_filled (generation, consultant_id) VALUES (:g, :c)
                        ON CONFLICT (generation, consultant_id) DO NOTHING""")
                .bind("g", generation)
                .bind("c", consultantId)
                .then();
    }

    /** Whether the consultant's day tables were filled from their fact rows in a generation that is being filled. */
    Mono<Boolean> filled(int generation, UUID consultantId) {
        return database.sql("SELECT EXISTS (SELECT 1 FROM consultant_daily_filled WHERE generation = :g AND consultant_id = :c)")
                .bind("g", generation)
                .bind("c", consultantId)
                .map(row -> row.get(0, Boolean.class))
                .one();
    }

    /**
     * The consultant's zone history as the days are placed by it: {@code zone@valid_from} per
     * stretch, adjacent stretches of the same zone merged (a profile update that keeps the zone moves
     * no day).
     */
    Mono<java.util.List<String>> zoneHistory(int generation, UUID consultantId, ZoneId defaultZone) {
        return database.sql(DailyFacts.zones(true) + "SELECT zone, CAST(valid_from AS TEXT) AS valid_from FROM zones ORDER BY zones.valid_from")
                .bind("g", generation)
                .bind("c", consultantId)
                .bind("zone", defaultZone.getId())
                .map(row -> new String[] {row.get("zone", String.class), row.get("valid_from", String.class)})
                .all()
                .collectList()
                .map(stretches -> {
                    java.util.List<String> merged = new java.util.ArrayList<>();
                    String previous = null;
                    for (String[] stretch : stretches) {
                        if (!stretch[0].equals(previous)) {
                            merged.add(stretch[0] + "@" + stretch[1]);
                            previous = stretch[0];
                        }
                    }
                    return merged;
                });
    }

    /**
     * Replaces the consultant's daily and member rows of every day from {@code from} on (after a zone change, or to fill the
     * tables); a metric that sums to zero on a day gets no row, as a live move leaves none.
     */
    Mono<Void> recomputeFrom(int generation, UUID consultantId, ZoneId defaultZone, LocalDate from) {
        LocalDate to = NO_DAY;
        Mono<Void> delete = database.sql("""
                        WITH daily AS (DELETE FROM consultant_daily WHERE generation = :g AND consultant_id = :c AND day BETWEEN :from AND :to
                                       RETURNING 1),
                             member AS (DELETE FROM consultant_day_member WHERE generation = :g AND consultant_id = :c
                                        AND day BETWEEN :from AND :to RETURNING 1)
                        SELECT (SELECT COUNT(*) FROM daily) + (SELECT COUNT(*) FROM member)""")
                .bind("g", generation)
                .bind("c", consultantId)
                .bind("from", from)
                .bind("to", to)
                .map(row -> row.get(0, Long.class))
                .one()
                .then();
        String sql = DailyFacts.zones(true) + DailyFacts.facts(true) + DailyFacts.members(DailyFacts.Entity.ALL) + """
                , daily AS (
                    INSERT INTO consultant_daily (generation, consultant_id, day, metric, value)
                    SELECT :g, :c, day, metric, SUM(value)::bigint FROM facts
                    WHERE metric IS NOT NULL AND day BETWEEN :from AND :to
                    GROUP BY day, metric
                    HAVING SUM(value) <> 0
                    RETURNING 1
                ), member AS (
                    INSERT INTO consultant_day_member (generation, consultant_id, kind, day, member_id, n)
                    SELECT :g, :c, kind, day, member_id, COUNT(*) FROM members
                    WHERE day BETWEEN :from AND :to
                    GROUP BY kind, day, member_id
                    RETURNING 1
                )
                SELECT (SELECT COUNT(*) FROM daily) + (SELECT COUNT(*) FROM member)""";
        // Instants read a day wider on each side than any zone offset can move a day, then placed exactly.
        Mono<Void> insert = database.sql(sql)
                .bind("g", generation)
                .bind("c", consultantId)
                .bind("zone", defaultZone.getId())
                .bind("currency", DailyFacts.CURRENCY)
                .bind("manualMethods", DailyFacts.MANUAL_METHODS)
                .bind("lo", utcMidnight(from.minusDays(1)))
                .bind("hi", utcMidnight(to.plusDays(2)))
                .bind("from", from)
                .bind("to", to)
                .map(row -> row.get(0, Long.class))
                .one()
                .then();
        return delete.then(insert);
    }

    private static Instant utcMidnight(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Earlier than any fact's day. */
    static final LocalDate ALL_DAYS = LocalDate.of(1900, 1, 1);
    /** Later than any fact's day. */
    private static final LocalDate NO_DAY = LocalDate.of(9999, 1, 1);

    /**
     * The entities whose fact rows a set of events changes, by kind (see {@link DailyFacts#touched()}); a take-away and
     * an add over all of them move the consultant's days once for the lot.
     */
    record Touched(Set<UUID> sessions, Set<UUID> payments, Set<String> refunds, Set<UUID> clients, Set<UUID> quotations) {

        Touched {
            sessions = Set.copyOf(sessions);
            payments = Set.copyOf(payments);
            refunds = Set.copyOf(refunds);
            clients = Set.copyOf(clients);
            quotations = Set.copyOf(quotations);
        }

        static Touched session(UUID sessionId) {
            return new Touched(one(sessionId), Set.of(), Set.of(), Set.of(), Set.of());
        }

        static Touched payment(UUID paymentId) {
            return new Touched(Set.of(), one(paymentId), Set.of(), Set.of(), Set.of());
        }

        static Touched refund(String refundId) {
            return new Touched(Set.of(), Set.of(), one(refundId), Set.of(), Set.of());
        }

        static Touched client(UUID clientId) {
            return new Touched(Set.of(), Set.of(), Set.of(), one(clientId), Set.of());
        }

        static Touched quotation(UUID quotationId) {
            return new Touched(Set.of(), Set.of(), Set.of(), Set.of(), one(quotationId));
        }

        /** A set of the id; none for a null id, which only {@code Projection.projects}' empty events have. */
        private static <T> Set<T> one(T id) {
            return id == null ? Set.of() : Set.of(id);
        }

        /** The entities of both. */
        Touched and(Touched other) {
            return new Touched(union(sessions, other.sessions), union(payments, other.payments), union(refunds, other.refunds),
                    union(clients, other.clients), union(quotations, other.quotations));
        }

        /** Binds the arrays {@link DailyFacts#touched()} reads, as text arrays (the SQL casts them); a kind with none, empty. */
        DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec) {
            return spec.bind("sessions", texts(sessions))
                    .bind("payments", texts(payments))
                    .bind("refunds", texts(refunds))
                    .bind("clients", texts(clients))
                    .bind("quotations", texts(quotations));
        }

        private static String[] texts(Set<?> ids) {
            return ids.stream().map(Object::toString).sorted().toArray(String[]::new);
        }

        private static <T> Set<T> union(Set<T> a, Set<T> b) {
            if (b.isEmpty()) {
                return a;
            }
            Set<T> both = new HashSet<>(a);
            both.addAll(b);
            return both;
        }
    }
}
