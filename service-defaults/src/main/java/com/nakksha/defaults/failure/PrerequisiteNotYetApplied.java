package com.nakksha.defaults.failure;

/**
 * A listener cannot handle a record yet because a row that another topic's event brings is not in
 * its replica (a payment event for a session whose {@code SessionBooked} it has not read). Topics are
 * not ordered with one another, and a consumer of one topic can run far behind another after a crash,
 * so this says nothing about the record: the record is right, it came early (issue 13, where 23 such
 * payment events were dead-lettered after notification-service was killed).
 *
 * <p>The listener error handler retries it like a transient failure (the wait doubling up to
 * {@code nakksha.kafka.transient-max-backoff}) for at most {@code nakksha.kafka.prerequisite-max-wait},
 * then dead-letters it, re-drivable as any other dead letter. Throw it only when the prerequisite comes
 * on another topic: one that comes earlier on the same topic and key is ordered before the record, so
 * its absence means it was lost or dead-lettered, and waiting cannot help.
 */
public final class PrerequisiteNotYetApplied extends RuntimeException {

    /**
     * @param message what is missing and which event brings it, e.g.
     *                {@code "session … is not in the replica yet (SessionBooked not applied)"}
     */
    public PrerequisiteNotYetApplied(String message) {
        super(message);
    }

    /** No stack trace: it is an expected wait, logged as one line per retry. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
