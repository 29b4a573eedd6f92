package com.nakksha.payment.webhook;

import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/** The raw deliveries, stored before anything acts on them. */
@Repository
class WebhookStore {

    private final DatabaseClient database;
    private final JsonMapper json;

    WebhookStore(DatabaseClient database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    /**
     * Stores one delivery. A verified delivery whose event id is stored already is a duplicate.
     *
     * @return the new row's id, or empty for a duplicate
     */
    Mono<UUID> store(String eventId, byte[] body, Map<String, String> headers, WebhookSignature.Verification verification,
                     Instant receivedAt) {
        UUID id = UUID.randomUUID();
        boolean valid = verification != WebhookSignature.Verification.REJECTED;
        return database.sql("""
                        INSERT INTO webhook_event (id, event_id, body, headers, signature_valid, verified_with, state, received_at)
                        VALUES (:id, :eventId, :body, :headers, :valid, :verifiedWith, :state, :receivedAt)
                        ON CONFLICT (event_id) WHERE signature_valid DO NOTHING""")
                .bind("id", id)
                .bind("eventId", eventId)
                .bind("body", body)
                .bind("headers", Json.of(json.writeValueAsString(headers)))
                .bind("valid", valid)
                .bind("verifiedWith", Parameter.fromOrEmpty(valid ? verification.name() : null, String.class))
                .bind("state", valid ? "RECEIVED" : "REJECTED")
                .bind("receivedAt", receivedAt)
                .fetch().rowsUpdated()
                .filter(inserted -> inserted == 1)
                .map(inserted -> id);
    }

    /** The delivery, locked, if it still waits to be processed and no one else is processing it. */
    Mono<StoredEvent> claim(UUID id) {
        return database.sql("SELECT id, body FROM webhook_event WHERE id = :id AND state = 'RECEIVED' FOR UPDATE SKIP LOCKED")
                .bind("id", id)
                .map(row -> new StoredEvent(row.get("id", UUID.class), row.get("body", byte[].class)))
                .one();
    }

    Mono<Void> finish(UUID id, String eventType, String state, Instant now) {
        return database.sql("""
                        UPDATE webhook_event SET state = :state, event_type = :type, processed_at = :now,
                            attempts = attempts + 1 WHERE id = :id""")
                .bind("id", id)
                .bind("state", state)
                .bind("type", Parameter.fromOrEmpty(eventType, String.class))
                .bind("now", now)
                .then();
    }

    /** Notes which order and payment a delivery was about (either may be null), for a payment's webhook history. */
    Mono<Void> link(UUID id, String razorpayOrderId, String razorpayPaymentId) {
        return database.sql("UPDATE webhook_event SET razorpay_order_id = :orderId, razorpay_payment_id = :paymentId WHERE id = :id")
                .bind("id", id)
                .bind("orderId", Parameter.fromOrEmpty(shortId(razorpayOrderId), String.class))
                .bind("paymentId", Parameter.fromOrEmpty(shortId(razorpayPaymentId), String.class))
                .then();
    }

    /** Razorpay ids are short; anything else in a signed body is not one and is not kept. */
    private static String shortId(String id) {
        return id == null || id.isBlank() || id.length() > 40 ? null : id;
    }

    /**
     * Records a failed processing; after {@code maxAttempts} the delivery is FAILED, parked for an operator.
     *
     * @return whether this failure parked it
     */
    Mono<Boolean> failed(UUID id, String error, int maxAttempts) {
        return database.sql("""
                        UPDATE webhook_event SET attempts = attempts + 1, last_error = :error,
                            state = CASE WHEN attempts + 1 >= :max THEN 'FAILED' ELSE state END
                        WHERE id = :id AND state = 'RECEIVED' RETURNING state""")
                .bind("id", id)
                .bind("error", truncated(error))
                .bind("max", maxAttempts)
                .map(row -> "FAILED".equals(row.get("state", String.class)))
                .one()
                .defaultIfEmpty(false);
    }

    /** Notes why a delivery waits without counting an attempt: the failure was the infrastructure's, not the delivery's. */
    Mono<Void> noteWaiting(UUID id, String error) {
        return database.sql("UPDATE webhook_event SET last_error = :error WHERE id = :id AND state = 'RECEIVED'")
                .bind("id", id)
                .bind("error", truncated(error))
                .then();
    }

    /**
     * Puts a parked (FAILED) delivery back to be processed, its attempts counted from 0; other states are left as
     * they are.
     *
     * @return the delivery's state now, empty when there is no such delivery
     */
    Mono<String> requeue(UUID id) {
        return database.sql("""
                        UPDATE webhook_event SET state = CASE WHEN state = 'FAILED' THEN 'RECEIVED' ELSE state END,
                            attempts = CASE WHEN state = 'FAILED' THEN 0 ELSE attempts END
                        WHERE id = :id RETURNING state""")
                .bind("id", id)
                .map(row -> row.get("state", String.class))
                .one();
    }

    /** A delivery's processing state and what its last failure said. */
    Mono<Processing> processing(UUID id) {
        return database.sql("SELECT id, event_type, state, attempts, last_error FROM webhook_event WHERE id = :id")
                .bind("id", id)
                .map(row -> new Processing(row.get("id", UUID.class), row.get("event_type", String.class),
                        row.get("state", String.class), row.get("attempts", Integer.class), row.get("last_error", String.class)))
                .one();
    }

    /** How many deliveries wait to be processed (RECEIVED), and when the oldest of them was received. */
    Mono<Waiting> waitingDeliveries() {
        return database.sql("SELECT count(*) AS waiting, min(received_at) AS oldest FROM webhook_event WHERE state = 'RECEIVED'")
                .map(row -> new Waiting(row.get("waiting", Long.class), row.get("oldest", Instant.class)))
                .one();
    }

    private static String truncated(String error) {
        return error.length() > 1000 ? error.substring(0, 1000) : error;
    }

    /** Deliveries still waiting, received before {@code before}: what a crash or a failed attempt left behind. */
    Flux<UUID> waiting(Instant before, int limit) {
        return database.sql("SELECT id FROM webhook_event WHERE state = 'RECEIVED' AND received_at < :before ORDER BY received_at LIMIT :limit")
                .bind("before", before).bind("limit", limit)
                .map(row -> row.get("id", UUID.class)).all();
    }

    record StoredEvent(UUID id, byte[] body) {
    }

    /**
     * @param state RECEIVED (waiting), PROCESSED, IGNORED, UNMATCHED, REJECTED or FAILED (parked)
     * @param attempts processings that failed since it was received or put back
     */
    record Processing(UUID id, String eventType, String state, int attempts, String lastError) {
    }

    /** @param oldestReceivedAt null when none waits */
    record Waiting(long count, Instant oldestReceivedAt) {
    }
}
