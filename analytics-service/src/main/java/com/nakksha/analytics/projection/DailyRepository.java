package com.nakksha.analytics.projection;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;

/**
 * The consultant's daily table ({@code consultant_daily}): per generation, consultant, local day and
 * metric, the sum {@link DailyFacts} derives from the fact rows. A day's rows are only ever replaced
 * by a recomputation from the fact rows, never incremented, so the table stays a function of the
 * set of events applied, whatever their order. Callers serialize recomputations of one consultant
 * with {@link #lock} in the transaction that changes the facts, so a recomputation always sees the
 * facts of every transaction before it.
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

    /** Whether the generation has fact rows that count on a day but not a single daily row. */
    Mono<Boolean> missing(int generation) {
        return database.sql("""
                        SELECT NOT EXISTS (SELECT 1 FROM consultant_daily WHERE generation = :g)
                           AND (EXISTS (SELECT 1 FROM session_fact WHERE generation = :g)
                             OR EXISTS (SELECT 1 FROM payment_fact WHERE generation = :g)
                             OR EXISTS (SELECT 1 FROM refund_fact WHERE generation = :g)
                             OR EXISTS (SELECT 1 FROM client_fact WHERE generation = :g)
                             OR EXISTS (SELECT 1 FROM quotation_fact WHERE generation = :g))""")
                .bind("g", generation)
                .map(row -> row.get(0, Boolean.class))
                .one();
    }

    /** The consultant's local days of the instants an entity's facts are counted at (see {@link Touched}). */
    Flux<LocalDate> days(int generation, UUID consultantId, ZoneId defaultZone, Touched touched) {
        String sql = DailyFacts.zones(true) + ", touched AS (" + touched.sql() + """
                )
                SELECT DISTINCT (t.at AT TIME ZONE z.zone)::date AS day
                FROM touched t JOIN zones z ON t.at >= z.valid_from AND t.at < z.valid_to
                WHERE t.at IS NOT NULL""";
        return database.sql(sql)
                .bind("g", generation)
                .bind("c", consultantId)
                .bind("zone", defaultZone.getId())
                .bind("id", touched.id())
                .map(row -> row.get("day", LocalDate.class))
                .all();
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

    /** Replaces the consultant's rows of one local day by the figures of the facts now. */
    Mono<Void> recompute(int generation, UUID consultantId, ZoneId defaultZone, LocalDate day) {
        return replace(generation, consultantId, defaultZone, day, day);
    }

    /** Replaces the consultant's rows of every day from {@code from} on (after a zone change, or to fill the table). */
    Mono<Void> recomputeFrom(int generation, UUID consultantId, ZoneId defaultZone, LocalDate from) {
        return replace(generation, consultantId, defaultZone, from, LocalDate.of(9999, 1, 1));
    }

    private Mono<Void> replace(int generation, UUID consultantId, ZoneId defaultZone, LocalDate from, LocalDate to) {
        Mono<Void> delete = database.sql("""
                        DELETE FROM consultant_daily WHERE generation = :g AND consultant_id = :c AND day BETWEEN :from AND :to""")
                .bind("g", generation)
                .bind("c", consultantId)
                .bind("from", from)
                .bind("to", to)
                .then();
        String sql = DailyFacts.zones(true) + DailyFacts.facts(true) + """
                INSERT INTO consultant_daily (generation, consultant_id, day, metric, value)
                SELECT :g, :c, day, metric, SUM(value)::bigint FROM facts
                WHERE metric IS NOT NULL AND day BETWEEN :from AND :to
                GROUP BY day, metric""";
        // Instants read a day wider on each side than any zone offset can move a day, then placed exactly.
        GenericExecuteSpec insert = database.sql(sql)
                .bind("g", generation)
                .bind("c", consultantId)
                .bind("zone", defaultZone.getId())
                .bind("currency", DailyFacts.CURRENCY)
                .bind("manualMethods", DailyFacts.MANUAL_METHODS)
                .bind("lo", utcMidnight(from.minusDays(1)))
                .bind("hi", utcMidnight(to.plusDays(2)))
                .bind("from", from)
                .bind("to", to);
        return delete.then(insert.then());
    }

    private static Instant utcMidnight(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * An entity whose fact row an event changes: SQL selecting the instants {@code at} its facts are
     * counted at, for {@code :g} and {@code :id}. A session's include those of the payments and
     * refunds that paid it, whose revenue kind follows the session's type.
     */
    record Touched(String sql, Object id) {

        static Touched session(UUID sessionId) {
            return new Touched("""
                    SELECT starts_at AS at FROM session_fact WHERE generation = :g AND session_id = :id
                    UNION ALL SELECT payment_at FROM session_fact WHERE generation = :g AND session_id = :id
                    UNION ALL SELECT captured_at FROM payment_fact WHERE generation = :g AND payable_id = :id
                    UNION ALL SELECT refunded_at FROM refund_fact WHERE generation = :g AND payable_id = :id""", sessionId);
        }

        static Touched payment(UUID paymentId) {
            return new Touched("""
                    SELECT captured_at AS at FROM payment_fact WHERE generation = :g AND payment_id = :id
                    UNION ALL SELECT returned_at FROM payment_fact WHERE generation = :g AND payment_id = :id""", paymentId);
        }

        static Touched refund(String refundId) {
            return new Touched("SELECT refunded_at AS at FROM refund_fact WHERE generation = :g AND refund_id = :id", refundId);
        }

        static Touched client(UUID clientId) {
            return new Touched("SELECT created_at AS at FROM client_fact WHERE generation = :g AND client_id = :id", clientId);
        }

        static Touched quotation(UUID quotationId) {
            return new Touched("""
                    SELECT sent_at AS at FROM quotation_fact WHERE generation = :g AND quotation_id = :id
                    UNION ALL SELECT accepted_at FROM quotation_fact WHERE generation = :g AND quotation_id = :id""", quotationId);
        }
    }
}
