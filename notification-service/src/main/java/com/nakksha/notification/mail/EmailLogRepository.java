package com.nakksha.notification.mail;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

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
                            recipient_zone, model, status, not_before, next_attempt_at, created_at, updated_at)
                        VALUES (:id, :trigger, :template, :recipient, :name, :consultant, :zone, :model, 'QUEUED',
                            :notBefore, :notBefore, :now, :now)
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
                .bind("now", utc(now))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * Claims up to {@code limit} due mails for this sender: each claim counts an attempt and moves the
     * next attempt past the lease, so no other sender takes it meanwhile and a crashed one's mail is
     * taken again after the lease.
     */
    Flux<QueuedMail> claimDue(int limit, Instant now, Instant leaseUntil) {
        return database.sql("""
                        UPDATE email_log SET attempts = attempts + 1, next_attempt_at = :leaseUntil, updated_at = :now
                        WHERE id IN (SELECT id FROM email_log WHERE status = 'QUEUED' AND next_attempt_at <= :now
                                     ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING *""")
                .bind("now", utc(now))
                .bind("leaseUntil", utc(leaseUntil))
                .bind("limit", limit)
                .map(this::read)
                .all();
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
                row.get("attempts", Integer.class));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
