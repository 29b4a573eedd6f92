package com.nakksha.defaults.inbox;

import java.util.function.Supplier;

import com.nakksha.schemas.EventMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Idempotent consumption: the handler's effect and the event id are committed together, so a
 * redelivered event, also one delivered concurrently, has no second effect.
 */
public class Inbox {

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final MeterRegistry meters;

    public Inbox(DatabaseClient database, TransactionalOperator transactions, MeterRegistry meters) {
        this.database = database;
        this.transactions = transactions;
        this.meters = meters;
    }

    /**
     * Runs {@code effect} once per consumer and event id.
     *
     * @return {@code true} when the effect ran, {@code false} when this consumer had already handled the event
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
                        ? Mono.defer(effect).then(Mono.just(true))
                        : Mono.just(false));
        return transactions.transactional(once)
                .doOnNext(applied -> meters.counter("nakksha.inbox.events",
                        "consumer", consumer, "type", eventType, "outcome", applied ? "applied" : "duplicate").increment());
    }
}
