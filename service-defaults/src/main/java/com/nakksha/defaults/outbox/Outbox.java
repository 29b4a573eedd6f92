package com.nakksha.defaults.outbox;

import java.util.Objects;

import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import org.apache.avro.specific.SpecificRecord;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * Appends events to the outbox table inside the caller's transaction, so the event exists exactly
 * when the state change that raised it was committed.
 */
public class Outbox {

    private final DatabaseClient database;
    private final AvroEventCodec codec;
    private final String writerName;

    public Outbox(DatabaseClient database, AvroEventCodec codec, String writerName) {
        this.database = database;
        this.codec = codec;
        this.writerName = writerName;
    }

    public Mono<Void> append(Topic topic, String key, SpecificRecord event) {
        Objects.requireNonNull(key, "key");
        if (!topic.carries(event.getClass())) {
            return Mono.error(new IllegalArgumentException(
                    "topic " + topic.topicName() + " does not carry " + event.getClass().getSimpleName()));
        }
        if (!topic.writer().equals(writerName)) {
            return Mono.error(new IllegalStateException(
                    "topic " + topic.topicName() + " is written by " + topic.writer() + ", not " + writerName));
        }
        byte[] payload = codec.encode(event);
        return requireTransaction()
                .then(database.sql("""
                                INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
                                VALUES (:eventId, :topic, :key, :type, :payload)""")
                        .bind("eventId", EventMetadata.eventId(event))
                        .bind("topic", topic.topicName())
                        .bind("key", key)
                        .bind("type", event.getSchema().getFullName())
                        .bind("payload", payload)
                        .fetch().rowsUpdated())
                // Delivered by Postgres only when the transaction commits, which wakes the relay at once.
                .then(database.sql("SELECT pg_notify(" + OutboxRelay.CHANNEL_SQL + ", '')")
                        .fetch().rowsUpdated())
                .then();
    }

    private static Mono<Void> requireTransaction() {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isActualTransactionActive)
                .switchIfEmpty(Mono.error(new NoTransactionException("Outbox.append must run inside a transaction")))
                .onErrorMap(NoTransactionException.class,
                        e -> new IllegalStateException("Outbox.append must run inside a transaction", e))
                .then();
    }
}
