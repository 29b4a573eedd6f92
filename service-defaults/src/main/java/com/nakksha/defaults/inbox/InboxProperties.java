package com.nakksha.defaults.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Inbox timeouts and retention.
 *
 * @param timeout how long one {@link Inbox#handleOnce} or one poll's transaction of {@link Inbox#handleAll}
 *        (pool acquire, transaction, effects, commit) may take before it fails with a
 *        {@link org.springframework.dao.QueryTimeoutException}, which listeners retry as an infrastructure
 *        failure (a poll's transaction that times out is tried again one record at a time). A listener
 *        blocking on it is never stuck longer.
 * @param maxBatch at most this many records of a poll are applied in one transaction of {@link Inbox#handleAll} (the
 *        consumer's {@code max.poll.records} is 100). 1 is a transaction per record, for a consumer whose events
 *        update the same rows again and again (analytics' day and generation rows).
 * @param retention how long a handled event id is remembered. A redelivery older than this would be
 *        applied again, so it must outlast every way an old event comes back: redelivery after a
 *        crash (seconds), a re-drive from a dead-letter topic, an offset reset. 30 days is longer
 *        than the broker's default log retention (7 days); domain topics that keep events for good
 *        are replayed from the start only by new consumer groups, which have no inbox rows anyway.
 * @param purgeInterval how often rows older than {@code retention} are deleted
 * @param purgeBatch rows deleted per statement, so a purge never holds long locks
 */
@ConfigurationProperties("nakksha.inbox")
public record InboxProperties(
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("100") int maxBatch,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration purgeInterval,
        @DefaultValue("10000") int purgeBatch) {
}
