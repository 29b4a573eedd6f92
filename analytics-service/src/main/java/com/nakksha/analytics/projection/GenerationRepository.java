package com.nakksha.analytics.projection;

import java.time.Instant;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

@Repository
class GenerationRepository {

    private final DatabaseClient database;

    GenerationRepository(DatabaseClient database) {
        this.database = database;
    }

    /** The generations the live listener writes: the serving one and one being rebuilt, if any. */
    Mono<List<Generation>> open() {
        return database.sql("SELECT * FROM projection_generation WHERE state IN ('ACTIVE', 'BUILDING') ORDER BY generation")
                .map(GenerationRepository::read)
                .all()
                .collectList();
    }

    /**
     * In the caller's transaction, before it writes to a generation: waits while a swap or a failed
     * rebuild changes generation states (see {@link #lockStates}), then answers the generation's row if
     * it still takes writes (ACTIVE or BUILDING), empty otherwise. The ROW EXCLUSIVE lock taken here is
     * held until the writer commits, so a later {@link #lockStates} waits for the write to be visible.
     */
    Mono<Generation> lockWritable(int generation) {
        return database.sql("LOCK TABLE projection_generation IN ROW EXCLUSIVE MODE").then()
                // A new statement, so under READ COMMITTED it sees a swap that committed while the lock was awaited.
                .then(database.sql("SELECT * FROM projection_generation WHERE generation = :g AND state IN ('ACTIVE', 'BUILDING')")
                        .bind("g", generation)
                        .map(GenerationRepository::read)
                        .one());
    }

    /**
     * In the caller's transaction, before it retires or fails a generation: waits for every writer
     * holding {@link #lockWritable} to commit and keeps new writers out until the transaction ends.
     * EXCLUSIVE does not conflict with plain reads, so the dashboards keep answering meanwhile.
     */
    Mono<Void> lockStates() {
        return database.sql("LOCK TABLE projection_generation IN EXCLUSIVE MODE").then();
    }

    Mono<Generation> active() {
        return database.sql("SELECT * FROM projection_generation WHERE state = 'ACTIVE'").map(GenerationRepository::read).one();
    }

    Flux<Generation> all() {
        return database.sql("SELECT * FROM projection_generation ORDER BY generation").map(GenerationRepository::read).all();
    }

    Mono<Void> applied(int generation, long events, Instant occurredAt, Instant now) {
        return database.sql("""
                        UPDATE projection_generation SET events_applied = events_applied + :events, last_applied_at = :now,
                            newest_event_at = GREATEST(newest_event_at, :occurredAt)
                        WHERE generation = :g""")
                .bind("g", generation)
                .bind("events", events)
                .bind("now", now)
                .bind("occurredAt", Parameter.fromOrEmpty(occurredAt, Instant.class))
                .then();
    }

    /** Opens a new generation; the partial unique index refuses a second one being built at the same time. */
    Mono<Integer> openBuilding(Instant now) {
        return database.sql("""
                        INSERT INTO projection_generation (generation, state, started_at, daily_filling)
                        SELECT COALESCE(MAX(generation), 0) + 1, 'BUILDING', :now, true FROM projection_generation
                        RETURNING generation""")
                .bind("now", now)
                .map(row -> row.get(0, Integer.class))
                .one();
    }

    /** The generation that served retires; run with {@link #activate} in one transaction. */
    Mono<Void> retireActive(Instant now) {
        return database.sql("UPDATE projection_generation SET state = 'RETIRED', finished_at = :now WHERE state = 'ACTIVE'")
                .bind("now", now)
                .then();
    }

    Mono<Long> activate(int built, Instant now) {
        return database.sql("""
                        UPDATE projection_generation SET state = 'ACTIVE', finished_at = :now, daily_filling = false
                        WHERE generation = :g AND state = 'BUILDING'""")
                .bind("g", built)
                .bind("now", now)
                .fetch().rowsUpdated();
    }

    /** Marks whether the generation's day tables are being filled from its fact rows. */
    Mono<Void> dailyFilling(int generation, boolean filling) {
        return database.sql("UPDATE projection_generation SET daily_filling = :filling WHERE generation = :g")
                .bind("g", generation)
                .bind("filling", filling)
                .then();
    }

    Mono<Void> failed(int generation, String failure, Instant now) {
        return database.sql("UPDATE projection_generation SET state = 'FAILED', finished_at = :now, failure = :failure WHERE generation = :g")
                .bind("g", generation)
                .bind("now", now)
                .bind("failure", Parameter.fromOrEmpty(failure, String.class))
                .then();
    }

    private static Generation read(io.r2dbc.spi.Readable row) {
        return new Generation(
                row.get("generation", Integer.class),
                Generation.State.valueOf(row.get("state", String.class)),
                row.get("started_at", Instant.class),
                row.get("finished_at", Instant.class),
                row.get("events_applied", Long.class),
                row.get("last_applied_at", Instant.class),
                row.get("newest_event_at", Instant.class),
                row.get("failure", String.class),
                Boolean.TRUE.equals(row.get("daily_filling", Boolean.class)));
    }
}
