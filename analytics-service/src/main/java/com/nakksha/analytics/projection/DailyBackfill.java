package com.nakksha.analytics.projection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On startup, fills the serving generation's daily table when a database upgraded from before the
 * daily table has fact rows but no daily rows (see {@link Projection#backfillDaily}); in the
 * background, so the service answers meanwhile (with zero figures for consultants not filled yet).
 */
@Component
class DailyBackfill {

    private static final Logger log = LoggerFactory.getLogger(DailyBackfill.class);

    private final Projection projection;

    DailyBackfill(Projection projection) {
        this.projection = projection;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStartup() {
        long started = System.nanoTime();
        projection.backfillDaily().subscribe(
                consultants -> {
                    if (consultants > 0) {
                        log.info("Filled the daily table of {} consultants from their fact rows in {} ms", consultants,
                                (System.nanoTime() - started) / 1_000_000);
                    }
                },
                failure -> log.error("Filling the daily table from the fact rows failed; a rebuild fills it", failure));
    }
}
