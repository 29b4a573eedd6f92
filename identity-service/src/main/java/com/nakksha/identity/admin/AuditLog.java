package com.nakksha.identity.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Who did what to whom and when; written in the same transaction as the admin action itself. */
@Component
public class AuditLog {

    private final DatabaseClient database;
    private final JsonMapper json;
    private final Clock clock;

    public AuditLog(DatabaseClient database, JsonMapper json, Clock clock) {
        this.database = database;
        this.json = json;
        this.clock = clock;
    }

    public Mono<Void> record(UUID adminId, String action, String targetType, UUID targetId, Map<String, Object> changes) {
        return database.sql("""
                        INSERT INTO admin_audit_entry (id, admin_id, action, target_type, target_id, changes, occurred_at)
                        VALUES (:id, :adminId, :action, :targetType, :targetId, :changes, :occurredAt)""")
                .bind("id", UUID.randomUUID())
                .bind("adminId", adminId)
                .bind("action", action)
                .bind("targetType", targetType)
                .bind("targetId", targetId)
                .bind("changes", Json.of(json.writeValueAsString(changes)))
                .bind("occurredAt", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    public Mono<Page> list(UUID targetId, int page, int size) {
        String where = targetId == null ? "" : " WHERE target_id = :targetId";
        var count = database.sql("SELECT count(*) AS total FROM admin_audit_entry" + where);
        var items = database.sql("SELECT * FROM admin_audit_entry" + where + " ORDER BY occurred_at DESC, id LIMIT :limit OFFSET :offset")
                .bind("limit", size).bind("offset", (long) page * size);
        if (targetId != null) {
            count = count.bind("targetId", targetId);
            items = items.bind("targetId", targetId);
        }
        return Mono.zip(items.map(this::toEntry).all().collectList(), count.map(row -> row.get("total", Long.class)).one(), Page::new);
    }

    private Entry toEntry(Readable row) {
        Map<String, Object> changes = json.readValue(row.get("changes", Json.class).asString(), new TypeReference<>() {
        });
        return new Entry(row.get("id", UUID.class), row.get("admin_id", UUID.class), row.get("action", String.class),
                row.get("target_type", String.class), row.get("target_id", UUID.class), changes,
                row.get("occurred_at", OffsetDateTime.class).toInstant());
    }

    public record Entry(UUID id, UUID actorAdminId, String action, String targetType, UUID targetId, Map<String, Object> changes,
                        Instant occurredAt) {
    }

    public record Page(List<Entry> items, long total) {
    }
}
