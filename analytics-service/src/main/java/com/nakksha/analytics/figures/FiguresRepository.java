package com.nakksha.analytics.figures;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;

/**
 * Figures derived from the fact rows of one generation at query time, so they are always those of
 * the set of events applied. Every instant is placed on a calendar day by a {@code zones} table of
 * {@code (zone, valid_from, valid_to)}: for a consultant the zone history of their profile (the
 * earliest zone also before the first profile, the default zone without any), for the platform one
 * zone for all time.
 */
@Repository
class FiguresRepository {

    static final String CURRENCY = "INR";
    private static final List<String> MANUAL_METHODS = List.of("CASH", "UPI", "BANK_TRANSFER");

    private final DatabaseClient database;

    FiguresRepository(DatabaseClient database) {
        this.database = database;
    }

    /** The consultant's zone now: that of their newest profile version, else {@code fallback}. */
    Mono<ZoneId> currentZone(int generation, UUID consultantId, ZoneId fallback) {
        return database.sql("""
                        SELECT zone FROM consultant_zone WHERE generation = :g AND consultant_id = :c
                        ORDER BY profile_version DESC LIMIT 1""")
                .bind("g", generation)
                .bind("c", consultantId)
                .map(row -> ZoneId.of(row.get(0, String.class)))
                .one()
                .defaultIfEmpty(fallback);
    }

    /** Every day of the scope with a fact between {@code from} and {@code to} (both included), ascending. */
    Mono<TreeMap<LocalDate, DailyFigures>> daily(Scope scope, LocalDate from, LocalDate to) {
        String sql = zones(scope) + """
                , facts AS (
                    SELECT (f.starts_at AT TIME ZONE z.zone)::date AS day, 'session:' || f.status AS metric, 1::bigint AS value
                    FROM session_fact f JOIN zones z ON f.starts_at >= z.valid_from AND f.starts_at < z.valid_to
                    WHERE f.generation = :g %1$s AND f.booked_at IS NOT NULL AND f.starts_at >= :lo AND f.starts_at < :hi
                  UNION ALL
                    SELECT (p.captured_at AT TIME ZONE z.zone)::date, 'captured', p.captured_minor
                    FROM payment_fact p JOIN zones z ON p.captured_at >= z.valid_from AND p.captured_at < z.valid_to
                    WHERE p.generation = :g %2$s AND p.currency = :currency AND p.captured_at >= :lo AND p.captured_at < :hi
                  UNION ALL
                    SELECT (p.captured_at AT TIME ZONE z.zone)::date, 'provider_fee', COALESCE(p.provider_fee_minor, 0)
                    FROM payment_fact p JOIN zones z ON p.captured_at >= z.valid_from AND p.captured_at < z.valid_to
                    WHERE p.generation = :g %2$s AND p.currency = :currency AND p.captured_at >= :lo AND p.captured_at < :hi
                  UNION ALL
                    SELECT (p.captured_at AT TIME ZONE z.zone)::date, 'platform_fee', COALESCE(p.platform_fee_minor, 0)
                    FROM payment_fact p JOIN zones z ON p.captured_at >= z.valid_from AND p.captured_at < z.valid_to
                    WHERE p.generation = :g %2$s AND p.currency = :currency AND p.captured_at >= :lo AND p.captured_at < :hi
                  UNION ALL
                    SELECT (p.returned_at AT TIME ZONE z.zone)::date, 'returned', p.returned_minor
                    FROM payment_fact p JOIN zones z ON p.returned_at >= z.valid_from AND p.returned_at < z.valid_to
                    WHERE p.generation = :g %2$s AND p.currency = :currency AND p.returned_at >= :lo AND p.returned_at < :hi
                  UNION ALL
                    SELECT (r.refunded_at AT TIME ZONE z.zone)::date, 'refunded', r.amount_minor
                    FROM refund_fact r JOIN zones z ON r.refunded_at >= z.valid_from AND r.refunded_at < z.valid_to
                    WHERE r.generation = :g %3$s AND r.currency = :currency AND r.refunded_at >= :lo AND r.refunded_at < :hi
                  UNION ALL
                    SELECT (f.payment_at AT TIME ZONE z.zone)::date, 'manual', f.amount_minor
                    FROM session_fact f JOIN zones z ON f.payment_at >= z.valid_from AND f.payment_at < z.valid_to
                    WHERE f.generation = :g %1$s AND f.booked_at IS NOT NULL AND f.payment_status = 'PAID'
                      AND f.payment_method IN (:manualMethods) AND f.currency = :currency
                      AND f.payment_at >= :lo AND f.payment_at < :hi
                  UNION ALL
                    SELECT (c.created_at AT TIME ZONE z.zone)::date, 'new_client', 1
                    FROM client_fact c JOIN zones z ON c.created_at >= z.valid_from AND c.created_at < z.valid_to
                    WHERE c.generation = :g %4$s AND c.created_at >= :lo AND c.created_at < :hi
                  UNION ALL
                    SELECT (q.sent_at AT TIME ZONE z.zone)::date, 'quotation_sent', 1
                    FROM quotation_fact q JOIN zones z ON q.sent_at >= z.valid_from AND q.sent_at < z.valid_to
                    WHERE q.generation = :g %5$s AND q.sent_at >= :lo AND q.sent_at < :hi
                  UNION ALL
                    SELECT (q.accepted_at AT TIME ZONE z.zone)::date, 'quotation_accepted', 1
                    FROM quotation_fact q JOIN zones z ON q.accepted_at >= z.valid_from AND q.accepted_at < z.valid_to
                    WHERE q.generation = :g %5$s AND q.accepted_at >= :lo AND q.accepted_at < :hi
                )
                SELECT day, metric, SUM(value)::bigint AS value FROM facts WHERE day BETWEEN :from AND :to GROUP BY day, metric
                """.formatted(scope.filter("f"), scope.filter("p"), scope.filter("r"), scope.filter("c"), scope.filter("q"));
        return bindRange(scope, database.sql(sql), from, to)
                .bind("currency", CURRENCY)
                .bind("manualMethods", MANUAL_METHODS)
                .map(row -> new Cell(row.get("day", LocalDate.class), row.get("metric", String.class), row.get("value", Long.class)))
                .all()
                .collectList()
                .map(FiguresRepository::days);
    }

