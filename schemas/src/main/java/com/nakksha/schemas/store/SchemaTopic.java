package com.nakksha.schemas.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writer schemas shared at run time through the compacted topic {@value #NAME}, keyed by the
 * 16-hex-digit CRC-64-AVRO fingerprint, valued by the schema's JSON. Producers register every schema
 * they write before they write it; a consumer whose build lacks a writer's schema (the producer was
 * deployed first) finds it here. It plays the part of a schema registry without another server:
 * the broker is already there and compaction keeps one record per fingerprint for good.
 *
 * <p>Thread-safe. {@link #findByFingerprint} reads the topic at most once per refresh interval
 * for fingerprints it has not seen, so a flood of unknown messages does not flood the broker.
 */
public final class SchemaTopic implements org.apache.avro.message.SchemaStore, AutoCloseable {

    /** The topic's name; it must be created with {@code cleanup.policy=compact}. */
    public static final String NAME = "_nakksha.schemas";

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, Object> clientProperties;
    private final Duration refreshInterval;
    private final Clock clock;
    private final Map<Long, Schema> known = new ConcurrentHashMap<>();
    private final java.util.Set<Long> registered = ConcurrentHashMap.newKeySet();
    private final Object readLock = new Object();
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private Instant lastRead = Instant.EPOCH;

    /**
     * @param clientProperties Kafka client properties: at least {@code bootstrap.servers}, plus any security settings
     * @param refreshInterval  least time between two reads of the topic on behalf of unknown fingerprints
     */
    public SchemaTopic(Map<String, Object> clientProperties, Duration refreshInterval) {
        this(clientProperties, refreshInterval, Clock.systemUTC());
    }

    SchemaTopic(Map<String, Object> clientProperties, Duration refreshInterval, Clock clock) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.refreshInterval = refreshInterval;
        this.clock = clock;
    }

    /**
     * Publishes {@code schema} under its fingerprint and waits for the broker's acknowledgement;
     * a schema this instance registered before is not sent again.
     *
     * @throws KafkaException when the broker does not acknowledge within the producer's delivery timeout
     */
    public void register(Schema schema) {
        long fingerprint = SchemaStore.fingerprint(schema);
        if (registered.contains(fingerprint)) {
            return;
        }
        try {
            producer().send(new ProducerRecord<>(NAME, key(fingerprint), schema.toString()))
                    .get(READ_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while registering " + schema.getFullName(), interrupted);
        } catch (ExecutionException | TimeoutException failed) {
            throw new KafkaException("Could not register schema " + schema.getFullName() + " (" + key(fingerprint)
                    + ") on " + NAME + ": " + failed.getMessage(), failed);
        }
        registered.add(fingerprint);
        known.put(fingerprint, schema);
    }

    /** The schema registered under {@code fingerprint}, or {@code null} when the topic does not have it (yet) or cannot be read. */
    @Override
    public Schema findByFingerprint(long fingerprint) {
        Schema schema = known.get(fingerprint);
        if (schema != null) {
            return schema;
        }
        synchronized (readLock) {
            schema = known.get(fingerprint);
            if (schema == null && Duration.between(lastRead, clock.instant()).compareTo(refreshInterval) >= 0) {
                readToEnd();
                lastRead = clock.instant();
                schema = known.get(fingerprint);
            }
        }
        return schema;
    }

    private void readToEnd() {
        try {
            KafkaConsumer<String, String> reader = consumer();
            if (reader.assignment().isEmpty()) {
                List<PartitionInfo> partitions = reader.partitionsFor(NAME, READ_TIMEOUT);
                if (partitions == null || partitions.isEmpty()) {
                    return;
                }
                List<TopicPartition> assigned = partitions.stream().map(info -> new TopicPartition(NAME, info.partition())).toList();
                reader.assign(assigned);
                reader.seekToBeginning(assigned);
            }
            Map<TopicPartition, Long> end = reader.endOffsets(reader.assignment(), READ_TIMEOUT);
            Instant deadline = clock.instant().plus(READ_TIMEOUT);
            while (!reachedEnd(reader, end) && clock.instant().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                    learn(record);
                }
            }
        } catch (KafkaException unreachable) {
            // The caller treats an unresolved fingerprint as "not yet" and asks again later.
            closeConsumer();
        }
    }

    private static boolean reachedEnd(KafkaConsumer<String, String> reader, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(partition -> reader.position(partition.getKey(), READ_TIMEOUT) >= partition.getValue());
    }

    private void learn(ConsumerRecord<String, String> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        try {
            Schema schema = new Schema.Parser().parse(record.value());
            long fingerprint = SchemaStore.fingerprint(schema);
            // A record whose key is not its schema's fingerprint is ignored rather than trusted.
            if (key(fingerprint).equals(record.key())) {
                known.putIfAbsent(fingerprint, schema);
            }
        } catch (SchemaParseException invalid) {
            // Not a schema; nothing to learn from it.
        }
    }

    static String key(long fingerprint) {
        return HexFormat.of().toHexDigits(fingerprint);
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> properties = new HashMap<>(clientProperties);
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) READ_TIMEOUT.toMillis());
            properties.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) READ_TIMEOUT.toMillis());
            properties.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) READ_TIMEOUT.toMillis() * 2);
            producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private KafkaConsumer<String, String> consumer() {
        if (consumer == null) {
            Map<String, Object> properties = new HashMap<>(clientProperties);
            properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            // Looking for a schema must not create the topic with the broker's defaults (not compacted).
            properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
            consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        }
        return consumer;
    }

    private void closeConsumer() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(1));
            consumer = null;
        }
    }

    @Override
    public void close() {
        synchronized (readLock) {
            closeConsumer();
        }
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(1));
                producer = null;
            }
        }
    }
}
