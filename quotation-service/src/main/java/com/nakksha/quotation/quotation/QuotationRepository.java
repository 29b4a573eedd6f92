package com.nakksha.quotation.quotation;

import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.query.SqlFilter;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/** Quotations of one consultant at a time, their history and their viewers. */
@Repository
class QuotationRepository {

    /** The API fields a list sorts by, and the SQL each stands for. */
    static final Map<String, String> SORT_COLUMNS = Map.of(
            "createdAt", "created_at",
            "updatedAt", "updated_at",
            "sentAt", "sent_at",
            "expiresAt", "expires_at",
            "finalAmount", "final_amount_minor",
            "status", "status",
            "name", "lower(name)",
            "clientName", "lower(client_name)");

    record HistoryLine(String action, String detail, Instant occurredAt) {
    }

    record StatusTotal(QuotationStatus status, String currency, long quotations, long finalAmountMinor) {
    }

    private final DatabaseClient database;

    QuotationRepository(DatabaseClient database) {
        this.database = database;
    }

    Mono<Void> insert(Quotation quotation) {
        return bindAll(database.sql("""
                        INSERT INTO quotation (id, consultant_id, client_id, client_name, client_email, name, description,
                            base_amount_minor, discount_percentage, final_amount_minor, currency, validity_text, expires_at,
                            image_url, notes, status, share_token_hash, view_count, last_viewed_at, sent_at, viewed_at,
                            responded_at, rejection_reason, withdrawn_at, paid_at, created_at, updated_at)
                        VALUES (:id, :consultant, :clientId, :clientName, :clientEmail, :name, :description, :base, :discount,
                            :final, :currency, :validityText, :expiresAt, :imageUrl, :notes, :status, :tokenHash, :viewCount,
                            :lastViewedAt, :sentAt, :viewedAt, :respondedAt, :rejectionReason, :withdrawnAt, :paidAt,
                            :createdAt, :updatedAt)"""), quotation)
                .bind("createdAt", quotation.createdAt())
                .then();
    }

    Mono<Void> update(Quotation quotation) {
        return bindAll(database.sql("""
                        UPDATE quotation SET client_id = :clientId, client_name = :clientName, client_email = :clientEmail,
                            name = :name, description = :description, base_amount_minor = :base,
                            discount_percentage = :discount, final_amount_minor = :final, currency = :currency,
                            validity_text = :validityText, expires_at = :expiresAt, image_url = :imageUrl, notes = :notes,
                            status = :status, share_token_hash = :tokenHash, view_count = :viewCount,
                            last_viewed_at = :lastViewedAt, sent_at = :sentAt, viewed_at = :viewedAt,
                            responded_at = :respondedAt, rejection_reason = :rejectionReason, withdrawn_at = :withdrawnAt,
                            paid_at = :paidAt, updated_at = :updatedAt
                        WHERE id = :id AND consultant_id = :consultant"""), quotation)
                .then();
    }

    private static DatabaseClient.GenericExecuteSpec bindAll(DatabaseClient.GenericExecuteSpec spec, Quotation quotation) {
        QuotationDetails details = quotation.details();
        return spec.bind("id", quotation.id())
                .bind("consultant", quotation.consultantId())
                .bind("clientId", Parameter.fromOrEmpty(details.clientId(), UUID.class))
                .bind("clientName", details.clientName())
                .bind("clientEmail", details.clientEmail())
                .bind("name", details.name())
                .bind("description", text(details.description()))
                .bind("base", details.pricing().baseAmountMinor())
                .bind("discount", details.pricing().discountPercentage())
                .bind("final", details.pricing().finalAmountMinor())
                .bind("currency", details.currency())
                .bind("validityText", text(details.validityText()))
                .bind("expiresAt", instant(details.expiresAt()))
                .bind("imageUrl", text(details.imageUrl()))
                .bind("notes", text(details.notes()))
                .bind("status", quotation.status().name())
                .bind("tokenHash", text(quotation.shareTokenHash()))
                .bind("viewCount", quotation.viewCount())
                .bind("lastViewedAt", instant(quotation.lastViewedAt()))
                .bind("sentAt", instant(quotation.sentAt()))
                .bind("viewedAt", instant(quotation.viewedAt()))
                .bind("respondedAt", instant(quotation.respondedAt()))
                .bind("rejectionReason", text(quotation.rejectionReason()))
                .bind("withdrawnAt", instant(quotation.withdrawnAt()))
                .bind("paidAt", instant(quotation.paidAt()))
                .bind("updatedAt", quotation.updatedAt());
    }

    Mono<Quotation> find(UUID consultantId, UUID id) {
        return database.sql("SELECT * FROM quotation WHERE id = :id AND consultant_id = :consultant")
                .bind("id", id)
                .bind("consultant", consultantId)
                .map(QuotationRepository::read)
                .one();
    }

    /** The quotation, locked for the rest of the transaction so concurrent changes apply one after the other. */
    Mono<Quotation> lock(UUID consultantId, UUID id) {
        return database.sql("SELECT * FROM quotation WHERE id = :id AND consultant_id = :consultant FOR UPDATE")
                .bind("id", id)
                .bind("consultant", consultantId)
                .map(QuotationRepository::read)
                .one();
    }

