package com.nakksha.booking.publicpage;

import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Idempotency keys of public bookings, claimed in the booking's own transaction, with the answer
 * the key got: 201 and the confirmation, or 409 and why the slot was taken.
 */
@Repository
class PublicBookingRequests {

    /** A key seen before: the body it came with, and the response it got. */
    record Seen(String requestHash, int responseStatus, String responseBody) {
    }

    private final DatabaseClient database;

    PublicBookingRequests(DatabaseClient database) {
        this.database = database;
    }

    /**
     * Claims the key for this request, or returns what an earlier request with it left. A
     * concurrent request with the same key waits on the key's row until the first one ends.
     */
    Mono<Seen> claim(UUID consultantId, String key, String requestHash, Instant now) {
        return database.sql("""
                        INSERT INTO public_booking_request (consultant_id, idempotency_key, request_hash, created_at)
                        VALUES (:consultant, :key, :hash, :now) ON CONFLICT DO NOTHING""")
                .bind("consultant", consultantId)
                .bind("key", key)
                .bind("hash", requestHash)
                .bind("now", now)
                .fetch().rowsUpdated()
                .flatMap(inserted -> inserted == 1 ? Mono.empty() : database.sql("""
                                SELECT request_hash, response_status, response_body FROM public_booking_request
                                WHERE consultant_id = :consultant AND idempotency_key = :key""")
                        .bind("consultant", consultantId)
                        .bind("key", key)
                        .map(row -> new Seen(row.get("request_hash", String.class),
                                row.get("response_status", Integer.class), row.get("response_body", String.class)))
                        .one());
    }

    Mono<Void> complete(UUID consultantId, String key, int responseStatus, String responseBody) {
        return database.sql("""
                        UPDATE public_booking_request SET response_status = :status, response_body = :body
                        WHERE consultant_id = :consultant AND idempotency_key = :key""")
                .bind("consultant", consultantId)
                .bind("key", key)
                .bind("status", responseStatus)
                .bind("body", responseBody)
                .then();
    }
}
