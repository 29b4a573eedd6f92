package com.nakksha.defaults.outbox;

import java.util.Objects;

import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import org.apache.avro.specific.SpecificRecord;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * Appends events to the outbox table inside the caller's transaction, so the event exists exactly
 * when the state change that raised it was committed.
 *
 * <p>Per key, rows must reach the relay in commit order, yet the row id is drawn at insert time.
 * Two transactions appending for the same key without locking a common aggregate row (identity's
 * resend-verification and forgot-password paths) could otherwise commit in the opposite order of
 * their ids, and the relay, which publishes a key's rows in id order, would publish them out of
 * commit order. So {@link #append} first takes a transaction-scoped advisory lock on the
 * (schema, topic, key) hash: a second appender of the same key waits until the first commits or
 * rolls back, and only then draws its id, which makes id order equal commit order per key. This was
 * chosen over ordering by commit xid ({@code pg_current_xact_id} with snapshot checks) because it
 * keeps the relay's queries simple and costs only same-key appenders a wait. Consequence: a
 * transaction appending for several keys should append them in a consistent order; two that lock
 * the same keys in opposite orders deadlock and Postgres aborts one of them.
 *
 * <p>The row keeps the W3C trace context the append ran in ({@link OutboxTracing}), so the relay,
 * which sends it later from a thread of its own, publishes it in the same trace.
 *
 * <p>After commit the local relay is woken in-process; no {@code NOTIFY} is sent, because Postgres
 * serialises the commits of all notifying transactions of a cluster on one lock.
 */
public class Outbox {

    private final DatabaseClient database;
    private final AvroEventCodec codec;
    private final String writerName;
    private final Runnable afterCommit;
    private final OutboxTracing tracing;

    /**
     * @param writerName the application name; only a topic's registered writer may append to it
     * @param afterCommit run once for each committed transaction that appended, to wake a relay
     * @param tracing reads the appender's trace context, which the row keeps for the relay's send
     */
    public Outbox(DatabaseClient database, AvroEventCodec codec, String writerName, Runnable afterCommit, OutboxTracing tracing) {
        this.database = database;
        this.codec = codec;
        this.writerName = writerName;
        this.afterCommit = afterCommit;
        this.tracing = tracing;
    }

    /**
     * Writes {@code event} for {@code topic} with Kafka key {@code key} in the current transaction.
     *
     * @return completes when the row is written; fails with {@link IllegalStateException} outside a
     *         transaction or when this service is not the topic's writer, with
     *         {@link IllegalArgumentException} when the topic does not carry the event's type
     */
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
        return currentTransaction()
                .zipWith(tracing.current())
                .flatMap(appending -> database.sql("""
                                WITH same_key_appenders_wait AS (
                                    SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext(:topic || '/' || :key)))
                                INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload, traceparent, tracestate)
                                SELECT :eventId, :topic, :key, :type, :payload, :traceparent, :tracestate FROM same_key_appenders_wait""")
                        .bind("eventId", EventMetadata.eventId(event))
                        .bind("topic", topic.topicName())
                        .bind("key", key)
                        .bind("type", event.getSchema().getFullName())
                        .bind("payload", payload)
                        .bind("traceparent", Parameter.fromOrEmpty(appending.getT2().traceparent(), String.class))
                        .bind("tracestate", Parameter.fromOrEmpty(appending.getT2().tracestate(), String.class))
                        .fetch().rowsUpdated()
                        .doOnSuccess(inserted -> appending.getT1().registerSynchronization(new WakeRelayAfterCommit(afterCommit))))
                .then();
    }

    private static Mono<TransactionSynchronizationManager> currentTransaction() {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isActualTransactionActive)
                .switchIfEmpty(Mono.error(new NoTransactionException("Outbox.append must run inside a transaction")))
                .onErrorMap(NoTransactionException.class,
                        e -> new IllegalStateException("Outbox.append must run inside a transaction", e));
    }

    private record WakeRelayAfterCommit(Runnable wakeRelay) implements TransactionSynchronization {
        @Override
        public Mono<Void> afterCommit() {
            return Mono.fromRunnable(wakeRelay);
        }
    }
}
