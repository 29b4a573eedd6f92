package com.nakksha.defaults.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbox relay tuning.
 *
 * @param pollInterval how often the relay looks for rows besides being woken by this instance's own
 *        commits and by other instances' notifications, while its claims found rows within the last
 *        {@code idlePollInterval}; rows left behind by a crashed instance, or whose notification was lost
 *        (listening connection down), wait at most this long on a busy relay
 * @param idlePollInterval how often a relay whose claims found nothing for that long looks for rows; a
 *        quiet stack of six services otherwise spends most of its database time on empty claims. A value
 *        below {@code pollInterval} counts as {@code pollInterval}
 * @param batchSize rows read or claimed per round
 * @param roundsInFlight rounds that may be on the wire at once; the next round is read or claimed while the
 *        previous one waits for acknowledgements. With 3 the stream's thread waited through most of a backlog's
 *        drain (OutboxBenchmark, 2026-12-06)
 * @param sendTimeout how long one send waits for the broker's acknowledgement before it counts as failed
 * @param claimLease how long claimed rows stay reserved for this instance; another instance publishes
 *        them after that even if this one never reports back (crash, stalled broker connection).
 *        Must exceed the send timeout plus the producer's metadata wait, or rows get sent twice
 * @param retryBackoff wait before the first retry of a row the broker refused; doubles per attempt
 * @param maxRetryBackoff cap for the per-row wait
 * @param maxAttempts a row the broker refused this many times is parked: kept, no longer retried,
 *        its key's later rows wait behind it until an operator un-parks it
 * @param maxOutagePause cap for how long this instance stops relaying after a round in which the
 *        broker acknowledged nothing; the pause doubles from {@code retryBackoff} per such round
 * @param retention how long published rows are kept before they are deleted
 * @param relayEnabled whether this instance runs a relay at all
 */
@ConfigurationProperties("nakksha.outbox")
public record OutboxProperties(
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("2s") Duration idlePollInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("8") int roundsInFlight,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("30s") Duration claimLease,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("5m") Duration maxRetryBackoff,
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("5s") Duration maxOutagePause,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("true") boolean relayEnabled) {

    public OutboxProperties {
        if (batchSize < 1 || roundsInFlight < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("nakksha.outbox.batch-size, rounds-in-flight and max-attempts must be at least 1");
        }
        if (idlePollInterval.compareTo(pollInterval) < 0) {
            idlePollInterval = pollInterval;
        }
        if (claimLease.compareTo(sendTimeout) <= 0) {
            throw new IllegalArgumentException("nakksha.outbox.claim-lease (" + claimLease
                    + ") must be longer than nakksha.outbox.send-timeout (" + sendTimeout + ")");
        }
    }
}
