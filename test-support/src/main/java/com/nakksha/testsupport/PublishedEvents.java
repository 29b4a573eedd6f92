package com.nakksha.testsupport;

import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** What the service actually published on Kafka, read back as an outside consumer would. */
public final class PublishedEvents {

    private static final AvroEventCodec CODEC = new AvroEventCodec();

    private PublishedEvents() {
    }

    public static <T extends SpecificRecord> T await(Topic topic, Class<T> type, Predicate<T> match) {
        try (TopicProbe probe = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), topic.topicName())) {
            List<ConsumerRecord<String, byte[]>> records = probe.awaitRecords(
                    seen -> !matching(seen, type, match).isEmpty(), Duration.ofSeconds(30));
            return matching(records, type, match).getFirst();
        }
    }

    /** Every matching event published within {@code window}, for asserting what was not published. */
    public static <T extends SpecificRecord> List<T> within(Duration window, Topic topic, Class<T> type, Predicate<T> match) {
        try (TopicProbe probe = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), topic.topicName())) {
            return matching(probe.drain(window), type, match);
        }
    }

    private static <T extends SpecificRecord> List<T> matching(List<ConsumerRecord<String, byte[]>> records, Class<T> type,
                                                               Predicate<T> match) {
        return records.stream()
                .map(record -> CODEC.decode(record.value()))
                .filter(type::isInstance)
                .map(type::cast)
                .filter(match)
                .toList();
    }
}
