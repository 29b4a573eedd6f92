package com.nakksha.payment.dashboard;

import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.query.SqlFilter;
import com.nakksha.payment.dashboard.PaymentViews.LedgerEntry;
import com.nakksha.payment.dashboard.PaymentViews.LedgerTotals;
import com.nakksha.payment.dashboard.PaymentViews.Payment;
import com.nakksha.payment.dashboard.PaymentViews.ReconciliationRun;
import com.nakksha.payment.dashboard.PaymentViews.ReconciliationTotals;
import com.nakksha.payment.dashboard.PaymentViews.Totals;
import com.nakksha.payment.dashboard.PaymentViews.WebhookDelivery;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The read side of the payment endpoints: payments (attempts) with their payable, refunds, webhook
 * deliveries, ledger entries and reconciliation runs. Every consultant query is scoped by the
 * consultant id in its WHERE clause; writes go through {@code PayableService}.
 */
@Repository
class DashboardRepository {

    /** Sortable API fields of the payment list and their columns. */
    static final Map<String, String> PAYMENT_SORT = Map.of(
            "createdAt", "a.created_at", "amount", "a.amount_minor", "status", "a.status", "capturedAt", "a.captured_at");
    static final Map<String, String> LEDGER_SORT = Map.of("createdAt", "e.created_at", "amount", "e.amount_minor");
    static final Map<String, String> WEBHOOK_SORT = Map.of("receivedAt", "w.received_at", "attempts", "w.attempts");
    static final Map<String, String> RUN_SORT = Map.of("startedAt", "r.started_at", "ordersChecked", "r.orders_checked");

    private static final String PAYMENT_COLUMNS = """
            SELECT a.id, a.razorpay_payment_id, a.razorpay_order_id, a.payable_id, p.payable_type, a.consultant_id, a.status,
                a.disposition, a.method, a.amount_minor, a.currency, a.fee_minor, a.tax_minor, a.platform_fee_minor,
                a.error_code, a.error_description, a.authorized_at, a.captured_at, a.failed_at, a.created_at, a.updated_at,
                COALESCE(refunded.minor, 0) AS refunded_minor
            """;
    private static final String PAYMENT_FROM = """
            FROM payment_attempt a JOIN payable p ON p.id = a.payable_id
            LEFT JOIN LATERAL (SELECT sum(amount_minor)::bigint AS minor FROM refund
                               WHERE payment_attempt_id = a.id AND status = 'PROCESSED') refunded ON true
            """;

    private final DatabaseClient database;

    DashboardRepository(DatabaseClient database) {
        this.database = database;
    }

    /** Every payment of the filter (all consultants when it names none). */
    static SqlFilter paymentFilter(PaymentFilter filter) {
        // An admin's list spans every consultant: a condition that always holds stands in for the tenant.
        SqlFilter sql = filter.consultantId() == null ? SqlFilter.where("true", true)
                : SqlFilter.where("a.consultant_id", filter.consultantId());
        return sql.anyOf("a.status", filter.statuses())
                .equalIgnoringCase("a.method", filter.method())
                .atLeast("a.created_at", filter.from())
                .before("a.created_at", filter.to())
                .equal("a.payable_id", filter.payableId())
                .equal("p.payable_type", filter.payableType() == null ? null : filter.payableType().name());
    }

    Flux<Payment> payments(PaymentFilter filter, PageRequest page) {
        SqlFilter where = paymentFilter(filter);
        String sql = PAYMENT_COLUMNS + PAYMENT_FROM + where.sql() + " "
                + SqlFilter.orderBy(page.sort(), PAYMENT_SORT, "a.id") + " LIMIT :limit OFFSET :offset";
        return where.bind(database.sql(sql)).bind("limit", page.size()).bind("offset", page.offset())
                .map(DashboardRepository::payment).all();
    }

