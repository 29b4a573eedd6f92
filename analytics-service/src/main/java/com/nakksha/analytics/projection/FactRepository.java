package com.nakksha.analytics.projection;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * Writes fact rows so that the result depends only on the set of events applied: a field group is
 * replaced only by an event with a newer stamp {@code (occurredAt, rank, eventId)} (a session's start and
 * payment by {@code (sessionVersion, occurredAt, rank, eventId)}: see {@link #latestWrite}; its status by
 * {@code (rank, occurredAt, eventId)}: see {@link #furthest}), a once-only
 * fact keeps the earliest, and counts keep the greatest. Applying an event twice changes nothing.
 */
@Repository
class FactRepository {

    private final DatabaseClient database;

    FactRepository(DatabaseClient database) {
        this.database = database;
    }

    Mono<Void> consultantRegistered(int generation, UUID consultantId, Instant at, UUID eventId) {
        return consultantStatus(generation, consultantId, "PENDING_APPROVAL", null, at, 0, eventId, at, null);
    }

    /**
     * An admin decision (rank 1), ordered by the account's {@code consultantVersion} (null: a writer before the field);
     * {@code approvedAt} is set for approvals, the first one is kept.
     */
    Mono<Void> consultantDecision(int generation, UUID consultantId, String status, Long consultantVersion, Instant at,
                                  UUID eventId, Instant approvedAt) {
        return consultantStatus(generation, consultantId, status, consultantVersion, at, 1, eventId, null, approvedAt);
    }

    private Mono<Void> consultantStatus(int generation, UUID consultantId, String status, Long version, Instant at, int rank,
                                        UUID eventId, Instant registeredAt, Instant approvedAt) {
        return database.sql("""
                        INSERT INTO consultant_fact AS t (generation, consultant_id, registered_at, status, status_version, status_at,
                            status_rank, status_event_id, first_approved_at)
                        VALUES (:g, :id, :registeredAt, :status, :version, :at, :rank, :eventId, :approvedAt)
                        ON CONFLICT (generation, consultant_id) DO UPDATE SET
                            registered_at = LEAST(t.registered_at, EXCLUDED.registered_at),
                            first_approved_at = LEAST(t.first_approved_at, EXCLUDED.first_approved_at),
                        """ + latestWrite("status_version", "status_at", "status_rank", "status_event_id",
                        List.of("status", "status_version", "status_at", "status_rank", "status_event_id")))
                .bind("g", generation)
                .bind("id", consultantId)
                .bind("registeredAt", instant(registeredAt))
                .bind("status", status)
                .bind("version", Parameter.fromOrEmpty(version, Long.class))
                .bind("at", at)
                .bind("rank", rank)
                .bind("eventId", eventId)
                .bind("approvedAt", instant(approvedAt))
                .then();
    }

    /** Profile versions are kept, each with the instant it took effect, so a zone change moves no past day. */
    Mono<Void> zone(int generation, UUID consultantId, long profileVersion, String zone, Instant effectiveFrom) {
        return database.sql("""
                        INSERT INTO consultant_zone (generation, consultant_id, profile_version, zone, effective_from)
                        VALUES (:g, :id, :version, :zone, :from)
                        ON CONFLICT (generation, consultant_id, profile_version) DO NOTHING""")
                .bind("g", generation)
                .bind("id", consultantId)
                .bind("version", profileVersion)
                .bind("zone", zone)
                .bind("from", effectiveFrom)
                .then();
    }

    /**
     * What SessionBooked says: who, what, how much, when, and the booking-time status and payment (rank 0).
     *
     * @param version the event's {@code sessionVersion} (0 for a booking), null from writers before the field
     */
    Mono<Void> sessionBooked(int generation, UUID sessionId, UUID consultantId, UUID eventId, Instant at, Long version, UUID clientId,
                             String type, String source, long amountMinor, String currency, Instant startsAt,
                             String paymentStatus, String paymentMethod) {
        return database.sql("""
                        INSERT INTO session_fact AS t (generation, session_id, consultant_id, booked_at, booked_event_id, client_id,
                            session_type, source, amount_minor, currency,
                            starts_at, starts_stamp_version, starts_stamp_at, starts_stamp_rank, starts_stamp_id,
                            status, status_at, status_rank, status_event_id,
                            payment_status, payment_method, payment_version, payment_at, payment_rank, payment_event_id)
                        VALUES (:g, :id, :consultantId, :at, :eventId, :clientId, :type, :source, :amount, :currency,
                            :startsAt, :version, :at, 0, :eventId, 'PENDING', :at, 0, :eventId,
                            :paymentStatus, :paymentMethod, :version, :at, 0, :eventId)
                        ON CONFLICT (generation, session_id) DO UPDATE SET
                        """ + String.join(",\n", List.of(
                        latestNoRank("booked_at", "booked_event_id",
                                List.of("booked_at", "booked_event_id", "client_id", "session_type", "source", "amount_minor", "currency")),
                        latestWrite("starts_stamp_version", "starts_stamp_at", "starts_stamp_rank", "starts_stamp_id",
                                List.of("starts_at", "starts_stamp_version", "starts_stamp_at", "starts_stamp_rank", "starts_stamp_id")),
                        furthest(List.of("status", "status_at", "status_rank", "status_event_id")),
                        latestWrite("payment_version", "payment_at", "payment_rank", "payment_event_id",
                                List.of("payment_status", "payment_method", "payment_version", "payment_at", "payment_rank", "payment_event_id")))))
                .bind("g", generation)
                .bind("id", sessionId)
                .bind("consultantId", consultantId)
                .bind("at", at)
                .bind("version", Parameter.fromOrEmpty(version, Long.class))
                .bind("eventId", eventId)
                .bind("clientId", clientId)
                .bind("type", type)
                .bind("source", source)
                .bind("amount", amountMinor)
                .bind("currency", currency)
                .bind("startsAt", startsAt)
                .bind("paymentStatus", paymentStatus)
                .bind("paymentMethod", Parameter.fromOrEmpty(paymentMethod, String.class))
                .then();
    }

    /**
     * A new start time (confirmation rank 1, reschedule rank 2); the newest write of the session wins ({@link #latestWrite}).
     *
     * @param version the event's {@code sessionVersion}, null from writers before the field
     */
    Mono<Void> sessionStart(int generation, UUID sessionId, UUID consultantId, Instant startsAt, Instant at, Long version, int rank,
                            UUID eventId) {
        return database.sql("""
                        INSERT INTO session_fact AS t (generation, session_id, consultant_id, starts_at, starts_stamp_version,
                            starts_stamp_at, starts_stamp_rank, starts_stamp_id)
                        VALUES (:g, :id, :consultantId, :startsAt, :version, :at, :rank, :eventId)
                        ON CONFLICT (generation, session_id) DO UPDATE SET
                        """ + latestWrite("starts_stamp_version", "starts_stamp_at", "starts_stamp_rank", "starts_stamp_id",
                        List.of("starts_at", "starts_stamp_version", "starts_stamp_at", "starts_stamp_rank", "starts_stamp_id")))
                .bind("g", generation)
                .bind("id", sessionId)
                .bind("consultantId", consultantId)
                .bind("startsAt", startsAt)
                .bind("version", Parameter.fromOrEmpty(version, Long.class))
                .bind("at", at)
                .bind("rank", rank)
                .bind("eventId", eventId)
                .then();
    }

    /**
     * A status change; the status furthest along the session's life wins (see {@link #furthest}), the newest
     * stamp among equals. {@code rank}: booked (PENDING) 0, ABANDONED 1, CONFIRMED 2, an end state 3.
     */
    Mono<Void> sessionStatus(int generation, UUID sessionId, UUID consultantId, String status, Instant at, int rank, UUID eventId) {
        return database.sql("""
                        INSERT INTO session_fact AS t (generation, session_id, consultant_id, status, status_at, status_rank, status_event_id)
                        VALUES (:g, :id, :consultantId, :status, :at, :rank, :eventId)
                        ON CONFLICT (generation, session_id) DO UPDATE SET
                        """ + furthest(List.of("status", "status_at", "status_rank", "status_event_id")))
                .bind("g", generation)
                .bind("id", sessionId)
                .bind("consultantId", consultantId)
                .bind("status", status)
                .bind("at", at)
                .bind("rank", rank)
                .bind("eventId", eventId)
                .then();
    }

    /**
     * A payment state change of the session (SessionPaymentUpdated, rank 1); the newest write of the session wins
     * ({@link #latestWrite}).
     *
     * @param version the event's {@code sessionVersion}, null from writers before the field
     */
    Mono<Void> sessionPayment(int generation, UUID sessionId, UUID consultantId, String paymentStatus, String paymentMethod,
                              Instant at, Long version, UUID eventId) {
        return database.sql("""
                        INSERT INTO session_fact AS t (generation, session_id, consultant_id, payment_status, payment_method,
                            payment_version, payment_at, payment_rank, payment_event_id)
                        VALUES (:g, :id, :consultantId, :status, :method, :version, :at, 1, :eventId)
                        ON CONFLICT (generation, session_id) DO UPDATE SET
                        """ + latestWrite("payment_version", "payment_at", "payment_rank", "payment_event_id",
                        List.of("payment_status", "payment_method", "payment_version", "payment_at", "payment_rank", "payment_event_id")))
                .bind("g", generation)
                .bind("id", sessionId)
                .bind("consultantId", consultantId)
                .bind("status", paymentStatus)
                .bind("method", Parameter.fromOrEmpty(paymentMethod, String.class))
                .bind("version", Parameter.fromOrEmpty(version, Long.class))
                .bind("at", at)
                .bind("eventId", eventId)
                .then();
    }

    Mono<Void> clientCreated(int generation, UUID clientId, UUID consultantId, Instant at) {
        return database.sql("""
                        INSERT INTO client_fact AS t (generation, client_id, consultant_id, created_at) VALUES (:g, :id, :consultantId, :at)
                        ON CONFLICT (generation, client_id) DO UPDATE SET created_at = LEAST(t.created_at, EXCLUDED.created_at)""")
                .bind("g", generation)
                .bind("id", clientId)
                .bind("consultantId", consultantId)
                .bind("at", at)
                .then();
    }

    /** A capture; a payment is captured once, so the earliest capture event is kept. */
    Mono<Void> paymentCaptured(int generation, UUID paymentId, UUID consultantId, String payableType, UUID payableId,
                               long amountMinor, String currency, Long providerFeeMinor, Long platformFeeMinor,
                               Instant at, UUID eventId) {
        return database.sql("""
                        INSERT INTO payment_fact AS t (generation, payment_id, consultant_id, payable_type, payable_id, currency,
                            captured_at, captured_event_id, captured_minor, provider_fee_minor, platform_fee_minor)
                        VALUES (:g, :id, :consultantId, :payableType, :payableId, :currency, :at, :eventId, :amount, :providerFee, :platformFee)
                        ON CONFLICT (generation, payment_id) DO UPDATE SET
                            payable_type = EXCLUDED.payable_type, payable_id = EXCLUDED.payable_id, currency = EXCLUDED.currency,
                        """ + earliest("captured_at", "captured_event_id",
                        List.of("captured_at", "captured_event_id", "captured_minor", "provider_fee_minor", "platform_fee_minor")))
                .bind("g", generation)
                .bind("id", paymentId)
                .bind("consultantId", consultantId)
                .bind("payableType", payableType)
                .bind("payableId", payableId)
                .bind("currency", currency)
                .bind("at", at)
                .bind("eventId", eventId)
                .bind("amount", amountMinor)
                .bind("providerFee", Parameter.fromOrEmpty(providerFeeMinor, Long.class))
                .bind("platformFee", Parameter.fromOrEmpty(platformFeeMinor, Long.class))
                .then();
    }

    /** A capture refunded in full automatically because the payable could not accept it; never revenue. */
    Mono<Void> paymentReturned(int generation, UUID paymentId, UUID consultantId, String payableType, UUID payableId,
                               long amountMinor, String currency, Instant at, UUID eventId) {
        return database.sql("""
                        INSERT INTO payment_fact AS t (generation, payment_id, consultant_id, payable_type, payable_id, currency,
                            returned_at, returned_event_id, returned_minor)
                        VALUES (:g, :id, :consultantId, :payableType, :payableId, :currency, :at, :eventId, :amount)
                        ON CONFLICT (generation, payment_id) DO UPDATE SET
                            payable_type = EXCLUDED.payable_type, payable_id = EXCLUDED.payable_id, currency = EXCLUDED.currency,
                        """ + earliest("returned_at", "returned_event_id", List.of("returned_at", "returned_event_id", "returned_minor")))
                .bind("g", generation)
                .bind("id", paymentId)
                .bind("consultantId", consultantId)
                .bind("payableType", payableType)
                .bind("payableId", payableId)
                .bind("currency", currency)
                .bind("at", at)
                .bind("eventId", eventId)
                .bind("amount", amountMinor)
                .then();
    }

    Mono<Void> paymentFailed(int generation, UUID paymentId, UUID consultantId, String payableType, UUID payableId,
                             String currency, Instant at) {
        return database.sql("""
                        INSERT INTO payment_fact AS t (generation, payment_id, consultant_id, payable_type, payable_id, currency, first_failed_at)
                        VALUES (:g, :id, :consultantId, :payableType, :payableId, :currency, :at)
                        ON CONFLICT (generation, payment_id) DO UPDATE SET
                            payable_type = EXCLUDED.payable_type, payable_id = EXCLUDED.payable_id, currency = EXCLUDED.currency,
                            first_failed_at = LEAST(t.first_failed_at, EXCLUDED.first_failed_at)""")
                .bind("g", generation)
                .bind("id", paymentId)
                .bind("consultantId", consultantId)
                .bind("payableType", payableType)
                .bind("payableId", payableId)
                .bind("currency", currency)
                .bind("at", at)
                .then();
    }

    Mono<Void> refunded(int generation, String refundId, UUID paymentId, UUID consultantId, String payableType, UUID payableId,
                        long amountMinor, String currency, Instant at, UUID eventId) {
        return database.sql("""
                        INSERT INTO refund_fact AS t (generation, refund_id, payment_id, consultant_id, payable_type, payable_id,
                            amount_minor, currency, refunded_at, event_id)
                        VALUES (:g, :id, :paymentId, :consultantId, :payableType, :payableId, :amount, :currency, :at, :eventId)
                        ON CONFLICT (generation, refund_id) DO UPDATE SET
                        """ + earliest("refunded_at", "event_id",
                        List.of("payment_id", "payable_type", "payable_id", "amount_minor", "currency", "refunded_at", "event_id")))
                .bind("g", generation)
                .bind("id", refundId)
                .bind("paymentId", paymentId)
                .bind("consultantId", consultantId)
                .bind("payableType", payableType)
                .bind("payableId", payableId)
                .bind("amount", amountMinor)
                .bind("currency", currency)
                .bind("at", at)
                .bind("eventId", eventId)
                .then();
    }

    Mono<Void> quotationSent(int generation, UUID quotationId, UUID consultantId, long amountMinor, String currency, Instant at) {
        return database.sql("""
                        INSERT INTO quotation_fact AS t (generation, quotation_id, consultant_id, sent_at, amount_minor, currency)
                        VALUES (:g, :id, :consultantId, :at, :amount, :currency)
                        ON CONFLICT (generation, quotation_id) DO UPDATE SET
                            amount_minor = CASE WHEN t.sent_at IS NULL OR EXCLUDED.sent_at < t.sent_at THEN EXCLUDED.amount_minor ELSE t.amount_minor END,
                            currency = CASE WHEN t.sent_at IS NULL OR EXCLUDED.sent_at < t.sent_at THEN EXCLUDED.currency ELSE t.currency END,
                            sent_at = LEAST(t.sent_at, EXCLUDED.sent_at)""")
                .bind("g", generation)
                .bind("id", quotationId)
                .bind("consultantId", consultantId)
                .bind("at", at)
                .bind("amount", amountMinor)
                .bind("currency", currency)
                .then();
    }

    /** An answer, expiry or withdrawal of a quotation: {@code column} is accepted_at, rejected_at, expired_at or withdrawn_at; the earliest is kept. */
    Mono<Void> quotationOutcome(int generation, UUID quotationId, UUID consultantId, QuotationOutcome outcome, Instant at) {
        String column = outcome.column();
        return database.sql("INSERT INTO quotation_fact AS t (generation, quotation_id, consultant_id, " + column + ") "
                        + "VALUES (:g, :id, :consultantId, :at) ON CONFLICT (generation, quotation_id) DO UPDATE SET "
                        + column + " = LEAST(t." + column + ", EXCLUDED." + column + ")")
                .bind("g", generation)
                .bind("id", quotationId)
                .bind("consultantId", consultantId)
                .bind("at", at)
                .then();
    }

    Mono<Void> quotationViewed(int generation, UUID quotationId, UUID consultantId, int viewCount) {
        return database.sql("""
                        INSERT INTO quotation_fact AS t (generation, quotation_id, consultant_id, view_count) VALUES (:g, :id, :consultantId, :views)
                        ON CONFLICT (generation, quotation_id) DO UPDATE SET view_count = GREATEST(t.view_count, EXCLUDED.view_count)""")
                .bind("g", generation)
                .bind("id", quotationId)
                .bind("consultantId", consultantId)
                .bind("views", viewCount)
                .then();
    }

    /** Removes every row of a generation that no longer serves. */
    Mono<Long> deleteGeneration(int generation) {
        return reactor.core.publisher.Flux.fromIterable(List.of("consultant_fact", "consultant_zone", "session_fact", "client_fact",
                        "payment_fact", "refund_fact", "quotation_fact", "consultant_daily", "consultant_day_member", "consultant_daily_filled"))
                .concatMap(table -> database.sql("DELETE FROM " + table + " WHERE generation = :g").bind("g", generation)
                        .fetch().rowsUpdated())
                .reduce(0L, Long::sum);
    }

    enum QuotationOutcome {
        ACCEPTED("accepted_at"), REJECTED("rejected_at"), EXPIRED("expired_at"), WITHDRAWN("withdrawn_at");

        private final String column;

        QuotationOutcome(String column) {
            this.column = column;
        }

        String column() {
            return column;
        }
    }

    /**
     * SET clauses replacing a session's status group when the incoming status is further along the session's life,
     * or as far and newer: stamps compared as {@code (status_rank, status_at, status_event_id)}. booking-service's
     * sessions only ever move forward through PENDING, ABANDONED (a hold ran out), CONFIRMED (paid, also a late
     * capture taking an abandoned slot back) and one end state, so the furthest status is the current one whatever
     * the events' {@code occurredAt} say. By time alone, a late capture's confirmation stamped before the abandonment
     * it undid (its time read before it waited for the session's lock, or the same millisecond, where ABANDONED used
     * to outrank CONFIRMED) left the session ABANDONED here and CONFIRMED in booking-service.
     */
    private static String furthest(List<String> columns) {
        return replaceWhen(stamped("status_at", ">", column("status_rank"), column("status_at"), column("status_event_id")), columns);
    }

    /**
     * SET clauses replacing a field group when the incoming event comes from a later write of its aggregate (a session's
     * {@code sessionVersion}, a consultant account's {@code consultantVersion}): stamps compared as
     * {@code (version, occurredAt, rank, eventId)}, a missing version (a writer before the field, or an event that
     * carries none) below every version. Two writes of one session that race read the clock before the session's lock
     * orders them, so the later write can carry the earlier {@code occurredAt}; its version is the later one.
     */
    private static String latestWrite(String versionColumn, String atColumn, String rankColumn, String idColumn, List<String> columns) {
        return replaceWhen(stamped(atColumn, ">", "COALESCE(" + column(versionColumn) + ", -1)", column(atColumn), column(rankColumn),
                column(idColumn)), columns);
    }

    private static String latestNoRank(String atColumn, String idColumn, List<String> columns) {
        return replaceWhen(stamped(atColumn, ">", column(atColumn), column(idColumn)), columns);
    }

    /** SET clauses replacing {@code columns} when the incoming stamp is older than the stored one (a once-only fact). */
    private static String earliest(String atColumn, String idColumn, List<String> columns) {
        return replaceWhen(stamped(atColumn, "<", column(atColumn), column(idColumn)), columns);
    }

    /**
     * True when the row has no such group yet ({@code presentColumn} is null) or when the incoming stamp compares
     * to the stored one by {@code operator}, element by element as Postgres compares rows. Each stamp element is an
     * expression with {@code %1$s} where the row's alias goes ({@link #column}).
     */
    private static String stamped(String presentColumn, String operator, String... stamp) {
        return "(t." + presentColumn + " IS NULL OR (" + side("EXCLUDED", stamp) + ") " + operator + " (" + side("t", stamp) + "))";
    }

    private static String side(String alias, String... stamp) {
        return Arrays.stream(stamp).map(element -> element.formatted(alias)).collect(Collectors.joining(", "));
    }

    /** A stamp element that is a plain column of the row. */
    private static String column(String name) {
        return "%1$s." + name;
    }

    private static String replaceWhen(String condition, List<String> columns) {
        // The stamp columns are assigned too, each from the row as it was (Postgres evaluates SET against the old row).
        return columns.stream()
                .map(column -> column + " = CASE WHEN " + condition + " THEN EXCLUDED." + column + " ELSE t." + column + " END")
                .collect(Collectors.joining(",\n"));
    }

    private static Parameter instant(Instant value) {
        return Parameter.fromOrEmpty(value, Instant.class);
    }
}