    /** For payment-service's word on a payable, which names the quotation, not who asks. */
    Mono<Quotation> lockById(UUID id) {
        return database.sql("SELECT * FROM quotation WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map(QuotationRepository::read)
                .one();
    }

    Mono<Quotation> findByTokenHash(String tokenHash) {
        return database.sql("SELECT * FROM quotation WHERE share_token_hash = :hash")
                .bind("hash", tokenHash)
                .map(QuotationRepository::read)
                .one();
    }

    Mono<Quotation> lockByTokenHash(String tokenHash) {
        return database.sql("SELECT * FROM quotation WHERE share_token_hash = :hash FOR UPDATE")
                .bind("hash", tokenHash)
                .map(QuotationRepository::read)
                .one();
    }

    /** Open quotations past their expiry, locked; rows another instance holds are skipped. */
    Flux<Quotation> lockDueForExpiry(Instant now, int limit) {
        return database.sql("""
                        SELECT * FROM quotation WHERE status IN ('SENT', 'VIEWED') AND expires_at <= :now
                        ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .bind("now", now)
                .bind("limit", limit)
                .map(QuotationRepository::read)
                .all();
    }

    Mono<Void> recordHistory(UUID quotationId, String action, String detail, Instant at) {
        return database.sql("""
                        INSERT INTO quotation_history (quotation_id, action, detail, occurred_at)
                        VALUES (:id, :action, :detail, :at)""")
                .bind("id", quotationId)
                .bind("action", action)
                .bind("detail", text(detail))
                .bind("at", at)
                .then();
    }

    Flux<HistoryLine> history(UUID quotationId) {
        return database.sql("SELECT action, detail, occurred_at FROM quotation_history WHERE quotation_id = :id ORDER BY id")
                .bind("id", quotationId)
                .map(row -> new HistoryLine(row.get("action", String.class), row.get("detail", String.class),
                        row.get("occurred_at", Instant.class)))
                .all();
    }

    /**
     * Counts a view by {@code viewerHash} and says whether QuotationViewed may be raised for it: yes for a
     * viewer not seen before or last announced at least {@code throttle} ago (then it counts as announced now).
     */
    Mono<Boolean> viewedBy(UUID quotationId, String viewerHash, Duration throttle, Instant now) {
        return database.sql("""
                        INSERT INTO quotation_viewer (quotation_id, viewer_hash, views, last_notified_at)
                        VALUES (:id, :viewer, 1, :now)
                        ON CONFLICT (quotation_id, viewer_hash) DO UPDATE SET
                            views = quotation_viewer.views + 1,
                            last_notified_at = CASE WHEN quotation_viewer.last_notified_at <= :cutoff THEN :now
                                                    ELSE quotation_viewer.last_notified_at END
                        RETURNING last_notified_at = :now AS notify""")
                .bind("id", quotationId)
                .bind("viewer", viewerHash)
                .bind("now", now)
                .bind("cutoff", now.minus(throttle))
                .map(row -> row.get("notify", Boolean.class))
                .one();
    }

    Mono<Page<Quotation>> list(UUID consultantId, QuotationFilter filter, PageRequest page) {
        SqlFilter where = where(consultantId, filter);
        return where.page(database, "SELECT *", "FROM quotation", page, SORT_COLUMNS, "id", QuotationRepository::read);
    }

    Flux<StatusTotal> totals(UUID consultantId, QuotationFilter filter) {
        SqlFilter where = where(consultantId, filter);
        return where.bind(database.sql("""
                        SELECT status, currency, count(*) AS quotations, sum(final_amount_minor) AS amount
                        FROM quotation %s GROUP BY status, currency""".formatted(where.sql())))
                .map(row -> new StatusTotal(QuotationStatus.valueOf(row.get("status", String.class)),
                        row.get("currency", String.class), row.get("quotations", Long.class),
                        row.get("amount", BigDecimal.class).longValueExact()))
                .all();
    }

    private static SqlFilter where(UUID consultantId, QuotationFilter filter) {
        return SqlFilter.where("consultant_id", consultantId)
                .anyOf("status", filter.statuses())
                .equal("client_id", filter.clientId())
                .atLeast("created_at", filter.createdFrom())
                .before("created_at", filter.createdBefore())
                .atLeast("final_amount_minor", filter.minAmountMinor())
                .atMost("final_amount_minor", filter.maxAmountMinor())
                .contains(filter.search(), "name", "client_name", "client_email");
    }

    private static Parameter text(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }

    private static Parameter instant(Instant value) {
        return Parameter.fromOrEmpty(value, Instant.class);
    }

    static Quotation read(Readable row) {
        QuotationDetails details = new QuotationDetails(
                row.get("client_id", UUID.class),
                row.get("client_name", String.class),
                row.get("client_email", String.class),
                row.get("name", String.class),
                row.get("description", String.class),
                new Pricing(row.get("base_amount_minor", Long.class), row.get("discount_percentage", BigDecimal.class),
                        row.get("final_amount_minor", Long.class)),
                row.get("currency", String.class),
                row.get("validity_text", String.class),
                row.get("expires_at", Instant.class),
                row.get("image_url", String.class),
                row.get("notes", String.class));
        return new Quotation(new Quotation.State(
                row.get("id", UUID.class),
                row.get("consultant_id", UUID.class),
                details,
                QuotationStatus.valueOf(row.get("status", String.class)),
                row.get("share_token_hash", String.class),
                row.get("view_count", Integer.class),
                row.get("last_viewed_at", Instant.class),
                row.get("sent_at", Instant.class),
                row.get("viewed_at", Instant.class),
                row.get("responded_at", Instant.class),
                row.get("rejection_reason", String.class),
                row.get("withdrawn_at", Instant.class),
                row.get("paid_at", Instant.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class)));
    }
}
