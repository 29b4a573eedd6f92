package com.nakksha.local.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.nakksha.local.kafka.LocalKafka;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every event of the platform's topics from the start, read the whole run by one consumer without a group
 * (it commits nothing, so it is no consumer group whose lag the reconciliation checks). It rides out broker
 * restarts: the client reconnects by itself, and a failed poll is reported and polled again.
 */
final class TopicTail implements AutoCloseable {

    /** One record as read: where it sits and the decoded event. */
    record Event(String topic, int partition, long offset, String key, SpecificRecord value) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Thread reader;
    private volatile boolean running = true;

    TopicTail() {
        reader = Thread.ofPlatform().name("faults-topic-tail").daemon().start(this::readUntilClosed);
    }

    private void readUntilClosed() {
        AvroEventCodec codec = new AvroEventCodec();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafka.BOOTSTRAP_SERVERS,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(60))
                        .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        events.add(new Event(record.topic(), record.partition(), record.offset(), record.key(), codec.decode(record.value())));
                    }
                    synchronized (positions) {
                        for (TopicPartition partition : partitions) {
                            positions.put(partition, consumer.position(partition, Duration.ofSeconds(10)));
                        }
                    }
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    System.out.println("faults: topic tail poll failed, polling again: " + e);
                    sleep();
                }
            }
        }
    }

    /** The next offset this tail will read, per partition, as of its last poll. */
    Map<TopicPartition, Long> positions() {
        synchronized (positions) {
            return Map.copyOf(positions);
        }
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    <T extends SpecificRecord> List<T> all(Class<T> type) {
        return events.stream().map(Event::value).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends SpecificRecord> Optional<T> first(Class<T> type, Predicate<T> match) {
        return all(type).stream().filter(match).findFirst();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(Duration.ofSeconds(30));
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
