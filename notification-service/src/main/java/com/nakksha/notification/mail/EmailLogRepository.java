package com.nakksha.notification.mail;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.query.SqlFilter;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

@Repository
class EmailLogRepository {

    private static final TypeReference<LinkedHashMap<String, String>> MODEL = new TypeReference<>() {
    };

    private final DatabaseClient database;
    private final JsonMapper json = JsonMapper.builder().build();

    EmailLogRepository(DatabaseClient database) {
        this.database = database;
    }

    /** Records the mail unless the same (trigger event, template, recipient) is recorded; true when recorded now. */
    Mono<Boolean> record(OwedMail mail, Instant now) {
        return database.sql("""
                        INSERT INTO email_log (id, trigger_event_id, template, recipient, recipient_name, consultant_id,
                            recipient_zone, model, status, not_before, next_attempt_at, priority, created_at, updated_at)
                        VALUES (:id, :trigger, :template, :recipient, :name, :consultant, :zone, :model, 'QUEUED',
                            :notBefore, :notBefore, :priority, :now, :now)
                        ON CONFLICT (trigger_event_id, template, recipient) DO NOTHING""")
                .bind("id", UUID.randomUUID())
                .bind("trigger", mail.triggerEventId())
                .bind("template", mail.template().name())
                .bind("recipient", mail.recipient())
                .bind("name", Parameter.fromOrEmpty(mail.recipientName(), String.class))
                .bind("consultant", Parameter.fromOrEmpty(mail.consultantId(), UUID.class))
                .bind("zone", mail.zone().getId())
                .bind("model", Json.of(json.writeValueAsString(mail.model())))
                .bind("notBefore", utc(mail.notBefore()))
                .bind("priority", (short) mail.template().urgency().rank())
                .bind("now", utc(now))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * Claims up to {@code limit} due mails for this sender, the most urgent kind first
     * ({@link EmailTemplate.Urgency}), within a kind the longest due first: each claim counts an attempt
     * and moves the next attempt past the lease, so no other sender takes it meanwhile and a crashed
     * one's mail is taken again after the lease. Answers them in that order.
     */
    Flux<QueuedMail> claimDue(int limit, Instant now, Instant leaseUntil) {
        return claimFrom(0, limit, now, leaseUntil);
    }

    /** One statement per rank, each an ordered range of the index (priority, next_attempt_at), until the limit is reached. */
    private Flux<QueuedMail> claimFrom(int rank, int limit, Instant now, Instant leaseUntil) {
        if (limit <= 0 || rank >= EmailTemplate.Urgency.values().length) {
            return Flux.empty();
        }
        return claimAt(rank, limit, now, leaseUntil).collectList().flatMapMany(claimed -> Flux.fromIterable(claimed)
                .concatWith(claimFrom(rank + 1, limit - claimed.size(), now, leaseUntil)));
    }

    private Flux<QueuedMail> claimAt(int rank, int limit, Instant now, Instant leaseUntil) {
        return database.sql("""
                        WITH claimed AS (
                            UPDATE email_log SET attempts = attempts + 1, next_attempt_at = :leaseUntil, updated_at = :now
                            WHERE id IN (SELECT id FROM email_log
                                         WHERE status = 'QUEUED' AND priority = :priority AND next_attempt_at <= :now
                                         ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                            RETURNING *)
                        SELECT * FROM claimed ORDER BY not_before""")
                .bind("now", utc(now))
                .bind("leaseUntil", utc(leaseUntil))
                .bind("priority", (short) rank)
                .bind("limit", limit)
                .map(this::read)
                .all();
    }

    /**
     * Confirms this sender still holds the mail's claim and extends its lease from {@code now}, right before the
     * mail goes to the provider: a batch that outlasted its lease (slow SMTP) must not send a mail another sender
     * has claimed since. False when another sender took it (its attempt count moved on) or it is no longer queued.
     */
    Mono<Boolean> renewClaim(QueuedMail mail, Instant now, Instant leaseUntil) {
        return database.sql("""
                        UPDATE email_log SET next_attempt_at = :leaseUntil, updated_at = :now
                        WHERE id = :id AND attempts = :attempts AND status = 'QUEUED'""")
                .bind("leaseUntil", utc(leaseUntil)).bind("now", utc(now))
                .bind("id", mail.id()).bind("attempts", mail.attempts())
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * Marks the session's queued mails of this template SKIPPED with the reason, except those whose
     * model says {@code startsAt = keepStartsAt} (null keeps none).
     */
    Mono<Long> withdraw(EmailTemplate template, String sessionId, String keepStartsAt, String reason, Instant now) {
        return database.sql("""
                        UPDATE email_log SET status = 'SKIPPED', skip_reason = :reason, updated_at = :now
                        WHERE template = :template AND status = 'QUEUED' AND model->>'sessionId' = :sessionId
                          AND (CAST(:keep AS TEXT) IS NULL OR model->>'startsAt' <> CAST(:keep AS TEXT))""")
                .bind("reason", reason).bind("now", utc(now)).bind("template", template.name()).bind("sessionId", sessionId)
                .bind("keep", Parameter.fromOrEmpty(keepStartsAt, String.class))
                .fetch().rowsUpdated();
    }

    Mono<Void> markSent(QueuedMail mail, String subject, String providerMessageId, Instant now) {
        return finish(mail, "status = 'SENT', subject = :subject, provider_message_id = :messageId, sent_at = :now, last_error = NULL",
                Map.of("subject", subject, "messageId", providerMessageId == null ? "" : providerMessageId), now);
    }

    Mono<Void> markSkipped(QueuedMail mail, String reason, Instant now) {
        return finish(mail, "status = 'SKIPPED', skip_reason = :reason", Map.of("reason", reason), now);
    }

    Mono<Void> markFailed(QueuedMail mail, String error, Instant now) {
        return finish(mail, "status = 'FAILED', last_error = :error", Map.of("error", error), now);
    }

    Mono<Void> retryAt(QueuedMail mail, String error, Instant nextAttempt, Instant now) {
        return database.sql("""
                        UPDATE email_log SET last_error = :error, next_attempt_at = :next, updated_at = :now
                        WHERE id = :id AND attempts = :attempts AND status = 'QUEUED'""")
                .bind("error", error).bind("next", utc(nextAttempt)).bind("now", utc(now))
                .bind("id", mail.id()).bind("attempts", mail.attempts())
                .then();
    }

    /** A SENT mail the provider delivered becomes DELIVERED; anything else stays as it is. */
    Mono<Void> delivered(String providerMessageId, Instant now) {
        return database.sql("""
                        UPDATE email_log SET status = 'DELIVERED', updated_at = :now
                        WHERE provider_message_id = :messageId AND status = 'SENT'""")
                .bind("messageId", providerMessageId).bind("now", utc(now))
                .then();
    }

    /** A sent or delivered mail that bounced becomes BOUNCED with the reason; answers its recipient. */
    Mono<String> bounced(String providerMessageId, String reason, Instant now) {
        return database.sql("""
                        UPDATE email_log SET status = 'BOUNCED', last_error = :reason, updated_at = :now
                        WHERE provider_message_id = :messageId AND status IN ('SENT', 'DELIVERED', 'BOUNCED')
                        RETURNING recipient""")
                .bind("messageId", providerMessageId).bind("reason", reason).bind("now", utc(now))
                .map(row -> row.get("recipient", String.class))
                .all().next();
    }

    Mono<String> recipientOf(String providerMessageId) {
        return database.sql("SELECT recipient FROM email_log WHERE provider_message_id = :messageId")
                .bind("messageId", providerMessageId)
                .map(row -> row.get("recipient", String.class))
                .all().next();
    }

    /** Applies the outcome only while the claim is still this sender's (same attempt count). */
    private Mono<Void> finish(QueuedMail mail, String assignments, Map<String, String> values, Instant now) {
        DatabaseClient.GenericExecuteSpec spec = database.sql(
                        "UPDATE email_log SET " + assignments + ", updated_at = :now WHERE id = :id AND attempts = :attempts AND status = 'QUEUED'")
                .bind("now", utc(now)).bind("id", mail.id()).bind("attempts", mail.attempts());
        for (Map.Entry<String, String> value : values.entrySet()) {
            spec = spec.bind(value.getKey(), value.getValue());
        }
        return spec.then();
    }

    /** The API's sortable fields and their columns. */
    static final Map<String, String> SORT_COLUMNS = Map.of("createdAt", "created_at", "sentAt", "sent_at", "status", "status");

    Mono<Page<EmailLogEntry>> list(EmailLogFilter filter, PageRequest page) {
        SqlFilter where = where(filter);
        return where.page(database, "SELECT *", "FROM email_log", page, SORT_COLUMNS, "id", EmailLogRepository::entry);
    }

    Mono<EmailLogEntry> find(UUID id) {
        return database.sql("SELECT * FROM email_log WHERE id = :id").bind("id", id).map(EmailLogRepository::entry).one();
    }

    private static SqlFilter where(EmailLogFilter filter) {
        // An admin's list is the only one without a tenant; a consultant's always carries their id.
        SqlFilter where = filter.consultantId() == null ? SqlFilter.where("TRUE", Boolean.TRUE)
                : SqlFilter.where("consultant_id", filter.consultantId());
        return where
                .anyOf("status", filter.statuses())
                .anyOf("template", filter.templates())
                .atLeast("created_at", filter.createdFrom() == null ? null : utc(filter.createdFrom()))
                .before("created_at", filter.createdBefore() == null ? null : utc(filter.createdBefore()))
                .contains(filter.recipient(), "recipient");
    }

    private static EmailLogEntry entry(Readable row) {
        return new EmailLogEntry(
                row.get("id", UUID.class),
                EmailTemplate.valueOf(row.get("template", String.class)),
                row.get("recipient", String.class),
                row.get("consultant_id", UUID.class),
                EmailStatus.valueOf(row.get("status", String.class)),
                row.get("subject", String.class),
                instant(row, "not_before"),
                row.get("attempts", Integer.class),
                row.get("provider_message_id", String.class),
                row.get("last_error", String.class),
                row.get("skip_reason", String.class),
                instant(row, "created_at"),
                instant(row, "sent_at"),
                instant(row, "updated_at"));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private QueuedMail read(Readable row) {
        return new QueuedMail(
                row.get("id", UUID.class),
                row.get("trigger_event_id", UUID.class),
                EmailTemplate.valueOf(row.get("template", String.class)),
                row.get("recipient", String.class),
                row.get("recipient_name", String.class),
                row.get("consultant_id", UUID.class),
                ZoneId.of(row.get("recipient_zone", String.class)),
                json.readValue(row.get("model", Json.class).asString(), MODEL),
                row.get("not_before", OffsetDateTime.class).toInstant(),
                row.get("attempts", Integer.class),
                row.get("next_attempt_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
