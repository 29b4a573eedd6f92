package com.nakksha.defaults.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Deletes inbox rows older than {@code nakksha.inbox.retention}, every {@code purge-interval}, in
 * batches (index {@code inbox_event_handled_at_idx}). Several instances purging at once only
 * delete the same rows; a failed round is logged and the next one tries again.
 */
public class InboxPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxPurge.class);

    private final DatabaseClient database;
    private final InboxProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private volatile Scheduler scheduler;
    private volatile Disposable rounds;

    public InboxPurge(DatabaseClient database, InboxProperties properties, MeterRegistry meters, Clock clock) {
        this.database = database;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** Deletes every row older than the retention; returns how many. */
    public Mono<Long> purgeOnce() {
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(clock.instant().minus(properties.retention()), ZoneOffset.UTC);
        Mono<Long> batch = database.sql("""
                        DELETE FROM inbox_event WHERE ctid IN (
                            SELECT ctid FROM inbox_event WHERE handled_at < :cutoff LIMIT :batch)""")
                .bind("cutoff", cutoff)
                .bind("batch", properties.purgeBatch())
                .fetch().rowsUpdated();
        return batch.expand(deleted -> deleted >= properties.purgeBatch() ? batch : Mono.empty())
                .reduce(0L, Long::sum)
                .doOnNext(deleted -> meters.counter("nakksha.inbox.purged").increment(deleted));
    }

    @Override
    public void start() {
        scheduler = Schedulers.newSingle("inbox-purge");
        rounds = Flux.interval(Duration.ofMinutes(1), properties.purgeInterval(), scheduler)
                .concatMap(tick -> purgeOnce()
                        .doOnNext(deleted -> log.debug("Purged {} inbox rows older than {}", deleted, properties.retention()))
                        .onErrorResume(failed -> {
                            log.warn("Inbox purge failed; the next round tries again: {}", failed.toString());
                            return Mono.empty();
                        }))
                .subscribe();
    }

    @Override
    public void stop() {
        if (rounds != null) {
            rounds.dispose();
        }
        if (scheduler != null) {
            scheduler.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return rounds != null && !rounds.isDisposed();
    }
}
