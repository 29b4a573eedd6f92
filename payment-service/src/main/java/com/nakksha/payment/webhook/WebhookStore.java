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

    /** Records a failed processing; after {@code maxAttempts} the delivery is FAILED for an operator to look at. */
    Mono<Void> failed(UUID id, String error, int maxAttempts) {
        return database.sql("""
                        UPDATE webhook_event SET attempts = attempts + 1, last_error = :error,
                            state = CASE WHEN attempts + 1 >= :max THEN 'FAILED' ELSE state END
                        WHERE id = :id AND state = 'RECEIVED'""")
                .bind("id", id)
                .bind("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .bind("max", maxAttempts)
                .then();
    }

    /** Deliveries still waiting, received before {@code before}: what a crash or a failed attempt left behind. */
    Flux<UUID> waiting(Instant before, int limit) {
        return database.sql("SELECT id FROM webhook_event WHERE state = 'RECEIVED' AND received_at < :before ORDER BY received_at LIMIT :limit")
                .bind("before", before).bind("limit", limit)
                .map(row -> row.get("id", UUID.class)).all();
    }

    record StoredEvent(UUID id, byte[] body) {
    }
}