    Flux<Totals> paymentTotals(PaymentFilter filter) {
        SqlFilter where = paymentFilter(filter);
        String sql = """
                SELECT a.currency, count(*) AS payments, COALESCE(sum(a.amount_minor), 0)::bigint AS amount_minor,
                    COALESCE(sum(a.amount_minor) FILTER (WHERE a.status = 'CAPTURED'), 0)::bigint AS captured_minor,
                    COALESCE(sum(refunded.minor), 0)::bigint AS refunded_minor
                """ + PAYMENT_FROM + where.sql() + " GROUP BY a.currency ORDER BY a.currency";
        return where.bind(database.sql(sql)).map(row -> {
            String currency = row.get("currency", String.class);
            long amount = row.get("amount_minor", Long.class);
            long captured = row.get("captured_minor", Long.class);
            long refunded = row.get("refunded_minor", Long.class);
            return new Totals(currency, row.get("payments", Long.class), amount, MajorUnits.format(amount, currency),
                    captured, MajorUnits.format(captured, currency), refunded, MajorUnits.format(refunded, currency));
        }).all();
    }

    /** One payment by our id; with a consultant id, only that consultant's. */
    Mono<Payment> payment(UUID consultantId, UUID id) {
        SqlFilter where = (consultantId == null ? SqlFilter.where("true", true) : SqlFilter.where("a.consultant_id", consultantId))
                .equal("a.id", id);
        return where.bind(database.sql(PAYMENT_COLUMNS + PAYMENT_FROM + where.sql())).map(DashboardRepository::payment).one();
    }

    Flux<Payment> attemptsOf(UUID payableId) {
        return database.sql(PAYMENT_COLUMNS + PAYMENT_FROM + "WHERE a.payable_id = :payableId ORDER BY a.created_at, a.id")
                .bind("payableId", payableId).map(DashboardRepository::payment).all();
    }

    Mono<PaymentViews.Payable> payable(UUID payableId) {
        return database.sql("SELECT * FROM payable WHERE id = :id").bind("id", payableId).map(row -> {
            String currency = row.get("currency", String.class);
            long amount = row.get("amount_minor", Long.class);
            long captured = row.get("captured_minor", Long.class);
            long refunded = row.get("refunded_minor", Long.class);
            long refundable = captured - row.get("refund_reserved_minor", Long.class);
            return new PaymentViews.Payable(row.get("id", UUID.class), row.get("payable_type", String.class),
                    row.get("description", String.class), amount, MajorUnits.format(amount, currency), currency,
                    row.get("availability", String.class), row.get("payment_state", String.class), captured,
                    MajorUnits.format(captured, currency), refunded, MajorUnits.format(refunded, currency), refundable,
                    MajorUnits.format(refundable, currency));
        }).one();
    }

    Flux<PaymentViews.Refund> refundsOf(UUID payableId) {
        return database.sql("SELECT * FROM refund WHERE payable_id = :payableId ORDER BY created_at, id")
                .bind("payableId", payableId).map(DashboardRepository::readRefund).all();
    }

    Mono<PaymentViews.Refund> refund(UUID refundId) {
        return database.sql("SELECT * FROM refund WHERE id = :id").bind("id", refundId).map(DashboardRepository::readRefund).one();
    }

    /** Verified deliveries about the payable's order or any of its payments, oldest first. */
    Flux<WebhookDelivery> webhooksOf(UUID payableId) {
        return database.sql("""
                        SELECT w.* , octet_length(w.body) AS body_bytes FROM webhook_event w
                        WHERE w.signature_valid AND (
                            w.razorpay_order_id IN (SELECT razorpay_order_id FROM payment_order
                                                    WHERE payable_id = :payableId AND razorpay_order_id IS NOT NULL)
                            OR w.razorpay_payment_id IN (SELECT razorpay_payment_id FROM payment_attempt WHERE payable_id = :payableId))
                        ORDER BY w.received_at, w.id LIMIT 500""")
                .bind("payableId", payableId).map(DashboardRepository::webhook).all();
    }

    static SqlFilter webhookFilter(Collection<? extends Enum<?>> states, String eventType, Instant from, Instant to) {
        return SqlFilter.where("true", true)
                .anyOf("w.state", states)
                .equal("w.event_type", eventType == null || eventType.isBlank() ? null : eventType)
                .atLeast("w.received_at", from)
                .before("w.received_at", to);
    }

    Flux<WebhookDelivery> webhooks(SqlFilter where, PageRequest page) {
        String sql = "SELECT w.*, octet_length(w.body) AS body_bytes FROM webhook_event w " + where.sql() + " "
                + SqlFilter.orderBy(page.sort(), WEBHOOK_SORT, "w.id") + " LIMIT :limit OFFSET :offset";
        return where.bind(database.sql(sql)).bind("limit", page.size()).bind("offset", page.offset())
                .map(DashboardRepository::webhook).all();
    }

