package com.nakksha.analytics.figures;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.nakksha.analytics.projection.DailyFacts;
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

    static final String CURRENCY = DailyFacts.CURRENCY;
    private static final List<String> MANUAL_METHODS = DailyFacts.MANUAL_METHODS;

    private final DatabaseClient database;

    FiguresRepository(DatabaseClient database) {
        this.database = database;
    }

    /**
     * The serving generation and the consultant's zone now (that of their newest profile version, else
     * {@code fallback}), in one statement; empty while no generation serves.
     */
    Mono<Serving> serving(UUID consultantId, ZoneId fallback) {
        return database.sql("""
                        SELECT g.generation, (SELECT z.zone FROM consultant_zone z WHERE z.generation = g.generation AND z.consultant_id = :c
                                              ORDER BY z.profile_version DESC LIMIT 1) AS zone
                        FROM projection_generation g WHERE g.state = 'ACTIVE'""")
                .bind("c", consultantId)
                .map(row -> {
                    String zone = row.get("zone", String.class);
                    return new Serving(row.get("generation", Integer.class), zone == null ? fallback : ZoneId.of(zone));
                })
                .one();
    }

    /** The generation that serves and the consultant's current zone. */
    record Serving(int generation, ZoneId zone) {
    }

    /**
     * Everything a consultant's dashboard reads, in one statement and so one snapshot: the daily rows
     * from {@code readFrom} to {@code readTo} and of {@code today}, the distinct counts of the period
     * {@code from}..{@code to} (active clients, those of them with two or more held sessions up to
     * {@code to}, distinct sessions paid), the clients created before {@code clientsBefore},
     * and the generation's {@code last_applied_at} and {@code newest_event_at}, which therefore date
     * exactly the figures read (all days are the consultant's local days).
     */
    Mono<ConsultantFigures> consultantFigures(Scope scope, LocalDate readFrom, LocalDate readTo, LocalDate today, LocalDate from,
                                              LocalDate to, LocalDate clientsBefore) {
        return database.sql("""
                        WITH active AS (
                            SELECT member_id FROM consultant_day_member
                            WHERE generation = :g AND consultant_id = :c AND kind = 'held_client' AND day BETWEEN :from AND :to
                            GROUP BY member_id
                        )
                        SELECT 'days' AS part, day, metric, value, NULL::timestamptz AS last_applied_at, NULL::timestamptz AS newest_event_at
                        FROM consultant_daily WHERE generation = :g AND consultant_id = :c AND day BETWEEN :readFrom AND :readTo
                        UNION ALL
                        SELECT 'today', day, metric, value, NULL, NULL
                        FROM consultant_daily WHERE generation = :g AND consultant_id = :c AND day = :today
                        UNION ALL
                        SELECT 'active_clients', NULL, NULL, (SELECT COUNT(*) FROM active), NULL, NULL
                        UNION ALL
                        SELECT 'repeat_clients', NULL, NULL,
                               (SELECT COUNT(*) FROM active a
                                WHERE (SELECT SUM(n) FROM (
                                          SELECT d.n FROM consultant_day_member d
                                          WHERE d.generation = :g AND d.consultant_id = :c AND d.kind = 'held_client'
                                            AND d.member_id = a.member_id AND d.day <= :to
                                          ORDER BY d.day LIMIT 2) first_two) >= 2), NULL, NULL
                        UNION ALL
                        SELECT 'paid_sessions', NULL, NULL,
                               (SELECT COUNT(DISTINCT member_id) FROM consultant_day_member
                                WHERE generation = :g AND consultant_id = :c AND kind = 'paid_session' AND day BETWEEN :from AND :to), NULL, NULL
                        UNION ALL
                        SELECT 'clients_before', NULL, NULL,
                               (SELECT COALESCE(SUM(value), 0)::bigint FROM consultant_daily
                                WHERE generation = :g AND consultant_id = :c AND metric = 'new_client' AND day < :clientsBefore), NULL, NULL
                        UNION ALL
                        SELECT 'generation', NULL, NULL, NULL, last_applied_at, newest_event_at FROM projection_generation WHERE generation = :g""")
                .bind("g", scope.generation())
                .bind("c", scope.consultantId())
                .bind("readFrom", readFrom)
                .bind("readTo", readTo)
                .bind("today", today)
                .bind("from", from)
                .bind("to", to)
                .bind("clientsBefore", clientsBefore)
                .map(row -> new Part(row.get("part", String.class), new Cell(row.get("day", LocalDate.class), row.get("metric", String.class),
                        row.get("value", Long.class)), row.get("last_applied_at", Instant.class), row.get("newest_event_at", Instant.class)))
                .all()
                .collectList()
                .map(FiguresRepository::consultantFigures);
    }

    /** A consultant's dashboard as read: days by local day, today's figures, distinct counts, clients before, and as of when. */
    record ConsultantFigures(TreeMap<LocalDate, DailyFigures> days, TreeMap<LocalDate, DailyFigures> today, Distinct distinct,
                             long clientsBefore, Instant lastAppliedAt, Instant newestEventAt) {
    }

    private record Part(String part, Cell cell, Instant lastAppliedAt, Instant newestEventAt) {
    }

    private static ConsultantFigures consultantFigures(List<Part> parts) {
        List<Cell> days = new ArrayList<>();
        List<Cell> today = new ArrayList<>();
        Map<String, Long> scalars = new HashMap<>();
        Instant lastAppliedAt = null;
        Instant newestEventAt = null;
        for (Part part : parts) {
            switch (part.part()) {
                case "days" -> days.add(part.cell());
                case "today" -> today.add(part.cell());
                case "generation" -> {
                    lastAppliedAt = part.lastAppliedAt();
                    newestEventAt = part.newestEventAt();
                }
                default -> scalars.put(part.part(), part.cell().value() == null ? 0L : part.cell().value());
            }
        }
        return new ConsultantFigures(days(days), days(today), new Distinct(scalars.get("active_clients"), scalars.get("repeat_clients"),
                scalars.get("paid_sessions")), scalars.get("clients_before"), lastAppliedAt, newestEventAt);
    }

    /**
     * Every day of the scope with a fact between {@code from} and {@code to} (both included),
     * ascending: a consultant's from their daily table, the platform's from the fact rows.
     */
    Mono<TreeMap<LocalDate, DailyFigures>> daily(Scope scope, LocalDate from, LocalDate to) {
        if (scope.consultantId() != null) {
            return database.sql("""
                            SELECT day, metric, value FROM consultant_daily
                            WHERE generation = :g AND consultant_id = :c AND day BETWEEN :from AND :to""")
                    .bind("g", scope.generation())
                    .bind("c", scope.consultantId())
                    .bind("from", from)
                    .bind("to", to)
                    .map(row -> new Cell(row.get("day", LocalDate.class), row.get("metric", String.class), row.get("value", Long.class)))
                    .all()
                    .collectList()
                    .map(FiguresRepository::days);
        }
        String sql = DailyFacts.zones(false) + DailyFacts.facts(false) + """
                SELECT day, metric, SUM(value)::bigint AS value FROM facts
                WHERE metric IS NOT NULL AND day BETWEEN :from AND :to GROUP BY day, metric""";
        return bindRange(scope, database.sql(sql), from, to)
                .bind("currency", CURRENCY)
                .bind("manualMethods", MANUAL_METHODS)
                .map(row -> new Cell(row.get("day", LocalDate.class), row.get("metric", String.class), row.get("value", Long.class)))
                .all()
                .collectList()
                .map(FiguresRepository::days);
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

    record Distinct(long activeClients, long repeatClients, long paidSessions) {
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

    private record Cell(LocalDate day, String metric, Long value) {
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
            Map<String, Long> kinds = new HashMap<>();
            metrics.forEach((metric, value) -> {
                if (metric.startsWith("session:")) {
                    sessions.put(metric.substring("session:".length()), value);
                } else if (metric.startsWith("kind:")) {
                    kinds.put(metric.substring("kind:".length()), value);
                }
            });
            days.put(day, new DailyFigures(day, sessions, get(metrics, "captured"), get(metrics, "manual"),
                    get(metrics, "refunded"), get(metrics, "provider_fee"), get(metrics, "platform_fee"),
                    get(metrics, "returned"), get(metrics, "new_client"), get(metrics, "quotation_sent"),
                    get(metrics, "quotation_accepted"), get(metrics, "captured_session"), get(metrics, "quotation_sent_accepted"),
                    get(metrics, "quotation_withdrawn"), kinds));
        });
        return days;
    }

    private static long get(Map<String, Long> metrics, String metric) {
        return metrics.getOrDefault(metric, 0L);
    }
}
