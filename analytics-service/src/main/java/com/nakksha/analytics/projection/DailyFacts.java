package com.nakksha.analytics.projection;

/**
 * The SQL that derives one scope's daily figures from the fact rows, in one place for the
 * consultant's daily table ({@link DailyRepository}) and the platform figures computed at query
 * time. The definitions are the service README's "What each figure counts".
 *
 * <p>Parameters: {@code :g} generation, {@code :c} consultant (consultant scope only), {@code :zone}
 * the default zone (consultant without a profile) or the platform zone, {@code :lo}/{@code :hi}
 * UTC instants bounding the facts read (a day wider on each side than the days wanted),
 * {@code :currency}, {@code :manualMethods}. The result is a CTE {@code facts (day, metric, value)}
 * with one row per fact and metric; the caller groups and filters by day.
 */
public final class DailyFacts {

    /** Payment methods of manual sessions that count as revenue by the day marked paid. */
    public static final java.util.List<String> MANUAL_METHODS = java.util.List.of("CASH", "UPI", "BANK_TRANSFER");
    /** The one currency counted today. */
    public static final String CURRENCY = "INR";

    private DailyFacts() {
    }

    /**
     * {@code WITH zones (zone, valid_from, valid_to)}: for a consultant the zone history of their
     * profile versions (the earliest zone also before the first profile, {@code :zone} without any),
     * for the platform {@code :zone} for all time.
     */
    public static String zones(boolean consultant) {
        if (!consultant) {
            return "WITH zones AS (SELECT CAST(:zone AS TEXT) AS zone, '-infinity'::timestamptz AS valid_from, 'infinity'::timestamptz AS valid_to)";
        }
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

    /**
     * {@code , facts AS (...)} to follow {@link #zones}. Metrics: {@code session:<STATUS>} (by the
     * scheduled day), {@code captured}, {@code captured_session} (captures of session payables),
     * {@code provider_fee}, {@code platform_fee}, {@code returned}, {@code refunded}, {@code manual},
     * {@code kind:<PERSONAL|WEBINAR|UNKNOWN|QUOTATION>} (gross by what was paid, refunds negative),
     * {@code new_client}, {@code quotation_sent}, {@code quotation_sent_accepted} (sent that day and
     * accepted by now), {@code quotation_accepted}, {@code quotation_withdrawn}.
     */
    public static String facts(boolean consultant) {
        return facts(consultant, Entity.ALL);
    }

    /**
     * {@link #facts(boolean)} of the consultant's fact rows that {@code entity} selects only: what
     * those rows contribute to the consultant's days, for a change of those rows to move in and out.
     */
    public static String facts(boolean consultant, Entity entity) {
        String f = filter(consultant, "f");
        String p = filter(consultant, "p");
        String r = filter(consultant, "r");
        String c = filter(consultant, "c");
        String q = filter(consultant, "q");
        return """
                , money AS (
                    SELECT (p.captured_at AT TIME ZONE z.zone)::date AS day, p.payable_type, p.payable_id, p.captured_minor AS value
                    FROM %7$s p JOIN zones z ON p.captured_at >= z.valid_from AND p.captured_at < z.valid_to
                    WHERE p.generation = :g %2$s AND p.currency = :currency AND p.captured_at >= :lo AND p.captured_at < :hi
                  UNION ALL
                    SELECT (r.refunded_at AT TIME ZONE z.zone)::date, r.payable_type, r.payable_id, -r.amount_minor
                    FROM %8$s r JOIN zones z ON r.refunded_at >= z.valid_from AND r.refunded_at < z.valid_to
                    WHERE r.generation = :g %3$s AND r.currency = :currency AND r.refunded_at >= :lo AND r.refunded_at < :hi
                  UNION ALL
                    SELECT (f.payment_at AT TIME ZONE z.zone)::date, 'SESSION', f.session_id, f.amount_minor
                    FROM %6$s f JOIN zones z ON f.payment_at >= z.valid_from AND f.payment_at < z.valid_to
                    WHERE f.generation = :g %1$s AND f.booked_at IS NOT NULL AND f.payment_status = 'PAID'
                      AND f.payment_method IN (:manualMethods) AND f.currency = :currency
                      AND f.payment_at >= :lo AND f.payment_at < :hi
                ), facts AS (
                    SELECT (f.starts_at AT TIME ZONE z.zone)::date AS day, 'session:' || f.status AS metric, 1::bigint AS value
                    FROM %6$s f JOIN zones z ON f.starts_at >= z.valid_from AND f.starts_at < z.valid_to
                    WHERE f.generation = :g %1$s AND f.booked_at IS NOT NULL AND f.starts_at >= :lo AND f.starts_at < :hi
                  UNION ALL
                    SELECT (p.captured_at AT TIME ZONE z.zone)::date, unnest(ARRAY['captured', 'provider_fee', 'platform_fee',
                               CASE WHEN p.payable_type = 'SESSION' THEN 'captured_session' END]),
                           unnest(ARRAY[p.captured_minor, COALESCE(p.provider_fee_minor, 0), COALESCE(p.platform_fee_minor, 0),
                               p.captured_minor])
                    FROM %7$s p JOIN zones z ON p.captured_at >= z.valid_from AND p.captured_at < z.valid_to
                    WHERE p.generation = :g %2$s AND p.currency = :currency AND p.captured_at >= :lo AND p.captured_at < :hi
                  UNION ALL
                    SELECT (p.returned_at AT TIME ZONE z.zone)::date, 'returned', p.returned_minor
                    FROM %7$s p JOIN zones z ON p.returned_at >= z.valid_from AND p.returned_at < z.valid_to
                    WHERE p.generation = :g %2$s AND p.currency = :currency AND p.returned_at >= :lo AND p.returned_at < :hi
                  UNION ALL
                    SELECT (r.refunded_at AT TIME ZONE z.zone)::date, 'refunded', r.amount_minor
                    FROM %8$s r JOIN zones z ON r.refunded_at >= z.valid_from AND r.refunded_at < z.valid_to
                    WHERE r.generation = :g %3$s AND r.currency = :currency AND r.refunded_at >= :lo AND r.refunded_at < :hi
                  UNION ALL
                    SELECT (f.payment_at AT TIME ZONE z.zone)::date, 'manual', f.amount_minor
                    FROM %6$s f JOIN zones z ON f.payment_at >= z.valid_from AND f.payment_at < z.valid_to
                    WHERE f.generation = :g %1$s AND f.booked_at IS NOT NULL AND f.payment_status = 'PAID'
                      AND f.payment_method IN (:manualMethods) AND f.currency = :currency
                      AND f.payment_at >= :lo AND f.payment_at < :hi
                  UNION ALL
                    SELECT m.day, 'kind:' || CASE WHEN m.payable_type = 'SESSION' THEN COALESCE(s.session_type, 'UNKNOWN')
                                                  ELSE m.payable_type END, m.value
                    FROM money m LEFT JOIN session_fact s
                        ON m.payable_type = 'SESSION' AND s.generation = :g AND s.session_id = m.payable_id AND s.booked_at IS NOT NULL
                  UNION ALL
                    SELECT (c.created_at AT TIME ZONE z.zone)::date, 'new_client', 1
                    FROM %9$s c JOIN zones z ON c.created_at >= z.valid_from AND c.created_at < z.valid_to
                    WHERE c.generation = :g %4$s AND c.created_at >= :lo AND c.created_at < :hi
                  UNION ALL
                    SELECT (q.sent_at AT TIME ZONE z.zone)::date, unnest(ARRAY['quotation_sent',
                               CASE WHEN q.accepted_at IS NOT NULL THEN 'quotation_sent_accepted' END]), 1
                    FROM %10$s q JOIN zones z ON q.sent_at >= z.valid_from AND q.sent_at < z.valid_to
                    WHERE q.generation = :g %5$s AND q.sent_at >= :lo AND q.sent_at < :hi
                  UNION ALL
                    SELECT (q.accepted_at AT TIME ZONE z.zone)::date, 'quotation_accepted', 1
                    FROM %10$s q JOIN zones z ON q.accepted_at >= z.valid_from AND q.accepted_at < z.valid_to
                    WHERE q.generation = :g %5$s AND q.accepted_at >= :lo AND q.accepted_at < :hi
                  UNION ALL
                    SELECT (q.withdrawn_at AT TIME ZONE z.zone)::date, 'quotation_withdrawn', 1
                    FROM %10$s q JOIN zones z ON q.withdrawn_at >= z.valid_from AND q.withdrawn_at < z.valid_to
                    WHERE q.generation = :g %5$s AND q.withdrawn_at >= :lo AND q.withdrawn_at < :hi
                )
                """.formatted(f, p, r, c, q, entity.session(), entity.payment(), entity.refund(), entity.client(), entity.quotation());
    }

    /**
     * {@code , members AS (day, kind, member_id)} to follow {@link #zones}, consultant scope: one row
     * per fact that makes an entity count in a distinct figure on a day. {@code held_client}: the
     * client of a session scheduled that day that is not CANCELLED or ABANDONED (active and repeat
     * clients); {@code paid_session}: a session paid that day by a capture or a manual payment
     * (distinct sessions of the average session value). A period's distinct count is the number of
     * distinct members over its days, so it needs no fact row at request time.
     */
    public static String members(Entity entity) {
        String f = filter(true, "f");
        String p = filter(true, "p");
        return """
                , members AS (
                    SELECT (f.starts_at AT TIME ZONE z.zone)::date AS day, 'held_client' AS kind, f.client_id AS member_id
                    FROM %3$s f JOIN zones z ON f.starts_at >= z.valid_from AND f.starts_at < z.valid_to
                    WHERE f.generation = :g %1$s AND f.booked_at IS NOT NULL AND f.client_id IS NOT NULL
                      AND f.status NOT IN ('CANCELLED', 'ABANDONED') AND f.starts_at >= :lo AND f.starts_at < :hi
                  UNION ALL
                    SELECT (p.captured_at AT TIME ZONE z.zone)::date, 'paid_session', p.payable_id
                    FROM %4$s p JOIN zones z ON p.captured_at >= z.valid_from AND p.captured_at < z.valid_to
                    WHERE p.generation = :g %2$s AND p.currency = :currency AND p.payable_type = 'SESSION'
                      AND p.payable_id IS NOT NULL AND p.captured_at >= :lo AND p.captured_at < :hi
                  UNION ALL
                    SELECT (f.payment_at AT TIME ZONE z.zone)::date, 'paid_session', f.session_id
                    FROM %3$s f JOIN zones z ON f.payment_at >= z.valid_from AND f.payment_at < z.valid_to
                    WHERE f.generation = :g %1$s AND f.booked_at IS NOT NULL AND f.payment_status = 'PAID'
                      AND f.payment_method IN (:manualMethods) AND f.currency = :currency
                      AND f.payment_at >= :lo AND f.payment_at < :hi
                )
                """.formatted(f, p, entity.session(), entity.payment());
    }

    /**
     * {@code , touched_session AS (...), ...} to follow {@link #zones} for {@link Entity#TOUCHED}: the fact rows of
     * the entities a set of events changes, from the arrays {@code :sessions}, {@code :payments}, {@code :clients},
     * {@code :quotations} (UUIDs as text) and {@code :refunds}, together with every row whose contribution to a day
     * depends on them: a session's payments and refunds, whose revenue kind follows the session's type. A row that
     * several of them select is selected once, so a take-away and an add over it move each day by the rows' change
     * exactly once. Each is read by its key, joined to the ids: with the ids as {@code = ANY(:ids)} beside the
     * consultant's time range instead, Postgres' generic plan of the statement (r2dbc prepares it once per
     * connection) estimated the range with its default selectivity and scanned all of the consultant's sessions
     * for every statement, 160 ms each once a consultant had 5,000 (issue 15).
     */
    public static String touched() {
        return ", touched_session AS MATERIALIZED (" + byKey("session_fact", "session_id", "sessions", "uuid")
                + "), touched_payment AS MATERIALIZED (" + byKey("payment_fact", "payable_id", "sessions", "uuid")
                + " UNION " + byKey("payment_fact", "payment_id", "payments", "uuid")
                + "), touched_refund AS MATERIALIZED (" + byKey("refund_fact", "payable_id", "sessions", "uuid")
                + " UNION " + byKey("refund_fact", "refund_id", "refunds", "text")
                + "), touched_client AS MATERIALIZED (" + byKey("client_fact", "client_id", "clients", "uuid")
                + "), touched_quotation AS MATERIALIZED (" + byKey("quotation_fact", "quotation_id", "quotations", "uuid")
                + ")\n";
    }

    /** The generation's rows of {@code table} whose {@code column} is one of the ids in array parameter {@code ids}. */
    private static String byKey(String table, String column, String ids, String type) {
        return "SELECT x.* FROM unnest(CAST(:%s AS %s[])) AS t(id) JOIN %s x ON x.generation = :g AND x.%s = t.id"
                .formatted(ids, type, table, column);
    }

    /** Where {@link #facts} and {@link #members} read each kind of fact row from. */
    public record Entity(String session, String payment, String refund, String client, String quotation) {

        /** Every fact row of the scope. */
        static final Entity ALL = new Entity("session_fact", "payment_fact", "refund_fact", "client_fact", "quotation_fact");
        /** The rows {@link #touched} selects. */
        static final Entity TOUCHED = new Entity("touched_session", "touched_payment", "touched_refund", "touched_client",
                "touched_quotation");
    }

    private static String filter(boolean consultant, String alias) {
        return consultant ? "AND " + alias + ".consultant_id = :c" : "";
    }
}