    Mono<Long> countWebhooks(SqlFilter where) {
        return where.bind(database.sql("SELECT count(*) AS n FROM webhook_event w " + where.sql()))
                .map(row -> row.get("n", Long.class)).one();
    }

    static SqlFilter ledgerFilter(UUID consultantId, Instant from, Instant to) {
        return (consultantId == null ? SqlFilter.where("true", true) : SqlFilter.where("e.consultant_id", consultantId))
                .atLeast("e.created_at", from)
                .before("e.created_at", to);
    }

    /**
     * Totals per currency. A capture booking declined (disposition RETURNED) went back to the client in
     * full: its entries and the RETURN entry that cancels them are left out of gross, fees and net, and
     * shown as {@code returnedCaptures} instead, so net = gross - Razorpay fee - platform fee - refunds
     * holds for any date range, even one holding the capture but not its return.
     */
    Flux<LedgerTotals> ledgerTotals(SqlFilter where) {
        String sql = """
                SELECT currency, count(*) AS entries,
                    COALESCE(sum(amount_minor) FILTER (WHERE kept AND entry_type = 'CAPTURE'), 0)::bigint AS gross,
                    COALESCE(-sum(amount_minor) FILTER (WHERE kept AND entry_type = 'PROVIDER_FEE'), 0)::bigint AS provider_fee,
                    COALESCE(sum(tax_minor) FILTER (WHERE kept AND entry_type = 'PROVIDER_FEE'), 0)::bigint AS provider_tax,
                    COALESCE(-sum(amount_minor) FILTER (WHERE kept AND entry_type = 'PLATFORM_FEE'), 0)::bigint AS platform_fee,
                    COALESCE(-sum(amount_minor) FILTER (WHERE kept AND entry_type = 'REFUND'), 0)::bigint AS refunds,
                    COALESCE(sum(amount_minor) FILTER (WHERE kept), 0)::bigint AS net,
                    COALESCE(sum(amount_minor) FILTER (WHERE NOT kept AND entry_type = 'CAPTURE'), 0)::bigint AS returned
                FROM (SELECT e.currency, e.entry_type, e.amount_minor, a.tax_minor,
                          e.entry_type <> 'RETURN' AND a.disposition IS DISTINCT FROM 'RETURNED' AS kept
                      FROM ledger_entry e LEFT JOIN payment_attempt a ON a.id = e.payment_attempt_id
                """ + where.sql() + ") counted GROUP BY currency ORDER BY currency";
        return where.bind(database.sql(sql)).map(row -> {
            String currency = row.get("currency", String.class);
            long gross = row.get("gross", Long.class);
            long fee = row.get("provider_fee", Long.class);
            long tax = row.get("provider_tax", Long.class);
            long platform = row.get("platform_fee", Long.class);
            long refunds = row.get("refunds", Long.class);
            long net = row.get("net", Long.class);
            long returned = row.get("returned", Long.class);
            return new LedgerTotals(currency, row.get("entries", Long.class), gross, MajorUnits.format(gross, currency),
                    fee, MajorUnits.format(fee, currency), tax, MajorUnits.format(tax, currency), platform,
                    MajorUnits.format(platform, currency), refunds, MajorUnits.format(refunds, currency), net,
                    MajorUnits.format(net, currency), returned, MajorUnits.format(returned, currency));
        }).all();
    }

    Flux<LedgerEntry> ledgerEntries(SqlFilter where, PageRequest page) {
        String sql = "SELECT e.* FROM ledger_entry e " + where.sql() + " " + SqlFilter.orderBy(page.sort(), LEDGER_SORT, "e.id")
                + " LIMIT :limit OFFSET :offset";
        return where.bind(database.sql(sql)).bind("limit", page.size()).bind("offset", page.offset()).map(row -> {
            String currency = row.get("currency", String.class);
            long amount = row.get("amount_minor", Long.class);
            return new LedgerEntry(row.get("id", Long.class), row.get("consultant_id", UUID.class),
                    row.get("entry_type", String.class), amount, MajorUnits.format(amount, currency), currency,
                    row.get("payable_id", UUID.class), row.get("payment_attempt_id", UUID.class),
                    row.get("refund_id", UUID.class), row.get("created_at", Instant.class));
        }).all();
    }

