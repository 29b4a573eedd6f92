package com.nakksha.identity.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.query.SqlFilter;
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

    /** The API fields the log sorts by. */
    static final Set<String> SORTABLE = Set.of("occurredAt");

    /** The order of the log: newest first. */
    static final String NEWEST_FIRST = "occurredAt,desc";

    private static final Map<String, String> SORT_COLUMNS = Map.of("occurredAt", "occurred_at");

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

    /**
     * What was done to {@code targetId}, or everything when it is null, one page in the order {@code page} asks
     * for (sorted by one of {@link #SORTABLE}).
     */
    public Mono<Page<Entry>> list(UUID targetId, PageRequest page) {
        // The log spans every admin and every target: no tenant column narrows it.
        SqlFilter where = SqlFilter.where("true", true).equal("target_id", targetId);
        return where.page(database, "SELECT *", "FROM admin_audit_entry", page, SORT_COLUMNS, "id", this::toEntry);
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
}
