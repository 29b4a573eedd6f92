package com.nakksha.defaults.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.nakksha.defaults.context.ContextThreadLocals;
import com.nakksha.defaults.failure.TransientFailures;
import com.nakksha.schemas.EventMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.core.log.LogAccessor;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Idempotent consumption: the handler's effect and the event id are committed together, so a
 * redelivered event, also one delivered concurrently, has no second effect. Listeners hand it a
 * poll's records at once ({@link #handleAll}), which it applies in one transaction.
 */
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    private static final LogAccessor HEADER_LOG = new LogAccessor(Inbox.class);

    private static final String APPLIED = "applied";
    private static final String DUPLICATE = "duplicate";
    static final String INBOX_EVENTS = "nakksha.inbox.events";
    /** The Reactor context key under which {@link #handleAll} collects the outcomes it counts once committed. */
    private static final String OUTCOMES = Inbox.class.getName() + ".outcomes";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final int DEFAULT_MAX_BATCH = 100;

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final MeterRegistry meters;
    private final Duration timeout;
    private final ObservationRegistry observations;
    private final int maxBatch;

    /** An inbox whose handling times out after the default {@code nakksha.inbox.timeout} of 10 s. */
    public Inbox(DatabaseClient database, TransactionalOperator transactions, MeterRegistry meters) {
        this(database, transactions, meters, DEFAULT_TIMEOUT, ObservationRegistry.NOOP, DEFAULT_MAX_BATCH);
    }

    /**
     * @param timeout bounds one transaction: one event's handling, or one poll's
     * @param observations where {@link #handleAll} records each record's {@code spring.kafka.listener}
     *        observation, the consumer span that continues the producer's trace
     * @param maxBatch at most this many records of a poll in one transaction ({@code nakksha.inbox.max-batch})
     */
    public Inbox(DatabaseClient database, TransactionalOperator transactions, MeterRegistry meters, Duration timeout,
            ObservationRegistry observations, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("nakksha.inbox.max-batch must be at least 1, was " + maxBatch);
        }
        this.database = database;
        this.transactions = transactions;
        this.meters = meters;
        this.timeout = timeout;
        this.observations = observations;
        this.maxBatch = maxBatch;
    }

    /**
     * Runs {@code effect} once per consumer and event id. The whole of it, connection and commit
     * included, is bounded by {@code nakksha.inbox.timeout}: a listener that blocks on the result
     * is never stuck on a database that stopped answering. The effect is subscribed to with the
     * thread locals (trace, logging context) of the thread that subscribed to the result. Inside
     * {@link #handleAll} it joins the poll's transaction, which the timeout bounds as a whole.
     *
     * @return {@code true} when the effect ran, {@code false} when this consumer had already handled
     *         the event; fails with {@link QueryTimeoutException} (a transient failure, rolled back)
     *         after the timeout
     */
    public Mono<Boolean> handleOnce(String consumer, SpecificRecord event, Supplier<? extends Mono<?>> effect) {
        String eventType = event.getSchema().getName();
        return Mono.deferContextual(context -> {
            List<Outcome> batch = context.getOrDefault(OUTCOMES, null);
            if (batch != null) {
                // The poll's transaction is in the context; the record's observation too, put there by handleAll.
                return once(consumer, event, effect)
                        .doOnNext(applied -> batch.add(new Outcome(consumer, eventType, applied)));
            }
            return within(timeout, consumer + " handling " + eventType, transactions.transactional(once(consumer, event, effect)))
                    .doOnNext(applied -> events(meters, consumer, eventType, applied ? APPLIED : DUPLICATE).increment())
                    // The listener's observation, current on the thread that subscribes, into the Reactor context: the
                    // effect starts in its trace and the outbox rows it appends carry it.
                    .contextCapture();
        });
    }

    private Mono<Boolean> once(String consumer, SpecificRecord event, Supplier<? extends Mono<?>> effect) {
        return claim(consumer, Map.of(EventMetadata.eventId(event), event.getSchema().getName()))
                .hasElements()
                .flatMap(inserted -> inserted
                        ? ContextThreadLocals.restoring(Mono.defer(effect)).then(Mono.just(true))
                        : Mono.just(false));
    }

    /**
     * Inserts the inbox rows of events (id to type) in event id order, so that two transactions claiming the same
     * events cannot deadlock; a concurrent duplicate blocks on the primary key until the first transaction ends, then
     * inserts nothing.
     *
     * @return the ids this consumer had not handled before, now claimed in the caller's transaction
     */
    private Flux<UUID> claim(String consumer, Map<UUID, String> events) {
        return database.sql("""
                        INSERT INTO inbox_event (consumer, event_id, event_type)
                        SELECT :consumer, claim.event_id, claim.event_type
                        FROM unnest(:eventIds::uuid[], :eventTypes::text[]) AS claim(event_id, event_type)
                        ORDER BY claim.event_id
                        ON CONFLICT (consumer, event_id) DO NOTHING
                        RETURNING event_id""")
                .bind("consumer", consumer)
                .bind("eventIds", events.keySet().stream().map(UUID::toString).toArray(String[]::new))
                .bind("eventTypes", events.values().toArray(String[]::new))
                .map(row -> row.get("event_id", UUID.class))
                .all();
    }

    /**
     * Claims events for {@code consumer} in the caller's transaction, all in one statement, for a handler of
     * {@link #handleBatch} that applies several events at once. An event listed twice is claimed once: its first
     * copy counts as applied, a later one as a duplicate. Within {@link #handleBatch} the outcomes are counted in
     * {@code nakksha.inbox.events} once the transaction committed; outside it they are not counted.
     *
     * @return the ids of the events this consumer had not handled before, now claimed in the caller's transaction
     */
    public Mono<Set<UUID>> claimOnce(String consumer, List<SpecificRecord> events) {
        if (events.isEmpty()) {
            return Mono.just(Set.of());
        }
        Map<UUID, String> toClaim = new LinkedHashMap<>();
        events.forEach(event -> toClaim.putIfAbsent(EventMetadata.eventId(event), event.getSchema().getName()));
        return claim(consumer, toClaim).collect(Collectors.toSet()).flatMap(claimed -> Mono.deferContextual(context -> {
            List<Outcome> outcomes = context.getOrDefault(OUTCOMES, null);
            if (outcomes != null) {
                Set<UUID> first = new HashSet<>(claimed);
                for (SpecificRecord event : events) {
                    outcomes.add(new Outcome(consumer, event.getSchema().getName(), first.remove(EventMetadata.eventId(event))));
                }
            }
            return Mono.just(claimed);
        }));
    }

    /**
     * A batch listener's records, each handled once by {@code effects} (null for an event this consumer
     * ignores): {@link #handleAll} as with {@link #handleOnce} per record, except that one statement inserts the
     * inbox rows of a transaction's records before their effects run in poll order. An event delivered twice in
     * one poll has one effect.
     *
     * @throws BatchListenerFailedException naming the record that failed, as {@link #handleAll} does
     */
    public void handleEachOnce(String consumer, List<ConsumerRecord<String, SpecificRecord>> records,
            Function<SpecificRecord, Supplier<? extends Mono<?>>> effects) {
        this.<Void>handleEachOnce(consumer, records, event -> {
            Supplier<? extends Mono<?>> effect = effects.apply(event);
            return effect == null ? null : () -> effect.get().then();
        }, committed -> { });
    }

    /**
     * {@link #handleEachOnce(String, List, Function)} for effects whose results matter once they are committed:
     * {@code afterCommit} gets, in poll order, what the effects applied in a transaction gave (nothing for a
     * duplicate, nor for an effect that completed empty), as {@link #handleAll}'s does.
     *
     * @throws BatchListenerFailedException naming the record that failed, as {@link #handleAll} does
     */
    public <T> void handleEachOnce(String consumer, List<ConsumerRecord<String, SpecificRecord>> records,
            Function<SpecificRecord, Supplier<? extends Mono<? extends T>>> effects, Consumer<List<T>> afterCommit) {
        handleInTransactions(consumer, records, () -> new ClaimedOnce<T>(consumer, effects), afterCommit);
    }

    /**
     * One transaction's records for {@link #handleEachOnce}: each record's effect is asked for as the record's work is
     * assembled, and the events with one are claimed in one statement before any effect runs.
     */
    private final class ClaimedOnce<T> implements TransactionWork<T> {

        private final String consumer;
        private final Function<SpecificRecord, Supplier<? extends Mono<? extends T>>> effects;
        private final Map<UUID, String> toClaim = new LinkedHashMap<>();
        private final Set<UUID> claimed = ConcurrentHashMap.newKeySet();

        ClaimedOnce(String consumer, Function<SpecificRecord, Supplier<? extends Mono<? extends T>>> effects) {
            this.consumer = consumer;
            this.effects = effects;
        }

        @Override
        public Mono<?> first() {
            return Mono.defer(() -> toClaim.isEmpty() ? Mono.empty() : claim(consumer, toClaim).doOnNext(claimed::add).then());
        }

        @Override
        public Mono<T> each(SpecificRecord event) {
            Supplier<? extends Mono<? extends T>> effect = effects.apply(event);
            if (effect == null) {
                return Mono.empty();
            }
            UUID eventId = EventMetadata.eventId(event);
            String eventType = event.getSchema().getName();
            toClaim.putIfAbsent(eventId, eventType);
            return Mono.deferContextual(context -> {
                // The first record of an event claimed now has its effect; a later copy in the poll is a duplicate.
                boolean applied = claimed.remove(eventId);
                List<Outcome> outcomes = context.get(OUTCOMES);
                outcomes.add(new Outcome(consumer, eventType, applied));
                return applied ? ContextThreadLocals.restoring(Mono.<T>defer(effect)) : Mono.empty();
            });
        }
    }

    /**
     * What one transaction does with its records: {@link #first} once (nothing unless said), then {@link #all}, by
     * default each record's work in order. {@link #each} is called for every record before {@link #first} is
     * subscribed to.
     */
    @FunctionalInterface
    private interface TransactionWork<T> {

        default Mono<?> first() {
            return Mono.empty();
        }

        Mono<T> each(SpecificRecord event);

        /** The transaction's work after {@link #first}, given each record's: by default each one's in turn. */
        default Mono<List<T>> all(List<Mono<T>> each) {
            return Flux.concat(each).collectList();
        }
    }

    /**
     * Handles the records of one poll, in order, in one database transaction ({@code nakksha.inbox.max-batch} records
     * at most; more make several in turn): one commit, and one wait for
     * it to reach the disk, where a transaction per record cost the consumer and Postgres about as much as
     * the booking that raised the events (issue 15). {@code handler} gives each event's work, usually
     * {@link #handleOnce}, which joins the transaction; it is called on the listener thread within the
     * record's {@code spring.kafka.listener} observation, which its work also runs in (the consumer span
     * and the trace of the outbox rows it appends). When the transaction fails, the records are handled
     * again one transaction each, so that the failure is the one record's alone (unless the database or broker
     * was away: then the first record is thrown at once, to be retried with the rest): the records before it
     * stay committed, and the failing one is thrown to the listener container's error handler, which
     * retries it or moves it to its dead-letter topic as for any record (service-defaults'
     * {@code DeadLetterErrorHandlerFactory}). A record that could not be deserialized is thrown there too,
     * after the records before it are committed.
     *
     * @param consumer the inbox's consumer name (by convention the listener's group id)
     * @param afterCommit runs with the handlers' results once their transaction committed
     * @throws BatchListenerFailedException with the index of the record that failed, and its failure as the
     *         cause ({@link QueryTimeoutException} when one record's transaction took longer than
     *         {@code nakksha.inbox.timeout})
     */
    public <T> void handleAll(String consumer, List<ConsumerRecord<String, SpecificRecord>> records,
            Function<SpecificRecord, ? extends Mono<T>> handler, Consumer<List<T>> afterCommit) {
        TransactionWork<T> work = handler::apply;
        handleInTransactions(consumer, records, () -> work, afterCommit);
    }

    /**
     * A batch listener's records as {@link #handleAll} handles them (transactions of at most
     * {@code nakksha.inbox.max-batch} records, a failing one handled again a record at a time, the same exceptions),
     * except that {@code handler} gets all the events of a transaction at once, in poll order, for work that costs
     * less done once for several events than once for each (a projection's totals). It claims them with
     * {@link #claimOnce} in the transaction it joins. Each record's {@code spring.kafka.listener} observation is
     * recorded around the transaction; the handler runs in none of them.
     *
     * @param afterCommit runs with the handler's result once its transaction committed
     * @throws BatchListenerFailedException naming the record that failed, as {@link #handleAll} does
     */
    public <T> void handleBatch(String consumer, List<ConsumerRecord<String, SpecificRecord>> records,
            Function<List<SpecificRecord>, ? extends Mono<List<T>>> handler, Consumer<List<T>> afterCommit) {
        handleInTransactions(consumer, records, () -> new TransactionWork<T>() {

            private final List<SpecificRecord> events = new ArrayList<>();

            @Override
            public Mono<T> each(SpecificRecord event) {
                events.add(event);
                return Mono.empty();
            }

            @Override
            public Mono<List<T>> all(List<Mono<T>> each) {
                return Mono.defer(() -> handler.apply(List.copyOf(events)));
            }
        }, afterCommit);
    }

    private <T> void handleInTransactions(String consumer, List<ConsumerRecord<String, SpecificRecord>> records,
            Supplier<TransactionWork<T>> transactionWork, Consumer<List<T>> afterCommit) {
        int readable = 0;
        DeserializationException unreadable = null;
        while (readable < records.size() && (unreadable = deserializationFailure(records.get(readable))) == null) {
            readable++;
        }
        for (int from = 0; from < readable; from += maxBatch) {
            handleReadable(consumer, records, from, Math.min(readable, from + maxBatch), transactionWork, afterCommit);
        }
        if (unreadable != null) {
            throw new BatchListenerFailedException(KafkaUtils.format(records.get(readable)) + " could not be deserialized",
                    unreadable, readable);
        }
    }

    /** Records {@code from} (inclusive) to {@code to} of the poll in one transaction, or one each when that fails. */
    private <T> void handleReadable(String consumer, List<ConsumerRecord<String, SpecificRecord>> records, int from, int to,
            Supplier<TransactionWork<T>> transactionWork, Consumer<List<T>> afterCommit) {
        List<T> committed = to - from > 1 ? inOneTransaction(consumer, records, from, to, transactionWork) : null;
        if (committed != null) {
            // Committed: a failure now is the first record's, delivered again with the rest as duplicates.
            runAfterCommit(afterCommit, committed, records, from);
            return;
        }
        for (int index = from; index < to; index++) {
            List<T> one;
            try {
                one = transaction(consumer, records.subList(index, index + 1), transactionWork);
            } catch (RuntimeException failed) {
                throw new BatchListenerFailedException("Handling " + KafkaUtils.format(records.get(index)) + " failed",
                        failed, index);
            }
            runAfterCommit(afterCommit, one, records, index);
        }
    }

    /** A failure after the commit names a record too: anything else would make the container retry, then dead-letter, the whole poll. */
    private static <T> void runAfterCommit(Consumer<List<T>> afterCommit, List<T> committed,
            List<ConsumerRecord<String, SpecificRecord>> records, int index) {
        try {
            afterCommit.accept(committed);
        } catch (RuntimeException failed) {
            throw new BatchListenerFailedException("After committing " + KafkaUtils.format(records.get(index)) + ": failed",
                    failed, index);
        }
    }

    /**
     * The batch's results once committed, or null when its transaction failed (then nothing of it was) in a way one
     * transaction per record may not: a record refused, or a poll too long for the timeout. The database or broker
     * being away is thrown at once as the first record's failure: handled one at a time, each would fail the same way.
     */
    private <T> List<T> inOneTransaction(String consumer, List<ConsumerRecord<String, SpecificRecord>> records, int from, int to,
            Supplier<TransactionWork<T>> transactionWork) {
        try {
            return transaction(consumer, records.subList(from, to), transactionWork);
        } catch (RuntimeException failed) {
            if (TransientFailures.isTransient(failed) && !(failed instanceof QueryTimeoutException)) {
                throw new BatchListenerFailedException("Handling " + (to - from) + " records, from "
                        + KafkaUtils.format(records.get(from)) + " on, failed", failed, from);
            }
            log.debug("{} records of {} in one transaction failed, handling them one at a time: {}", to - from, consumer,
                    failed.toString());
            return null;
        }
    }

    private <T> List<T> transaction(String consumer, List<ConsumerRecord<String, SpecificRecord>> records,
            Supplier<TransactionWork<T>> newWork) {
        List<Outcome> outcomes = new ArrayList<>();
        List<Observation> started = new ArrayList<>(records.size());
        TransactionWork<T> transactionWork = newWork.get();
        try {
            List<Mono<T>> work = new ArrayList<>(records.size());
            for (ConsumerRecord<String, SpecificRecord> record : records) {
                Observation observation = observationOf(consumer, record).start();
                started.add(observation);
                Mono<T> handled;
                try (Observation.Scope scope = observation.openScope()) {
                    handled = transactionWork.each(record.value());
                } catch (RuntimeException refused) {
                    observation.error(refused);
                    throw refused;
                }
                work.add(handled
                        .doOnError(observation::error)
                        .contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, observation)));
            }
            List<T> results = within(timeout, consumer + " handling " + records.size() + " record(s)",
                    transactions.transactional(transactionWork.first().then(transactionWork.all(work))))
                    .contextWrite(Context.of(OUTCOMES, outcomes))
                    .block();
            for (Outcome outcome : outcomes) {
                events(meters, outcome.consumer(), outcome.eventType(), outcome.applied() ? APPLIED : DUPLICATE).increment();
            }
            return results;
        } finally {
            started.forEach(Observation::stop);
        }
    }

    private Observation observationOf(String consumer, ConsumerRecord<String, SpecificRecord> record) {
        String group = KafkaUtils.getConsumerGroupId();
        return KafkaListenerObservation.LISTENER_OBSERVATION.observation(null,
                KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
                () -> new KafkaRecordReceiverContext(record, consumer, null, group == null ? consumer : group, () -> null),
                observations);
    }

    private static DeserializationException deserializationFailure(ConsumerRecord<String, SpecificRecord> record) {
        return record.value() != null ? null
                : SerializationUtils.getExceptionFromHeader(record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, HEADER_LOG);
    }

    private static <T> Mono<T> within(Duration timeout, String what, Mono<T> work) {
        // Cancelling on timeout rolls the transaction back.
        return work.timeout(timeout)
                .onErrorMap(TimeoutException.class, late -> new QueryTimeoutException(what + " took longer than " + timeout, late));
    }

    private record Outcome(String consumer, String eventType, boolean applied) {
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