    Mono<Long> countLedgerEntries(SqlFilter where) {
        return where.bind(database.sql("SELECT count(*) AS n FROM ledger_entry e " + where.sql()))
                .map(row -> row.get("n", Long.class)).one();
    }

    static SqlFilter runFilter(Instant from, Instant to) {
        return SqlFilter.where("true", true).atLeast("r.started_at", from).before("r.started_at", to);
    }

    Flux<ReconciliationRun> runs(SqlFilter where, PageRequest page) {
        String sql = "SELECT r.* FROM reconciliation_run r " + where.sql() + " " + SqlFilter.orderBy(page.sort(), RUN_SORT, "r.id")
                + " LIMIT :limit OFFSET :offset";
        return where.bind(database.sql(sql)).bind("limit", page.size()).bind("offset", page.offset())
                .map(row -> new ReconciliationRun(row.get("id", UUID.class), row.get("started_at", Instant.class),
                        row.get("finished_at", Instant.class), row.get("orders_checked", Integer.class),
                        row.get("orders_failed", Integer.class), row.get("payments_found", Integer.class),
                        row.get("payments_applied", Integer.class), row.get("captures_applied", Integer.class)))
                .all();
    }

    Mono<ReconciliationTotals> runTotals(SqlFilter where) {
        String sql = """
                SELECT count(*) AS runs, COALESCE(sum(orders_checked), 0)::bigint AS checked,
                    COALESCE(sum(orders_failed), 0)::bigint AS failed, COALESCE(sum(payments_found), 0)::bigint AS found,
                    COALESCE(sum(payments_applied), 0)::bigint AS applied, COALESCE(sum(captures_applied), 0)::bigint AS captures
                FROM reconciliation_run r
                """ + where.sql();
        return where.bind(database.sql(sql)).map(row -> new ReconciliationTotals(row.get("runs", Long.class),
                row.get("checked", Long.class), row.get("failed", Long.class), row.get("found", Long.class),
                row.get("applied", Long.class), row.get("captures", Long.class))).one();
    }

    private static Payment payment(Readable row) {
        String currency = row.get("currency", String.class);
        long amount = row.get("amount_minor", Long.class);
        long refunded = row.get("refunded_minor", Long.class);
        String type = row.get("payable_type", String.class);
        UUID payableId = row.get("payable_id", UUID.class);
        return new Payment(row.get("id", UUID.class), row.get("razorpay_payment_id", String.class),
                row.get("razorpay_order_id", String.class), payableId, type,
                "SESSION".equals(type) ? payableId : null, "QUOTATION".equals(type) ? payableId : null,
                row.get("consultant_id", UUID.class), row.get("status", String.class), row.get("disposition", String.class),
                row.get("method", String.class), amount, MajorUnits.format(amount, currency), currency,
                row.get("fee_minor", Long.class), row.get("tax_minor", Long.class), row.get("platform_fee_minor", Long.class),
                refunded, MajorUnits.format(refunded, currency), row.get("error_code", String.class),
                row.get("error_description", String.class), row.get("authorized_at", Instant.class),
                row.get("captured_at", Instant.class), row.get("failed_at", Instant.class),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
    }

    private static PaymentViews.Refund readRefund(Readable row) {
        String currency = row.get("currency", String.class);
        long amount = row.get("amount_minor", Long.class);
        return new PaymentViews.Refund(row.get("id", UUID.class), row.get("payment_attempt_id", UUID.class),
                row.get("payable_id", UUID.class), row.get("kind", String.class), row.get("status", String.class), amount,
                MajorUnits.format(amount, currency), currency, row.get("reason", String.class),
                row.get("razorpay_refund_id", String.class), row.get("error_description", String.class),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
    }

    private static WebhookDelivery webhook(Readable row) {
        return new WebhookDelivery(row.get("id", UUID.class), row.get("event_id", String.class),
                row.get("event_type", String.class), row.get("state", String.class),
                row.get("signature_valid", Boolean.class), row.get("verified_with", String.class),
                row.get("attempts", Integer.class), row.get("last_error", String.class),
                row.get("razorpay_order_id", String.class), row.get("razorpay_payment_id", String.class),
                row.get("body_bytes", Integer.class), row.get("received_at", Instant.class),
                row.get("processed_at", Instant.class));
    }
}
