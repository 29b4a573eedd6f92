package com.nakksha.defaults.outbox;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The outbox rows the relay parked after {@link OutboxProperties#maxAttempts()} refusals, and the
 * operator's way to put them back in line once the cause is fixed (topic created, ACL granted,
 * topic's {@code max.message.bytes} raised). An un-parked row is retried at once with a fresh
 * attempt count and published before its key's later rows, which waited behind it. It stays marked for the claim
 * path ({@code next_attempt_at} due now): below the position, an unmarked row counts as published.
 */
public class ParkedOutboxRows {

    private static final int LISTED = 100;

    private final DatabaseClient database;
    private final Runnable wakeRelay;

    public ParkedOutboxRows(DatabaseClient database, Runnable wakeRelay) {
        this.database = database;
        this.wakeRelay = wakeRelay;
    }

    /** The oldest parked rows, at most 100, oldest first. */
    public Flux<ParkedRow> list() {
        return database.sql("""
                        SELECT event_id, topic, message_key, event_type, attempts, last_error, created_at, parked_at
                        FROM outbox_event WHERE parked_at IS NOT NULL AND published_at IS NULL ORDER BY id LIMIT :limit""")
                .bind("limit", LISTED)
                .map(row -> new ParkedRow(
                        row.get("event_id", UUID.class),
                        row.get("topic", String.class),
                        row.get("message_key", String.class),
                        row.get("event_type", String.class),
                        row.get("attempts", Integer.class),
                        row.get("last_error", String.class),
                        row.get("created_at", Instant.class),
                        row.get("parked_at", Instant.class)))
                .all();
    }

    /** Un-parks the row of one event; emits 1, or 0 when that event is not parked. */
    public Mono<Long> unpark(UUID eventId) {
        return unpark(database.sql(UNPARK + " AND event_id = :eventId").bind("eventId", eventId));
    }

    /** Un-parks every parked row; emits how many. */
    public Mono<Long> unparkAll() {
        return unpark(database.sql(UNPARK));
    }

    private Mono<Long> unpark(DatabaseClient.GenericExecuteSpec statement) {
        return statement.fetch().rowsUpdated().doOnNext(count -> {
            if (count > 0) {
                wakeRelay.run();
            }
        });
    }

    private static final String UNPARK = """
            UPDATE outbox_event SET parked_at = NULL, next_attempt_at = now(), attempts = 0
            WHERE parked_at IS NOT NULL AND published_at IS NULL""";

    /** A parked row as the operator sees it; {@code lastError} is the broker's last refusal. */
    public record ParkedRow(UUID eventId, String topic, String key, String eventType, int attempts, String lastError,
            Instant createdAt, Instant parkedAt) {
    }
}
