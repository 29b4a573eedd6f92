package com.nakksha.analytics.projection;

import java.time.Instant;

/**
 * One copy of the projection. ACTIVE serves the APIs; BUILDING is being rebuilt from the topics;
 * RETIRED served before the last rebuild; FAILED is a rebuild that stopped.
 *
 * @param eventsApplied events applied to this generation (UTC instants below)
 * @param lastAppliedAt when the newest event was applied
 * @param newestEventAt the newest {@code occurredAt} among the events applied
 * @param dailyFilling  whether its day tables are being filled from the fact rows (rebuild, startup backfill)
 */
public record Generation(int generation, State state, Instant startedAt, Instant finishedAt, long eventsApplied,
                         Instant lastAppliedAt, Instant newestEventAt, String failure, boolean dailyFilling) {

    public enum State { ACTIVE, BUILDING, RETIRED, FAILED }
}
