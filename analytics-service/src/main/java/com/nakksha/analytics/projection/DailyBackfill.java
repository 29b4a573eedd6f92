package com.nakksha.analytics.projection;

import com.nakksha.defaults.failure.TransientFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On startup, fills the serving generation's daily table when a database upgraded from before the
 * daily table has fact rows but no daily rows (see {@link Projection#backfillDaily}). Whether to fill
 * is decided before the Kafka listeners start (lowest phase), so a live event's day recomputation
 * cannot make a half-empty table look filled; the fill itself runs in the background, so the service
 * answers meanwhile (zero figures for consultants not filled yet).
 */
@Component
class DailyBackfill implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DailyBackfill.class);

    private final Projection projection;
    private volatile boolean running;

    DailyBackfill(Projection projection) {
        this.projection = projection;
    }

    @Override
    public void start() {
        running = true;
        // A database slow to hand out its first connections (a busy machine, a restarting Postgres) must not stop the service from starting.
        Integer generation = projection.lacksDaily().retryWhen(TransientFailures.atStartUp()).block();
        if (generation == null) {
            return;
        }
        projection.fillingDaily(generation).retryWhen(TransientFailures.atStartUp()).block();
        long started = System.nanoTime();
        projection.fillDaily(generation).subscribe(
                consultants -> log.info("Filled the daily table of {} consultants of generation {} from their fact rows in {} ms",
                        consultants, generation, (System.nanoTime() - started) / 1_000_000),
                failure -> log.error("Filling the daily table from the fact rows failed; a rebuild fills it", failure));
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }
}
