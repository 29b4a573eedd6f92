package com.nakksha.schemas.serde;

import com.nakksha.schemas.Topic;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer for events. Refuses to put an event on a registered topic (or its
 * dead-letter topic) that does not carry that event type.
 */
public class AvroEventSerializer implements Serializer<SpecificRecord> {

    private final AvroEventCodec codec;

    public AvroEventSerializer() {
        this(new AvroEventCodec());
    }

    public AvroEventSerializer(AvroEventCodec codec) {
        this.codec = codec;
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord event) {
        if (event == null) {
            return null;
        }
        registeredTopic(topic).ifPresent(registered -> {
            if (!registered.carries(event.getClass())) {
                throw new SerializationException(event.getClass().getSimpleName() + " does not belong on topic " + topic
                        + "; it carries " + registered.valueTypes().stream().map(Class::getSimpleName).toList());
            }
        });
        return codec.encode(event);
    }

    private static Optional<Topic> registeredTopic(String topicName) {
        return Arrays.stream(Topic.values())
                .filter(topic -> topic.topicName().equals(topicName) || topic.deadLetterTopicName().equals(topicName))
                .findFirst();
    }
}
