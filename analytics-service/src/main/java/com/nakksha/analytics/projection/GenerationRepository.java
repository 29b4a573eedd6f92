package com.nakksha.analytics.projection;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

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

    /**
     * In the caller's transaction, before live writes: the generations that take writes (ACTIVE, and
     * BUILDING during a rebuild), each row locked until the transaction ends, and the lock of each of the
     * consultants ({@link DailyRepository#lock}) in each of them, in ascending order of generation and lock key,
     * all in one statement. The row lock's table lock (ROW SHARE) waits while a swap or a failed rebuild holds
     * {@link #lockStates} and keeps a later one waiting until the writes commit; a row that such a
     * change updated meanwhile is re-checked against its new state, so a generation retired or failed
     * while this waited is not answered and gets no write. Nothing that holds a consultant's lock waits
     * for a generation row (rebuild batches, fills and swaps do not take both), and two live batches take the
     * consultants' locks in the same order, so they cannot wait for each other. A rebuild batch, which takes
     * consultants' locks in its events' order, can still meet a live batch the other way round while a rebuild
     * runs; Postgres then fails one of them as a deadlock, a transient failure that is retried.
     */
    Mono<List<Generation>> lockOpen(Collection<UUID> consultantIds) {
        // FOR NO KEY UPDATE rather than FOR SHARE: the write counts itself on the row at its end, which two
        // writers holding a share lock on it would each wait for the other to release. The advisory lock is
        // volatile, so Postgres evaluates it after the sort; counting the locks takes them all before any row is answered.
        return database.sql("""
                        WITH open AS MATERIALIZED (
                            SELECT * FROM projection_generation WHERE state IN ('ACTIVE', 'BUILDING') FOR NO KEY UPDATE
                        ), locked AS MATERIALIZED (
                            SELECT k.generation, pg_advisory_xact_lock(k.generation, k.key) IS NULL AS locked
                            FROM (SELECT DISTINCT open.generation, hashtext(c) AS key
                                  FROM open CROSS JOIN unnest(CAST(:consultants AS text[])) AS c) k
                            ORDER BY k.generation, k.key
                        )
                        SELECT open.* FROM open CROSS JOIN (SELECT COUNT(*) AS locks FROM locked) taken
                        ORDER BY generation""")
                .bind("consultants", consultantIds.stream().map(UUID::toString).distinct().toArray(String[]::new))
                .map(GenerationRepository::read)
                .all()
                .collectList();
    }

    /**
     * In the caller's transaction, before it retires or fails a generation: waits for every writer
     * holding {@link #lockOpen} to commit and keeps new writers out until the transaction ends.
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
