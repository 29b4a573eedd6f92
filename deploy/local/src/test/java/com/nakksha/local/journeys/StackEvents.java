package com.nakksha.local.journeys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/** Reads a topic of the launcher's broker from the start, as a consumer service would, for what the journeys check. */
final class StackEvents {

    private static final Duration EVENTUAL = Duration.ofSeconds(60);

    private StackEvents() {
    }

    /**
     * The first {@code type} event on {@code topic} that {@code match} accepts, waiting up to 60 s for it.
     *
     * @throws AssertionError naming {@code what} when none arrives in time
     */
    static <T extends SpecificRecord> T await(Topic topic, Class<T> type, Predicate<T> match, String what) {
        Predicate<SpecificRecord> wanted = event -> type.isInstance(event) && match.test(type.cast(event));
        return type.cast(through(topic, wanted, wanted, what).getLast());
    }

    /**
     * The events on {@code topic} that {@code include} accepts, in the order read, up to and including the first
     * one {@code last} accepts, waiting up to 60 s for that one. Events of one key keep their order (one partition,
     * and the outbox relay publishes a key's rows in commit order), so for one key this is everything its
     * producer published before {@code last}.
     *
     * @throws AssertionError naming {@code what} when no event {@code last} accepts arrives in time
     */
    static List<SpecificRecord> through(Topic topic, Predicate<SpecificRecord> include, Predicate<SpecificRecord> last,
                                        String what) {
        AvroEventCodec codec = new AvroEventCodec();
        List<SpecificRecord> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafka.BOOTSTRAP_SERVERS,
                ConsumerConfig.GROUP_ID_CONFIG, "journeys-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + EVENTUAL.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    SpecificRecord event = codec.decode(record.value());
                    boolean isLast = last.test(event);
                    if (isLast || include.test(event)) {
                        read.add(event);
                    }
                    if (isLast) {
                        return read;
                    }
                }
            }
        }
        throw new AssertionError("no " + what);
    }
}
