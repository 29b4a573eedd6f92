package com.nakksha.defaults.outbox;

/**
 * What per-key order is kept for: a Kafka topic and a record key on it. A relay claims, sends and holds back rows
 * per key.
 */
public record OutboxKey(String topic, String messageKey) {
}
