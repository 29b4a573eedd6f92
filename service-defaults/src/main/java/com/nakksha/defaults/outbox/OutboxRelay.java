package com.nakksha.defaults.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Publishes committed outbox rows to Kafka in commit order and marks them published.
 *
 * <p>Rows are picked up as soon as Postgres delivers the commit notification the appender sends, and
 * by a short poll as a fallback, so rows left behind by a crash, a stopped relay or a broker outage
 * are published on the next round. A transaction-scoped advisory lock lets only one instance of a
 * service relay at a time, which keeps the per-key order. Delivery is at least once: a row is
 * marked published only after the broker acknowledged it.
 */
public class OutboxRelay implements SmartLifecycle {

    static final String CHANNEL_SQL = "'outbox_' || current_schema()";

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ConnectionFactory connectionFactory;
    private final OutboxProperties properties;
    private final Clock clock;
    private final Counter published;
    private final Counter failures;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();

    private volatile Disposable loop;
    private volatile Scheduler scheduler;
    private volatile Instant lastCleanup = Instant.EPOCH;

    public OutboxRelay(DatabaseClient database, TransactionalOperator transactions,
            KafkaTemplate<String, byte[]> kafka, ConnectionFactory connectionFactory,
            OutboxProperties properties, MeterRegistry meters, Clock clock) {
        this.database = database;
        this.transactions = transactions;
        this.kafka = kafka;
        this.connectionFactory = connectionFactory;
        this.properties = properties;
        this.clock = clock;
        this.published = Counter.builder("nakksha.outbox.published")
                .description("Outbox rows published to Kafka").register(meters);
        this.failures = Counter.builder("nakksha.outbox.publish.failures")
                .description("Outbox rows the broker did not acknowledge").register(meters);
        Gauge.builder("nakksha.outbox.backlog", backlog, AtomicLong::get)
                .description("Committed outbox rows not yet published").register(meters);
        Gauge.builder("nakksha.outbox.oldest.age.seconds", oldestAgeMillis, v -> v.get() / 1000.0)
                .description("Age of the oldest unpublished outbox row").register(meters);
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        scheduler = Schedulers.newSingle("outbox-relay");
        Flux<Boolean> triggers = Flux.merge(
                Flux.interval(Duration.ZERO, properties.pollInterval()).map(tick -> true),
                commitNotifications(),
                wakeUps.asFlux());
        loop = triggers
                .onBackpressureLatest()
                .concatMap(trigger -> drain()
                        .onErrorResume(error -> {
                            log.warn("Outbox relay round failed, will retry: {}", error.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @Override
    public synchronized void stop() {
        if (loop != null) {
            loop.dispose();
            loop = null;
            scheduler.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /** Asks for a round now, without waiting for a notification or the next poll. */
    public void wakeUp() {
        wakeUps.tryEmitNext(true);
    }

    public long backlog() {
        return backlog.get();
    }

    private Mono<Void> drain() {
        return publishBatch()
                .expand(count -> count >= properties.batchSize() ? publishBatch() : Mono.empty())
                .then(refreshGauges())
                .then(cleanUpPublished());
    }

    private Mono<Integer> publishBatch() {
        return transactions.transactional(
                database.sql("SELECT pg_try_advisory_xact_lock(hashtext(" + CHANNEL_SQL + ")) AS locked")
                        .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                        .one()
                        .flatMap(locked -> locked ? publishUnpublishedRows() : Mono.just(0)));
    }

    private Mono<Integer> publishUnpublishedRows() {
        return database.sql("""
                        SELECT id, topic, message_key, payload FROM outbox_event
                        WHERE published_at IS NULL ORDER BY id LIMIT :limit""")
                .bind("limit", properties.batchSize())
                .map(row -> new PendingRow(
                        row.get("id", Long.class),
                        row.get("topic", String.class),
                        row.get("message_key", String.class),
                        row.get("payload", byte[].class)))
                .all()
                .collectList()
                .flatMap(rows -> rows.isEmpty() ? Mono.just(0) : send(rows));
    }

    private Mono<Integer> send(List<PendingRow> rows) {
        // Sending blocks while the broker is unreachable (metadata wait), so it runs on the relay's own thread.
        return Mono.fromCallable(() -> rows.stream()
                        .map(row -> new InFlight(row.id(), kafka.send(row.topic(), row.key(), row.payload())))
                        .toList())
                .subscribeOn(scheduler)
                .flatMapMany(Flux::fromIterable)
                .concatMap(inFlight -> Mono.fromFuture(inFlight.ack())
                        .timeout(properties.sendTimeout())
                        .map(ack -> new Outcome(inFlight.id(), null))
                        .onErrorResume(error -> Mono.just(new Outcome(inFlight.id(), error))))
                .collectList()
                .flatMap(this::record);
    }

    private Mono<Integer> record(List<Outcome> outcomes) {
        List<Long> acknowledged = new ArrayList<>();
        List<Outcome> failed = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.error() == null) {
                acknowledged.add(outcome.id());
            } else {
                failed.add(outcome);
            }
        }
        published.increment(acknowledged.size());
        failures.increment(failed.size());
        if (!failed.isEmpty()) {
            log.warn("Broker did not acknowledge {} outbox rows, first: {}", failed.size(), failed.getFirst().error().toString());
        }
        Mono<Long> markPublished = acknowledged.isEmpty() ? Mono.just(0L)
                : database.sql("UPDATE outbox_event SET published_at = now() WHERE id = ANY(:ids)")
                        .bind("ids", acknowledged.toArray(Long[]::new))
                        .fetch().rowsUpdated();
        Mono<Long> markFailed = failed.isEmpty() ? Mono.just(0L)
                : database.sql("UPDATE outbox_event SET attempts = attempts + 1, last_error = :error WHERE id = ANY(:ids)")
                        .bind("ids", failed.stream().map(Outcome::id).toArray(Long[]::new))
                        .bind("error", truncate(failed.getFirst().error().toString()))
                        .fetch().rowsUpdated();
        int fullRound = failed.isEmpty() ? outcomes.size() : 0;
        return markPublished.then(markFailed).thenReturn(fullRound);
    }

    private Mono<Void> refreshGauges() {
        return database.sql("SELECT count(*) AS backlog, min(created_at) AS oldest FROM outbox_event WHERE published_at IS NULL")
                .map(row -> {
                    backlog.set(row.get("backlog", Long.class));
                    Instant oldest = row.get("oldest", Instant.class);
                    oldestAgeMillis.set(oldest == null ? 0 : Math.max(0, clock.millis() - oldest.toEpochMilli()));
                    return true;
                })
                .one()
                .then();
    }

    private Mono<Void> cleanUpPublished() {
        Instant now = clock.instant();
        if (Duration.between(lastCleanup, now).compareTo(Duration.ofHours(1)) < 0) {
            return Mono.empty();
        }
        lastCleanup = now;
        return database.sql("DELETE FROM outbox_event WHERE published_at < :cutoff")
                .bind("cutoff", now.minus(properties.retention()))
                .fetch().rowsUpdated()
                .then();
    }

    private Flux<Boolean> commitNotifications() {
        return Flux.usingWhen(
                        Mono.from(connectionFactory.create()),
                        connection -> listen(unwrap(connection)),
                        connection -> Mono.from(connection.close()))
                .map(notification -> true)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(signal -> log.debug("Outbox listener reconnecting: {}", signal.failure().toString())));
    }

    private static Flux<?> listen(PostgresqlConnection connection) {
        return connection.createStatement("SELECT " + CHANNEL_SQL + " AS channel").execute()
                .flatMap(result -> result.map((row, meta) -> row.get("channel", String.class)))
                .single()
                .flatMapMany(channel -> connection.createStatement("LISTEN \"" + channel.replace("\"", "") + "\"").execute()
                        .flatMap(PostgresqlResult::getRowsUpdated)
                        .thenMany(connection.getNotifications()));
    }

    private static PostgresqlConnection unwrap(Connection connection) {
        Connection current = connection;
        while (!(current instanceof PostgresqlConnection) && current instanceof Wrapped<?> wrapped) {
            current = (Connection) wrapped.unwrap();
        }
        if (current instanceof PostgresqlConnection postgres) {
            return postgres;
        }
        throw new IllegalStateException("Outbox relay needs a Postgres R2DBC connection, got " + connection.getClass());
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private record PendingRow(long id, String topic, String key, byte[] payload) {
    }

    private record InFlight(long id, java.util.concurrent.CompletableFuture<?> ack) {
    }

    private record Outcome(long id, Throwable error) {
    }
}