    /** Gross revenue of the period by what was paid: PERSONAL, WEBINAR, UNKNOWN (session not known yet), QUOTATION. */
    Mono<Map<String, Long>> revenueByKind(Scope scope, LocalDate from, LocalDate to) {
        String sql = zones(scope) + """
                , money AS (
                    SELECT (p.captured_at AT TIME ZONE z.zone)::date AS day, p.payable_type, p.payable_id, p.captured_minor AS value
                    FROM payment_fact p JOIN zones z ON p.captured_at >= z.valid_from AND p.captured_at < z.valid_to
                    WHERE p.generation = :g %2$s AND p.currency = :currency AND p.captured_at >= :lo AND p.captured_at < :hi
                  UNION ALL
                    SELECT (r.refunded_at AT TIME ZONE z.zone)::date, r.payable_type, r.payable_id, -r.amount_minor
                    FROM refund_fact r JOIN zones z ON r.refunded_at >= z.valid_from AND r.refunded_at < z.valid_to
                    WHERE r.generation = :g %3$s AND r.currency = :currency AND r.refunded_at >= :lo AND r.refunded_at < :hi
                  UNION ALL
                    SELECT (f.payment_at AT TIME ZONE z.zone)::date, 'SESSION', f.session_id, f.amount_minor
                    FROM session_fact f JOIN zones z ON f.payment_at >= z.valid_from AND f.payment_at < z.valid_to
                    WHERE f.generation = :g %1$s AND f.booked_at IS NOT NULL AND f.payment_status = 'PAID'
                      AND f.payment_method IN (:manualMethods) AND f.currency = :currency
                      AND f.payment_at >= :lo AND f.payment_at < :hi
                )
                SELECT CASE WHEN m.payable_type = 'SESSION' THEN COALESCE(s.session_type, 'UNKNOWN') ELSE m.payable_type END AS kind,
                       SUM(m.value)::bigint AS value
                FROM money m LEFT JOIN session_fact s
                    ON m.payable_type = 'SESSION' AND s.generation = :g AND s.session_id = m.payable_id AND s.booked_at IS NOT NULL
                WHERE m.day BETWEEN :from AND :to
                GROUP BY 1
                """.formatted(scope.filter("f"), scope.filter("p"), scope.filter("r"));
        return bindRange(scope, database.sql(sql), from, to)
                .bind("currency", CURRENCY)
                .bind("manualMethods", MANUAL_METHODS)
                .map(row -> Map.entry(row.get("kind", String.class), row.get("value", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /**
     * Distinct counts over the period: active clients, those of them with two or more sessions up to
     * the period's end, distinct sessions paid in the period with the session money of the period,
     * and quotations sent in the period that are accepted by now.
     */
    Mono<Distinct> distinct(Scope scope, LocalDate from, LocalDate to) {
        String sql = zones(scope) + """
                , held AS (
                    SELECT f.client_id, (f.starts_at AT TIME ZONE z.zone)::date AS day
                    FROM session_fact f JOIN zones z ON f.starts_at >= z.valid_from AND f.starts_at < z.valid_to
                    WHERE f.generation = :g %1$s AND f.booked_at IS NOT NULL AND f.status NOT IN ('CANCELLED', 'ABANDONED')
                      AND f.starts_at < :hi
                ), active AS (
                    SELECT client_id, COUNT(*) FILTER (WHERE day <= :to) AS sessions_to_end FROM held
                    GROUP BY client_id HAVING COUNT(*) FILTER (WHERE day BETWEEN :from AND :to) > 0
                ), paid AS (
                    SELECT p.payable_id AS session_id, p.captured_minor AS value
                    FROM payment_fact p JOIN zones z ON p.captured_at >= z.valid_from AND p.captured_at < z.valid_to
                    WHERE p.generation = :g %2$s AND p.currency = :currency AND p.payable_type = 'SESSION'
                      AND p.captured_at >= :lo AND p.captured_at < :hi
                      AND (p.captured_at AT TIME ZONE z.zone)::date BETWEEN :from AND :to
                  UNION ALL
                    SELECT f.session_id, f.amount_minor
                    FROM session_fact f JOIN zones z ON f.payment_at >= z.valid_from AND f.payment_at < z.valid_to
                    WHERE f.generation = :g %1$s AND f.booked_at IS NOT NULL AND f.payment_status = 'PAID'
                      AND f.payment_method IN (:manualMethods) AND f.currency = :currency
                      AND f.payment_at >= :lo AND f.payment_at < :hi
                      AND (f.payment_at AT TIME ZONE z.zone)::date BETWEEN :from AND :to
                ), sent AS (
                    SELECT q.accepted_at
                    FROM quotation_fact q JOIN zones z ON q.sent_at >= z.valid_from AND q.sent_at < z.valid_to
                    WHERE q.generation = :g %3$s AND q.sent_at >= :lo AND q.sent_at < :hi
                      AND (q.sent_at AT TIME ZONE z.zone)::date BETWEEN :from AND :to
                )
                SELECT (SELECT COUNT(*) FROM active) AS active_clients,
                       (SELECT COUNT(*) FROM active WHERE sessions_to_end >= 2) AS repeat_clients,
                       (SELECT COUNT(DISTINCT session_id) FROM paid) AS paid_sessions,
                       (SELECT COALESCE(SUM(value), 0)::bigint FROM paid) AS session_money,
                       (SELECT COUNT(*) FROM sent) AS quotations_sent,
                       (SELECT COUNT(*) FROM sent WHERE accepted_at IS NOT NULL) AS quotations_sent_accepted
                """.formatted(scope.filter("f"), scope.filter("p"), scope.filter("q"));
        return bindRange(scope, database.sql(sql), from, to)
                .bind("currency", CURRENCY)
                .bind("manualMethods", MANUAL_METHODS)
                .map(row -> new Distinct(row.get("active_clients", Long.class), row.get("repeat_clients", Long.class),
                        row.get("paid_sessions", Long.class), row.get("session_money", Long.class),
                        row.get("quotations_sent", Long.class), row.get("quotations_sent_accepted", Long.class)))
                .one();
    }

    /** Clients created before {@code day} (a local day of the scope). */
    Mono<Long> clientsBefore(Scope scope, LocalDate day) {
        String sql = zones(scope) + """
                SELECT COUNT(*) FROM client_fact c JOIN zones z ON c.created_at >= z.valid_from AND c.created_at < z.valid_to
                WHERE c.generation = :g %s AND c.created_at < :hi AND (c.created_at AT TIME ZONE z.zone)::date < :day
                """.formatted(scope.filter("c"));
        GenericExecuteSpec spec = database.sql(sql).bind("g", scope.generation())
                .bind("hi", utcMidnight(day.plusDays(2)))
                .bind("day", day);
        return bindScope(scope, spec).map(row -> row.get(0, Long.class)).one();
    }

    /** Admin: consultants by current status. */
    Mono<Map<String, Long>> consultantsByStatus(int generation) {
        return database.sql("""
                        SELECT status, COUNT(*) AS n FROM consultant_fact WHERE generation = :g AND registered_at IS NOT NULL
                        GROUP BY status""")
                .bind("g", generation)
                .map(row -> Map.entry(row.get("status", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Admin: signups and first approvals per day in {@code zone}. */
    Mono<TreeMap<LocalDate, long[]>> signupsAndApprovals(int generation, ZoneId zone, LocalDate from, LocalDate to) {
        return database.sql("""
                        SELECT day, SUM(signups)::bigint AS signups, SUM(approvals)::bigint AS approvals FROM (
                            SELECT (registered_at AT TIME ZONE :zone)::date AS day, 1 AS signups, 0 AS approvals
                            FROM consultant_fact WHERE generation = :g AND registered_at >= :lo AND registered_at < :hi
                          UNION ALL
                            SELECT (first_approved_at AT TIME ZONE :zone)::date, 0, 1
                            FROM consultant_fact WHERE generation = :g AND registered_at IS NOT NULL
                              AND first_approved_at >= :lo AND first_approved_at < :hi
                        ) x WHERE day BETWEEN :from AND :to GROUP BY day""")
                .bind("g", generation)
                .bind("zone", zone.getId())
                .bind("lo", utcMidnight(from.minusDays(1)))
                .bind("hi", utcMidnight(to.plusDays(2)))
                .bind("from", from)
                .bind("to", to)
                .map(row -> Map.entry(row.get("day", LocalDate.class),
                        new long[] {row.get("signups", Long.class), row.get("approvals", Long.class)}))
                .all()
                .collect(TreeMap::new, (map, entry) -> map.put(entry.getKey(), entry.getValue()));
    }

    /** Admin: sessions scheduled in the period by source and status. */
    Mono<Map<String, Map<String, Long>>> sessionsBySourceAndStatus(int generation, ZoneId zone, LocalDate from, LocalDate to) {
        return database.sql("""
                        SELECT source, status, COUNT(*) AS n FROM session_fact
                        WHERE generation = :g AND booked_at IS NOT NULL AND starts_at >= :lo AND starts_at < :hi
                          AND (starts_at AT TIME ZONE :zone)::date BETWEEN :from AND :to
                        GROUP BY source, status""")
                .bind("g", generation)
                .bind("zone", zone.getId())
                .bind("lo", utcMidnight(from.minusDays(1)))
                .bind("hi", utcMidnight(to.plusDays(2)))
                .bind("from", from)
                .bind("to", to)
                .map(row -> new String[] {row.get("source", String.class), row.get("status", String.class),
                        String.valueOf(row.get("n", Long.class))})
                .all()
                .collect(HashMap::new, (map, cells) -> map.computeIfAbsent(cells[0], source -> new HashMap<>())
                        .put(cells[1], Long.parseLong(cells[2])));
    }

    /**
     * Admin: {failed, captured}: payments whose first failure is in the period and that were never
     * captured, and payments captured in the period.
     */
    Mono<long[]> failedAndCapturedPayments(int generation, ZoneId zone, LocalDate from, LocalDate to) {
        return database.sql("""
                        SELECT COUNT(*) FILTER (WHERE captured_at IS NULL AND returned_at IS NULL AND first_failed_at >= :lo
                                   AND first_failed_at < :hi AND (first_failed_at AT TIME ZONE :zone)::date BETWEEN :from AND :to) AS failed,
                               COUNT(*) FILTER (WHERE captured_at >= :lo AND captured_at < :hi
                                   AND (captured_at AT TIME ZONE :zone)::date BETWEEN :from AND :to) AS captured
                        FROM payment_fact WHERE generation = :g
                          AND ((first_failed_at >= :lo AND first_failed_at < :hi) OR (captured_at >= :lo AND captured_at < :hi))""")
                .bind("g", generation)
                .bind("zone", zone.getId())
                .bind("lo", utcMidnight(from.minusDays(1)))
                .bind("hi", utcMidnight(to.plusDays(2)))
                .bind("from", from)
                .bind("to", to)
                .map(row -> new long[] {row.get("failed", Long.class), row.get("captured", Long.class)})
                .one();
    }

    /** Admin: the consultants with the highest gross revenue (captures + manual − refunds) in the period. */
    Mono<List<Map.Entry<UUID, Long>>> topConsultants(int generation, ZoneId zone, LocalDate from, LocalDate to, int limit) {
        return database.sql("""
                        SELECT consultant_id, SUM(value)::bigint AS gross FROM (
                            SELECT consultant_id, captured_minor AS value, captured_at AS at FROM payment_fact
                            WHERE generation = :g AND currency = :currency AND captured_at >= :lo AND captured_at < :hi
                          UNION ALL
                            SELECT consultant_id, -amount_minor, refunded_at FROM refund_fact
                            WHERE generation = :g AND currency = :currency AND refunded_at >= :lo AND refunded_at < :hi
                          UNION ALL
                            SELECT consultant_id, amount_minor, payment_at FROM session_fact
                            WHERE generation = :g AND booked_at IS NOT NULL AND payment_status = 'PAID'
                              AND payment_method IN (:manualMethods) AND currency = :currency
                              AND payment_at >= :lo AND payment_at < :hi
                        ) m WHERE (at AT TIME ZONE :zone)::date BETWEEN :from AND :to
                        GROUP BY consultant_id ORDER BY gross DESC, consultant_id LIMIT :limit""")
                .bind("g", generation)
                .bind("zone", zone.getId())
                .bind("currency", CURRENCY)
                .bind("manualMethods", MANUAL_METHODS)
                .bind("lo", utcMidnight(from.minusDays(1)))
                .bind("hi", utcMidnight(to.plusDays(2)))
                .bind("from", from)
                .bind("to", to)
                .bind("limit", limit)
                .map(row -> Map.entry(row.get("consultant_id", UUID.class), row.get("gross", Long.class)))
                .all()
                .collectList();
    }

    record Distinct(long activeClients, long repeatClients, long paidSessions, long sessionMoneyMinor,
                    long quotationsSent, long quotationsSentAccepted) {
    }

    /** Whose facts and in which zones: one consultant (their zone history) or the platform (one zone). */
    record Scope(int generation, UUID consultantId, ZoneId defaultZone) {

        static Scope consultant(int generation, UUID consultantId, ZoneId defaultZone) {
            return new Scope(generation, consultantId, defaultZone);
        }

        static Scope platform(int generation, ZoneId zone) {
            return new Scope(generation, null, zone);
        }

        String filter(String alias) {
            return consultantId == null ? "" : "AND " + alias + ".consultant_id = :c";
        }
    }

    private record Cell(LocalDate day, String metric, long value) {
    }

    private static String zones(Scope scope) {
        if (scope.consultantId() == null) {
            return "WITH zones AS (SELECT CAST(:zone AS TEXT) AS zone, '-infinity'::timestamptz AS valid_from, 'infinity'::timestamptz AS valid_to)";
        }
        // Ordered by profile version; the first zone also covers the time before the first profile.
        return """
                WITH history AS (
                    SELECT zone, effective_from, row_number() OVER w AS n, lead(effective_from) OVER w AS next_from
                    FROM consultant_zone WHERE generation = :g AND consultant_id = :c
                    WINDOW w AS (ORDER BY profile_version)
                ), zones AS (
                    SELECT zone, CASE WHEN n = 1 THEN '-infinity'::timestamptz ELSE effective_from END AS valid_from,
                           COALESCE(next_from, 'infinity'::timestamptz) AS valid_to
                    FROM history
                  UNION ALL
                    SELECT CAST(:zone AS TEXT), '-infinity'::timestamptz, 'infinity'::timestamptz WHERE NOT EXISTS (SELECT 1 FROM history)
                )
                """;
    }

    private static GenericExecuteSpec bindRange(Scope scope, GenericExecuteSpec spec, LocalDate from, LocalDate to) {
        // Instants prefiltered a day wider on each side than any zone offset can move a day, then placed exactly.
        return bindScope(scope, spec.bind("g", scope.generation())
                .bind("lo", utcMidnight(from.minusDays(1)))
                .bind("hi", utcMidnight(to.plusDays(2)))
                .bind("from", from)
                .bind("to", to));
    }

    private static GenericExecuteSpec bindScope(Scope scope, GenericExecuteSpec spec) {
        GenericExecuteSpec zoned = spec.bind("zone", scope.defaultZone().getId());
        return scope.consultantId() == null ? zoned : zoned.bind("c", scope.consultantId());
    }

    private static Instant utcMidnight(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static TreeMap<LocalDate, DailyFigures> days(List<Cell> cells) {
        Map<LocalDate, Map<String, Long>> byDay = new HashMap<>();
        for (Cell cell : cells) {
            byDay.computeIfAbsent(cell.day(), day -> new HashMap<>()).merge(cell.metric(), cell.value(), Long::sum);
        }
        TreeMap<LocalDate, DailyFigures> days = new TreeMap<>();
        byDay.forEach((day, metrics) -> {
            Map<String, Long> sessions = new HashMap<>();
            metrics.forEach((metric, value) -> {
                if (metric.startsWith("session:")) {
                    sessions.put(metric.substring("session:".length()), value);
                }
            });
            days.put(day, new DailyFigures(day, sessions, get(metrics, "captured"), get(metrics, "manual"),
                    get(metrics, "refunded"), get(metrics, "provider_fee"), get(metrics, "platform_fee"),
                    get(metrics, "returned"), get(metrics, "new_client"), get(metrics, "quotation_sent"),
                    get(metrics, "quotation_accepted")));
        });
        return days;
    }

    private static long get(Map<String, Long> metrics, String metric) {
        return metrics.getOrDefault(metric, 0L);
    }
}
