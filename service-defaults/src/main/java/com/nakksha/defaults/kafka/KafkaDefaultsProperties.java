package com.nakksha.defaults.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Consumer error handling, consumer group membership and topic provisioning.
 *
 * @param maxRetries redeliveries of a record failing for a reason of its own before it goes to the
 *        dead-letter topic; at least 1
 * @param initialBackoff wait before the first retry; doubles on each retry
 * @param maxBackoff cap on the wait between retries of such a record
 * @param transientMaxBackoff cap on the wait between retries while the database or broker is away;
 *        those retries never end in the dead-letter topic. Keep it well under {@code max.poll.interval.ms} (5 min)
 * @param prerequisiteMaxWait how long a record whose prerequisite from another topic is not applied yet
 *        ({@link com.nakksha.defaults.failure.PrerequisiteNotYetApplied}) is retried, as the sum of the waits
 *        between its attempts (doubling up to {@code transientMaxBackoff}), before it goes to the dead-letter
 *        topic. Its partition waits meanwhile, so it is bounded: a prerequisite that never comes must not stop
 *        the partition for good. Issue 13's case cleared in about 2 minutes (the killed consumer back after
 *        113 s and caught up in seconds); an hour leaves room for the other topic's consumer to be stuck itself
 *        (behind a record waiting out a database or broker outage, or being redeployed) while the partition's
 *        other records are at most an hour late. A prerequisite still missing after that is more likely lost
 *        (its own event dead-lettered) than late; the record's dead letter is re-driven once it is there.
 *        The count starts again when the partition is taken by another instance or the instance restarts
 * @param topicPartitions partitions of the registry topics this service creates when missing
 * @param topicReplicas replication factor of those topics
 * @param staticMembership whether consumers join their groups as static members ({@code group.instance.id}),
 *        so a restarted instance takes its partitions back at once instead of waiting out its old session
 * @param instanceId this instance's identity within its consumer groups; two running instances of one
 *        service must differ. Empty: {@code <spring.application.name>-<host>-<server.port>}, or a random
 *        suffix instead of the port when the port is random (0)
 * @param sessionTimeout how long the group waits for a silent member before moving its partitions to others
 * @param schemaRefreshInterval least time between two reads of the schema topic for unknown writer schemas
 * @param clientMetricsRefresh how often the consumers' Kafka client metrics are re-read for meters that came or went:
 *        the per-partition lag with its {@code topic} label appears this long at most after an assignment
 *        (Micrometer's default is a minute; a Prometheus scrape every 15 s would show the client-level series meanwhile)
 */
@ConfigurationProperties("nakksha.kafka")
public record KafkaDefaultsProperties(
        @DefaultValue("4") int maxRetries,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("5s") Duration maxBackoff,
        @DefaultValue("15s") Duration transientMaxBackoff,
        @DefaultValue("1h") Duration prerequisiteMaxWait,
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("1") short topicReplicas,
        @DefaultValue("true") boolean staticMembership,
        @DefaultValue("") String instanceId,
        @DefaultValue("20s") Duration sessionTimeout,
        @DefaultValue("2s") Duration schemaRefreshInterval,
        @DefaultValue("15s") Duration clientMetricsRefresh) {

    public KafkaDefaultsProperties {
        if (maxRetries < 1) {
            // With no retries at all spring-kafka skips the back-off function, and transient failures would be dead-lettered.
            throw new IllegalArgumentException("nakksha.kafka.max-retries must be at least 1, was " + maxRetries);
        }
        if (prerequisiteMaxWait.isNegative()) {
            throw new IllegalArgumentException("nakksha.kafka.prerequisite-max-wait must not be negative, was " + prerequisiteMaxWait);
        }
    }
}
