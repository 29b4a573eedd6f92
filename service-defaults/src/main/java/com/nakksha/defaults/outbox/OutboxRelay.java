package com.nakksha.defaults.outbox;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Publishes committed outbox rows to Kafka, per key in commit order, along two paths.
 *
 * <p>The stream ({@link OutboxStream}) publishes almost every row: one instance of the service at a time, holding a lease
 * on the schema's position row, reads rows in id order after its position, sends them and moves the position, without
 * writing anything for a row the broker acknowledged (migration nakksha-defaults-013). A row the broker refuses while
 * others get through (record too large, topic missing, not authorised) is marked for the claim path, with every later
 * row of its key, and other keys flow.
 *
 * <p>The claim path publishes the marked rows. A round claims them in one autocommit call of
 * {@code outbox_claim_batch}: one {@code outbox_claim} row per topic lists the claimed rows under a lease
 * ({@code claimed_by}, {@code claimed_until}). It sends them with no transaction or lock held, then records the outcome
 * and drops the lease in one call of {@code outbox_settle} (nakksha-defaults-011), which moves acknowledged rows to
 * {@code outbox_published}. Every instance runs a claim path; claims are serialised by a transaction-scoped advisory
 * lock held for that call only, and a claim skips every key whose earliest marked row is claimed by a live lease,
 * waiting for a retry, or parked, so a key's rows are only ever in one instance's hands. Within a round a key's rows
 * are sent one after another, each after the previous one's acknowledgement, and the first failure stops that key for
 * the round; different keys are sent concurrently. A refused row is retried after an exponential, capped backoff and
 * parked after {@link OutboxProperties#maxAttempts()} attempts; its key's later rows wait behind it.
 *
 * <p>A round in which the broker acknowledged nothing, every failure was retriable and the producer holds no broker
 * connection is an outage of this instance's broker connection, not a fault of the rows: the stream gives up its lease
 * for another instance to take, claimed rows are released unpenalised, and this instance pauses with a growing, capped
 * backoff. An instance that dies leaves leases that expire after {@link OutboxProperties#claimLease()}. Delivery is at
 * least once: the position moves, and a claimed row is moved, only after the broker acknowledged the rows; a lease that
 * expires mid-send can make two instances send the same row; consumers' inboxes absorb the duplicate.
 *
 * <p>A row appended in a trace is sent in a producer span of that trace, whose W3C context goes on the record as its
 * {@code traceparent} header ({@link OutboxTracing}).
 *
 * <p>This instance's own commits wake the stream at once when it holds the lease ({@link #wakeUpAfterCommit});
 * otherwise the instance that holds it is told by a coalesced notification ({@link OutboxNotifier}), which also wakes
 * the claim paths. The stream polls every {@link OutboxProperties#pollInterval()} while it found rows within the last
 * {@link OutboxProperties#idlePollInterval()}, every idle poll interval otherwise; the claim path polls the same way,
 * and is woken when an operator un-parks rows ({@link #wakeUp()}).
 */
public class OutboxRelay implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration GAUGE_REFRESH = Duration.ofSeconds(1);
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    private static final int PURGE_CHUNK = 10_000;
    private static final Duration LISTEN_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LISTEN_MAX_BACKOFF = Duration.ofSeconds(10);

    private final DatabaseClient database;
    private final ConnectionFactory connectionFactory;
    private final OutboxNotifier notifier;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxProperties properties;
    private final Clock clock;
    private final String relayName;
    private final OutboxTracing tracing;
    private final Counter published;
    private final Counter failures;
    private final Counter parkedRows;
    private final Counter claims;
    private final OutboxStream stream;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicInteger consecutiveOutages = new AtomicInteger();
    private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();
    /** The claim rounds of this instance from before their claim to their end, each told the keys marked meanwhile. */
    private final Set<MarksDuringRound> roundsUnderWay = ConcurrentHashMap.newKeySet();
    private final long idlePollNanos;
    /** {@link System#nanoTime()} when a claim of this instance last started, and when one last returned rows. */
    private volatile long lastClaimStarted;
    private volatile long lastRowsClaimed;

    private volatile Disposable loop;
    private volatile Disposable housekeeping;
    private volatile Scheduler sender;
    private volatile Instant pausedUntil = Instant.EPOCH;
    private volatile Instant lastGaugeRefresh = Instant.EPOCH;
    private volatile Instant lastPurge = Instant.EPOCH;

    /**
     * @param connectionFactory opens the connection that listens for other instances' notifications,
     *        outside the pool when it is a pool
     * @param notifier wakes other instances when this one stops relaying after a broker outage
     * @param tracing sends each row in a span of the trace that appended it
     * @param connector opens the JDBC connection the stream reads on ({@link OutboxStream})
     */
    public OutboxRelay(DatabaseClient database, ConnectionFactory connectionFactory, OutboxNotifier notifier,
            KafkaTemplate<String, byte[]> kafka, OutboxProperties properties, MeterRegistry meters, Clock clock, OutboxTracing tracing,
            JdbcConnector connector) {
        this.database = database;
        this.connectionFactory = connectionFactory;
        this.idlePollNanos = properties.idlePollInterval().toNanos();
        // Quiet from the start: the first tick polls, the next ones wait for the idle interval or for rows.
        this.lastClaimStarted = System.nanoTime() - idlePollNanos;
        this.lastRowsClaimed = lastClaimStarted;
        this.notifier = notifier;
        this.kafka = kafka;
        this.properties = properties;
        this.clock = clock;
        this.tracing = tracing;
        this.relayName = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.published = Counter.builder("nakksha.outbox.published")
                .description("Outbox rows published to Kafka").register(meters);
        this.failures = Counter.builder("nakksha.outbox.publish.failures")
                .description("Sends of outbox rows the broker did not acknowledge").register(meters);
        this.claims = Counter.builder("nakksha.outbox.claims")
                .description("Claims this relay ran, whether they found rows or not").register(meters);
        this.parkedRows = Counter.builder("nakksha.outbox.parked.rows")
                .description("Outbox rows this instance parked after their last allowed attempt").register(meters);
        Gauge.builder("nakksha.outbox.backlog", backlog, AtomicLong::get)
                .description("Committed outbox rows not yet published, parked ones excluded").register(meters);
        Gauge.builder("nakksha.outbox.oldest.age.seconds", oldestAgeMillis, v -> v.get() / 1000.0)
                .description("Age of the oldest unpublished, unparked outbox row").register(meters);
        Gauge.builder("nakksha.outbox.parked", parked, AtomicLong::get)
                .description("Outbox rows parked after repeated refusals, waiting for an operator to un-park them").register(meters);
        Counter reads = Counter.builder("nakksha.outbox.reads")
                .description("Reads of the outbox by position this instance ran while it held the stream's lease").register(meters);
        this.stream = new OutboxStream(connector, new StreamSide(), properties, relayName, published, failures, reads);
    }

    /** Opens a JDBC connection to the service's schema, in autocommit mode (JDBC's default). */
    @FunctionalInterface
    public interface JdbcConnector {
        java.sql.Connection open() throws java.sql.SQLException;
    }

    /** What the stream asks of the relay: sends, the outage rule, the pause and parking, as the claim path has them. */
    private final class StreamSide implements OutboxStream.Relay {

        @Override
        public CompletableFuture<?> send(OutboxReader.Row row) {
            return sendOne(new ClaimedRow(0, row.id(), row.topic(), row.key(), row.payload(),
                    new OutboxTracing.TraceHeaders(row.traceparent(), row.tracestate())));
        }

        @Override
        public Throwable failureOf(CompletableFuture<?> send) {
            return OutboxRelay.this.failureOf(send);
        }

        @Override
        public boolean looksLikeOutage(List<Throwable> failures, boolean anyAcknowledged) {
            return !anyAcknowledged && failures.stream().allMatch(OutboxRelay::retriable) && !brokerConnected();
        }

        @Override
        public void outage(Throwable failure) {
            pauseAfterOutage(failure);
        }

        @Override
        public boolean paused() {
            return OutboxRelay.this.paused();
        }

        @Override
        public void parked(long id, UUID eventId, String topic, String key, int attempts) {
            parkedRows.increment();
            log.error("Parked outbox row {} (event {}, topic {}, key {}) after {} refused attempts; its key's later rows wait until it is un-parked",
                    id, eventId, topic, key, attempts);
        }

        @Override
        public String describe(Throwable failure) {
            return OutboxRelay.describe(failure);
        }

        @Override
        public void marked(Set<OutboxKey> keys) {
            roundsUnderWay.forEach(round -> round.marked(keys));
        }
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        // Sends block while the producer waits for a topic's metadata; a pool keeps one such topic from stalling the rest.
        sender = Schedulers.newBoundedElastic(4, Integer.MAX_VALUE, "outbox-send", 60, true);
        Flux<Boolean> triggers = Flux.merge(
                Flux.interval(Duration.ZERO, properties.pollInterval()).filter(tick -> pollDue()).map(tick -> true),
                wakeUps.asFlux(),
                otherInstancesCommits().doOnNext(notified -> {
                    roundsUnderWay.forEach(MarksDuringRound::markedUnknownKeys);
                    stream.wakeUp();
                }));
        // A wake-up starts a round at once unless roundsInFlight rounds are under way; wake-ups meanwhile collapse into one.
        loop = releaseOwnClaims()
                .onErrorResume(error -> Mono.empty())
                .thenMany(triggers)
                .onBackpressureLatest()
                .flatMap(trigger -> round()
                        .onErrorResume(error -> {
                            log.warn("Outbox relay round failed, will retry: {}", error.toString());
                            return Mono.empty();
                        }), properties.roundsInFlight(), 1)
                .subscribe();
        stream.start();
        housekeeping = Flux.interval(GAUGE_REFRESH, GAUGE_REFRESH)
                .onBackpressureDrop()
                .concatMap(tick -> refreshGaugesIfDue()
                        .then(purgePublishedIfDue())
                        .onErrorResume(error -> {
                            log.debug("Outbox housekeeping failed, will retry: {}", error.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @Override
    public synchronized void stop() {
        if (loop != null) {
            stream.stop();
            loop.dispose();
            loop = null;
            housekeeping.dispose();
            sender.dispose();
            // Rows claimed by the rounds just cut short are left to lease expiry if this does not get through.
            releaseOwnClaims().timeout(Duration.ofSeconds(5)).onErrorResume(error -> Mono.empty()).block();
        }
    }

    /** Closes the stream's connection once the relay has stopped for good. */
    @Override
    public void destroy() {
        stream.close();
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /**
     * Asks the stream for a round now, after this instance committed outbox rows. Safe from any thread.
     *
     * @return whether this relay will take the rows now; false while it is stopped, paused after a broker outage, or
     *         another instance holds the stream's lease
     */
    public boolean wakeUpAfterCommit() {
        if (loop == null || paused() || !stream.leading()) {
            return false;
        }
        stream.wakeUp();
        return true;
    }

    /**
     * Asks for a round now, for rows of any keys (an operator un-parked them, say). Safe from any thread.
     *
     * @return whether this relay will take the rows now; false while it is stopped or paused after a broker outage
     */
    public boolean wakeUp() {
        roundsUnderWay.forEach(MarksDuringRound::markedUnknownKeys);
        stream.wakeUp();
        return requestRound();
    }

    private boolean requestRound() {
        if (loop == null || paused()) {
            return false;
        }
        // Emitters on several threads at once would otherwise see FAIL_NON_SERIALIZED and the wake-up would be lost until the next poll.
        // The emission only hands the trigger on (a round's queries are asynchronous), so the lock is held briefly.
        synchronized (wakeUps) {
            wakeUps.tryEmitNext(true);
        }
        return true;
    }

    /** Claims one batch and publishes it; wakes the relay again while there may be more to take. */
    private Mono<Void> round() {
        if (paused()) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            // Registered before the claim, so that every mark after the claim's snapshot is seen.
            MarksDuringRound marks = new MarksDuringRound();
            roundsUnderWay.add(marks);
            return claim().flatMap(rows -> rows.isEmpty()
                    ? Mono.empty()
                    : publish(rows).doOnSubscribe(publishing -> lastRowsClaimed = System.nanoTime()).doOnSuccess(acknowledged -> {
                        // A full batch leaves more behind. Rows of this round's keys marked after its claim (the
                        // stream hands over a key's later rows) are claimable once a published row leaves their key
                        // free; without such rows none waits on this round, and a round that would claim nothing is
                        // not worth its query.
                        if (rows.size() >= properties.batchSize() || (acknowledged > 0 && marks.touchedAny(keysOf(rows)))) {
                            requestRound();
                        }
                    }).then())
                    .doFinally(signal -> roundsUnderWay.remove(marks));
        });
    }

    private boolean paused() {
        return clock.instant().isBefore(pausedUntil);
    }

    private static Set<OutboxKey> keysOf(List<ClaimedRow> rows) {
        Set<OutboxKey> keys = new HashSet<>();
        for (ClaimedRow row : rows) {
            keys.add(new OutboxKey(row.topic(), row.key()));
        }
        return keys;
    }

    /**
     * The keys whose rows this instance's stream marked for the claim path while one claim round was under way, or
     * any key after another instance's notification or an un-park. Past {@value #MAX_KEYS} keys it stops counting and
     * answers as if every key had been touched.
     */
    static final class MarksDuringRound {

        static final int MAX_KEYS = 10_000;

        private final Set<OutboxKey> keys = new HashSet<>();
        private boolean anyKey;

        synchronized void marked(Set<OutboxKey> marked) {
            if (anyKey) {
                return;
            }
            if (keys.size() + marked.size() > MAX_KEYS) {
                markedUnknownKeys();
                return;
            }
            keys.addAll(marked);
        }

        synchronized void markedUnknownKeys() {
            anyKey = true;
            keys.clear();
        }

        /** Whether rows for any of {@code held} may have been marked meanwhile. */
        synchronized boolean touchedAny(Set<OutboxKey> held) {
            if (anyKey) {
                return true;
            }
            for (OutboxKey key : held) {
                if (keys.contains(key)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Whether a poll tick claims: always while claims found rows within the idle poll interval, else once per that interval. */
    private boolean pollDue() {
        long now = System.nanoTime();
        return now - lastRowsClaimed < idlePollNanos || now - lastClaimStarted >= idlePollNanos;
    }

    private boolean quiet() {
        return System.nanoTime() - lastRowsClaimed >= idlePollNanos;
    }

    private Mono<List<ClaimedRow>> claim() {
        if (paused()) {
            return Mono.just(List.of());
        }
        lastClaimStarted = System.nanoTime();
        claims.increment();
        // One autocommit call: the function takes the claim lock, then claims with a snapshot taken after the lock was granted,
        // so two instances never claim the same key at once; the lock goes with the call's own commit, before any send.
        return database.sql("SELECT claim, id, topic, message_key, payload, traceparent, tracestate FROM outbox_claim_batch(:relay, :leaseSeconds, :limit)")
                .bind("relay", relayName)
                .bind("leaseSeconds", seconds(properties.claimLease()))
                .bind("limit", properties.batchSize())
                .map(row -> new ClaimedRow(
                        row.get("claim", Long.class),
                        row.get("id", Long.class),
                        row.get("topic", String.class),
                        row.get("message_key", String.class),
                        row.get("payload", byte[].class),
                        new OutboxTracing.TraceHeaders(row.get("traceparent", String.class), row.get("tracestate", String.class))))
                .all()
                .collectList()
                .map(rows -> rows.stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList());
    }

    /** Sends one round's rows and records the outcome; emits how many rows the broker acknowledged. */
    private Mono<Integer> publish(List<ClaimedRow> rows) {
        if (paused()) {
            return release(rows.stream().map(ClaimedRow::claim).distinct().toList()).thenReturn(0);
        }
        log.debug("Relay {} claimed {} outbox rows", relayName, rows.size());
        // Topics are sent and recorded independently, so one whose sends stall (a missing topic waits out the metadata timeout) holds up no other.
        // A claim covers the rows of one topic.
        Map<Long, List<ClaimedRow>> byTopic = new LinkedHashMap<>();
        for (ClaimedRow row : rows) {
            byTopic.computeIfAbsent(row.claim(), claim -> new ArrayList<>()).add(row);
        }
        return Flux.fromIterable(byTopic.values())
                .flatMap(this::publishTopic, byTopic.size())
                .reduce(0, Integer::sum);
    }

    private Mono<Integer> publishTopic(List<ClaimedRow> rows) {
        Map<String, ArrayDeque<ClaimedRow>> chains = new LinkedHashMap<>();
        for (ClaimedRow row : rows) {
            chains.computeIfAbsent(row.key(), key -> new ArrayDeque<>()).add(row);
        }
        List<Outcome> outcomes = new ArrayList<>();
        return sendInWaves(List.copyOf(chains.values()), outcomes)
                .then(Mono.defer(() -> record(rows, outcomes)));
    }

    /**
     * Sends the first row of every key of a topic at once, then, once those are acknowledged, the next row of
     * every key whose row got through, and so on: a key's rows go out one after another and a
     * failure ends that key's round, while different keys share every wave. Stops early when a
     * wave looks like a lost broker connection; the rows not sent are released by {@link #record}.
     */
    private Mono<Void> sendInWaves(List<ArrayDeque<ClaimedRow>> chains, List<Outcome> outcomes) {
        if (chains.isEmpty()) {
            return Mono.empty();
        }
        List<ClaimedRow> wave = chains.stream().map(ArrayDeque::peekFirst).toList();
        return sendWave(wave).flatMap(results -> {
            outcomes.addAll(results);
            List<ArrayDeque<ClaimedRow>> next = new ArrayList<>();
            for (int i = 0; i < chains.size(); i++) {
                ArrayDeque<ClaimedRow> chain = chains.get(i);
                if (results.get(i).error() == null) {
                    chain.pollFirst();
                    if (!chain.isEmpty()) {
                        next.add(chain);
                    }
                }
            }
            return looksLikeOutage(results) ? Mono.empty() : sendInWaves(next, outcomes);
        });
    }

    /** One send per row of one topic, issued on the send pool and waited for together; emits outcomes in the order of {@code wave}. */
    private Mono<List<Outcome>> sendWave(List<ClaimedRow> wave) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[wave.size()];
        return Mono.fromRunnable(() -> {
                    for (int i = 0; i < wave.size(); i++) {
                        acks[i] = sendOne(wave.get(i));
                    }
                })
                .subscribeOn(sender)
                .then(Mono.defer(() -> Mono.fromFuture(CompletableFuture.allOf(acks), false)))
                .timeout(properties.sendTimeout())
                .onErrorResume(error -> Mono.empty())
                .then(Mono.fromCallable(() -> {
                    List<Outcome> results = new ArrayList<>(wave.size());
                    for (int i = 0; i < wave.size(); i++) {
                        results.add(new Outcome(wave.get(i), failureOf(acks[i])));
                    }
                    return results;
                }));
    }

    private CompletableFuture<?> sendOne(ClaimedRow row) {
        Span span = tracing.startPublish(row.topic(), row.trace());
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
            if (span == null) {
                return kafka.send(record);
            }
            tracing.inject(span, record.headers());
            return kafka.send(record).whenComplete((ack, error) -> {
                if (error != null) {
                    span.error(error);
                }
                span.end();
            });
        } catch (RuntimeException e) {
            if (span != null) {
                span.error(e);
                span.end();
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    private Throwable failureOf(CompletableFuture<?> ack) {
        if (ack == null) {
            return new TimeoutException("not sent within " + properties.sendTimeout());
        }
        return switch (ack.state()) {
            case SUCCESS -> null;
            case FAILED -> ack.exceptionNow();
            case CANCELLED -> new CancellationException("send cancelled");
            case RUNNING -> new TimeoutException("no acknowledgement within " + properties.sendTimeout());
        };
    }

    /** Nothing acknowledged, every failure of the kind a lost connection gives, and the producer holds no connection. */
    private boolean looksLikeOutage(List<Outcome> outcomes) {
        return !outcomes.isEmpty()
                && outcomes.stream().allMatch(outcome -> outcome.error() != null && retriable(outcome.error()))
                && !brokerConnected();
    }

    private Mono<Integer> record(List<ClaimedRow> rows, List<Outcome> outcomes) {
        List<Long> acknowledged = new ArrayList<>();
        List<Outcome> failed = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.error() == null) {
                acknowledged.add(outcome.row().id());
            } else {
                failed.add(outcome);
            }
        }
        published.increment(acknowledged.size());
        failures.increment(failed.size());
        log.debug("Relay {} round: {} acknowledged, {} failed", relayName, acknowledged.size(), failed.size());
        boolean outage = acknowledged.isEmpty() && looksLikeOutage(failed);
        List<Outcome> refused = outage ? List.of() : failed;
        if (outage) {
            pauseAfterOutage(failed.getFirst().error());
        } else if (!acknowledged.isEmpty()) {
            consecutiveOutages.set(0);
        }
        if (!refused.isEmpty()) {
            log.warn("Broker refused {} outbox rows, first: {}", refused.size(), describe(refused.getFirst().error()));
        }
        // Rows neither acknowledged nor refused (cut short by an outage) become claimable again when the claim goes.
        return settle(rows.getFirst().claim(), acknowledged, refused).thenReturn(acknowledged.size());
    }

    private void pauseAfterOutage(Throwable error) {
        int outages = consecutiveOutages.incrementAndGet();
        Duration pause = backoff(properties.retryBackoff(), properties.maxOutagePause(), outages - 1);
        pausedUntil = clock.instant().plus(pause);
        log.warn("Broker acknowledged no outbox row this round ({}); releasing the rows and pausing {}", describe(error), pause);
        // Released below; another instance may still reach the broker, so it should not wait for its poll to take them.
        notifier.request();
    }

    /**
     * Moves acknowledged rows to {@code outbox_published}, sets refused rows back (parking those out
     * of attempts) and drops the claim, in one call of {@code outbox_settle}: one round trip and one commit per
     * topic and round. Moving is a delete and an insert into a table with one block range index, a
     * fraction of the cost of marking the row (migration nakksha-defaults-009); the function keeps its
     * plan for the connection, where the statement sent as such was planned again at every round
     * (nakksha-defaults-011).
     */
    private Mono<Void> settle(long claim, List<Long> acknowledged, List<Outcome> refused) {
        return database.sql("""
                        SELECT id, event_id, topic, message_key, attempts, parked
                        FROM outbox_settle(:claim, :acknowledged, :refused, :errors, :initialSeconds, :maxSeconds, :maxAttempts)""")
                .bind("acknowledged", acknowledged.toArray(Long[]::new))
                .bind("claim", claim)
                .bind("refused", refused.stream().map(outcome -> outcome.row().id()).toArray(Long[]::new))
                .bind("errors", refused.stream().map(outcome -> describe(outcome.error())).toArray(String[]::new))
                .bind("initialSeconds", seconds(properties.retryBackoff()))
                .bind("maxSeconds", seconds(properties.maxRetryBackoff()))
                .bind("maxAttempts", properties.maxAttempts())
                .map(row -> {
                    if (Boolean.TRUE.equals(row.get("parked", Boolean.class))) {
                        parkedRows.increment();
                        log.error("Parked outbox row {} (event {}, topic {}, key {}) after {} refused attempts; its key's later rows wait until it is un-parked",
                                row.get("id", Long.class), row.get("event_id", UUID.class), row.get("topic", String.class),
                                row.get("message_key", String.class), row.get("attempts", Integer.class));
                    }
                    return true;
                })
                .all()
                .then();
    }

    private Mono<Void> release(List<Long> claims) {
        return database.sql("DELETE FROM outbox_claim WHERE id = ANY(:claims)")
                .bind("claims", claims.toArray(Long[]::new))
                .fetch().rowsUpdated()
                .then();
    }

    private Mono<Void> releaseOwnClaims() {
        return database.sql("DELETE FROM outbox_claim WHERE claimed_by = :relay OR claimed_until < now()")
                .bind("relay", relayName)
                .fetch().rowsUpdated()
                .then();
    }

    private Mono<Void> refreshGaugesIfDue() {
        Instant now = clock.instant();
        // A quiet relay refreshes them at its idle poll interval: rows it does not take itself show a second or two later.
        if (Duration.between(lastGaugeRefresh, now).compareTo(quiet() ? properties.idlePollInterval() : GAUGE_REFRESH) < 0) {
            return Mono.empty();
        }
        lastGaugeRefresh = now;
        // Claims of instances that died are dropped here; lapsed, they already hold nothing.
        return database.sql("DELETE FROM outbox_claim WHERE claimed_until < now()").fetch().rowsUpdated().then(database.sql("""
                        SELECT count(*) FILTER (WHERE parked_at IS NULL) AS backlog,
                               min(created_at) FILTER (WHERE parked_at IS NULL) AS oldest,
                               count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked
                        FROM outbox_unpublished""")
                .map(row -> {
                    backlog.set(row.get("backlog", Long.class));
                    parked.set(row.get("parked", Long.class));
                    Instant oldest = row.get("oldest", Instant.class);
                    oldestAgeMillis.set(oldest == null ? 0 : Math.max(0, clock.millis() - oldest.toEpochMilli()));
                    return true;
                })
                .one())
                .then();
    }

    private Mono<Void> purgePublishedIfDue() {
        Instant now = clock.instant();
        if (Duration.between(lastPurge, now).compareTo(PURGE_INTERVAL) < 0) {
            return Mono.empty();
        }
        lastPurge = now;
        return purgePublished().then();
    }

    /**
     * Deletes published rows older than {@link OutboxProperties#retention()}, in chunks, so no
     * single statement holds many row locks; the relay does it hourly.
     *
     * @return how many rows were deleted
     */
    public Mono<Long> purgePublished() {
        Instant cutoff = clock.instant().minus(properties.retention());
        // Rows the stream published stay in outbox_event at or below the position; those the claim path published are in
        // outbox_published; outbox_event holds rows with published_at set only from relays of the version before nakksha-defaults-009.
        return purge("""
                DELETE FROM outbox_published WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM outbox_published WHERE published_at < :cutoff LIMIT :chunk))""", cutoff)
                .concatWith(purge("""
                        DELETE FROM outbox_event WHERE ctid = ANY(ARRAY(
                            SELECT ctid FROM outbox_event
                            WHERE created_at < :cutoff AND id <= (SELECT last_id FROM outbox_position)
                              AND published_at IS NULL AND next_attempt_at IS NULL AND parked_at IS NULL
                            LIMIT :chunk))""", cutoff))
                .concatWith(purge("""
                        DELETE FROM outbox_event WHERE id IN (
                            SELECT id FROM outbox_event WHERE published_at < :cutoff ORDER BY published_at LIMIT :chunk)""", cutoff))
                .reduce(0L, Long::sum);
    }

    private Mono<Long> purge(String chunkStatement, Instant cutoff) {
        Mono<Long> chunk = database.sql(chunkStatement)
                .bind("cutoff", cutoff)
                .bind("chunk", PURGE_CHUNK)
                .fetch().rowsUpdated();
        return chunk.expand(deleted -> deleted >= PURGE_CHUNK ? chunk : Mono.empty()).reduce(0L, Long::sum);
    }

    /**
     * Whether the producer holds a live connection to a broker. Tells a broker that is away (every
     * send times out, nothing is connected) from one that is there but refuses or cannot place a
     * row (a missing topic also ends in a metadata timeout, over a live connection).
     */
    private boolean brokerConnected() {
        return kafka.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().group().equals("producer-metrics") && metric.getKey().name().equals("connection-count"))
                .anyMatch(metric -> metric.getValue().metricValue() instanceof Double count && count > 0);
    }

    /**
     * Notifications other instances send when they leave rows to the others (no relay of their own,
     * or a broker they cannot reach). One connection per relay, outside the pool; after it is lost
     * (database restart) it is opened again with a capped backoff, and the poll covers the gap.
     */
    private Flux<Boolean> otherInstancesCommits() {
        ConnectionFactory unpooled = connectionFactory instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner
                ? inner : connectionFactory;
        return Flux.usingWhen(
                        Mono.from(unpooled.create()).timeout(LISTEN_CONNECT_TIMEOUT),
                        connection -> listen(unwrap(connection)),
                        connection -> Mono.from(connection.close()))
                .map(notification -> true)
                .concatWith(Mono.error(() -> new IllegalStateException("outbox notification connection closed")))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(LISTEN_MAX_BACKOFF).transientErrors(true)
                        .doBeforeRetry(signal -> log.debug("Outbox notification listener reconnecting: {}", signal.failure().toString())));
    }

    /** Emits once listening (rows may have been left meanwhile), then once per notification. */
    private static Flux<?> listen(PostgresqlConnection connection) {
        return connection.createStatement("SELECT " + OutboxNotifier.CHANNEL_SQL + " AS channel").execute()
                .flatMap(result -> result.map((row, meta) -> row.get("channel", String.class)))
                .single()
                .flatMapMany(channel -> connection.createStatement("LISTEN \"" + channel.replace("\"", "") + "\"").execute()
                        .flatMap(PostgresqlResult::getRowsUpdated)
                        .thenMany(Flux.concat(Mono.just(channel), connection.getNotifications())));
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

    static Duration backoff(Duration initial, Duration max, int doublings) {
        Duration pause = initial.multipliedBy(1L << Math.min(doublings, 20));
        return pause.compareTo(max) > 0 ? max : pause;
    }

    static boolean retriable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** The innermost cause, which names what the broker or client objected to; the wrappers around it only say that sending failed. */
    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.toString();
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private record ClaimedRow(long claim, long id, String topic, String key, byte[] payload, OutboxTracing.TraceHeaders trace) {
    }

    private record Outcome(ClaimedRow row, Throwable error) {
    }
}
