package com.nakksha.defaults.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Consumer error handling and topic provisioning.
 *
 * @param maxRetries redeliveries of a failing record before it goes to the dead-letter topic
 * @param initialBackoff wait before the first retry; doubles on each retry
 * @param maxBackoff cap on the wait between retries
 * @param topicPartitions partitions of the registry topics this service creates when missing
 * @param topicReplicas replication factor of those topics
 */
@ConfigurationProperties("nakksha.kafka")
public record KafkaDefaultsProperties(
        @DefaultValue("4") int maxRetries,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("5s") Duration maxBackoff,
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("1") short topicReplicas) {
}
