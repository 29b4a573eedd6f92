package com.nakksha.defaults.inbox;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.nakksha.defaults.context.ContextThreadLocals;
import com.nakksha.schemas.EventMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import reactor.core.publisher.Mono;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Idempotent consumption: the handler's effect and the event id are committed together, so a
 * redelivered event, also one delivered concurrently, has no second effect.
 */
public class Inbox {

    private static final String APPLIED = "applied";
    private static final String DUPLICATE = "duplicate";
    static final String INBOX_EVENTS = "nakksha.inbox.events";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final MeterRegistry meters;
    private final Duration timeout;

    /** An inbox whose handling times out after the default {@code nakksha.inbox.timeout} of 10 s. */
    public Inbox(DatabaseClient database, TransactionalOperator transactions, MeterRegistry meters) {
        this(database, transactions, meters, DEFAULT_TIMEOUT);
    }

    public Inbox(DatabaseClient database, TransactionalOperator transactions, MeterRegistry meters, Duration timeout) {
        this.database = database;
        this.transactions = transactions;
        this.meters = meters;
        this.timeout = timeout;
    }

    /**
     * Runs {@code effect} once per consumer and event id. The whole of it, connection and commit
     * included, is bounded by {@code nakksha.inbox.timeout}: a listener that blocks on the result
     * is never stuck on a database that stopped answering. The effect is subscribed to with the
     * thread locals (trace, logging context) of the thread that subscribed to the result.
     *
     * @return {@code true} when the effect ran, {@code false} when this consumer had already handled
     *         the event; fails with {@link QueryTimeoutException} (a transient failure, rolled back)
     *         after the timeout
     */
    public Mono<Boolean> handleOnce(String consumer, SpecificRecord event, Supplier<? extends Mono<?>> effect) {
        String eventType = event.getSchema().getName();
        // A concurrent duplicate blocks on the primary key until the first transaction ends, then inserts nothing.
        Mono<Boolean> once = database.sql("""
                        INSERT INTO inbox_event (consumer, event_id, event_type) VALUES (:consumer, :eventId, :type)
                        ON CONFLICT (consumer, event_id) DO NOTHING""")
                .bind("consumer", consumer)
                .bind("eventId", EventMetadata.eventId(event))
                .bind("type", eventType)
                .fetch().rowsUpdated()
                .flatMap(inserted -> inserted == 1
                        ? ContextThreadLocals.restoring(Mono.defer(effect)).then(Mono.just(true))
                        : Mono.just(false));
        // Cancelling on timeout rolls the transaction back.
        return transactions.transactional(once)
                .timeout(timeout)
                .onErrorMap(TimeoutException.class, late -> new QueryTimeoutException(
                        "Inbox handling of " + eventType + " for " + consumer + " took longer than " + timeout, late))
                .doOnNext(applied -> events(meters, consumer, eventType, applied ? APPLIED : DUPLICATE).increment())
                // The listener's observation, current on the thread that subscribes, into the Reactor context: the
                // effect starts in its trace and the outbox rows it appends carry it.
                .contextCapture();
    }

    /**
     * Registers, at zero, the counters of {@code consumer} handling events of {@code eventType} (the Avro
     * schema's name), both outcomes: the consumer meters of a listener exist from start-up, not from its
     * first event (service-defaults' {@code ListenerMeters}).
     */
    public static void registerEvents(MeterRegistry meters, String consumer, String eventType) {
        events(meters, consumer, eventType, APPLIED);
        events(meters, consumer, eventType, DUPLICATE);
    }

    private static Counter events(MeterRegistry meters, String consumer, String eventType, String outcome) {
        return Counter.builder(INBOX_EVENTS)
                .description("Events a consumer handled through the inbox: applied, or a duplicate with no second effect")
                .tag("consumer", consumer).tag("type", eventType).tag("outcome", outcome)
                .register(meters);
    }
}
