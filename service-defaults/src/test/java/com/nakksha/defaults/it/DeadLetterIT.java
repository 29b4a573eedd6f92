package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@NakkshaServiceTest(schema = "defaultsit")
class DeadLetterIT {

    @Autowired
    AvroEventCodec codec;
    @Autowired
    MeterRegistry meters;

    @Test
    void aRecordThatCannotBeDeserializedGoesToTheDeadLetterTopicAndTheConsumerCarriesOn() {
        byte[] garbage = ("not avro " + UUID.randomUUID()).getBytes();
        SessionCompleted after = Events.sessionCompleted(UUID.randomUUID());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer())) {
            // Same key, so both land on one partition and the good record waits behind the bad one.
            producer.send(new ProducerRecord<>(Topic.BOOKING_SESSION.topicName(), "same-key", garbage));
            producer.send(new ProducerRecord<>(Topic.BOOKING_SESSION.topicName(), "same-key", codec.encode(after)));
        }

        try (TopicProbe deadLetters = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), Topic.BOOKING_SESSION.deadLetterTopicName())) {
            deadLetters.awaitRecords(records -> records.stream().anyMatch(record -> java.util.Arrays.equals(record.value(), garbage)),
                    Duration.ofSeconds(30));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> DefaultsTestApplication.RecordingConsumer.received.contains(after.getEventId()));
        assertThat(meters.counter("nakksha.kafka.consumer.dead.letters", "topic", Topic.BOOKING_SESSION.topicName(), "reason", "deserialization").count())
                .isPositive();
    }

    @Test
    void aRecordWhoseHandlerKeepsFailingIsRetriedThenDeadLettered() {
        SessionCompleted poison = Events.sessionCompleted(UUID.randomUUID());
        DefaultsTestApplication.RecordingConsumer.poisonous.add(poison.getEventId());
        double retriesBefore = FaultProbes.count(meters, "nakksha.kafka.consumer.retries", "topic", Topic.BOOKING_SESSION.topicName());
        try (KafkaProducer<String, SpecificRecord> producer = InboxIT.producer()) {
            producer.send(new ProducerRecord<>(Topic.BOOKING_SESSION.topicName(), poison.getSessionId().toString(), poison));
        }

        try (TopicProbe deadLetters = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), Topic.BOOKING_SESSION.deadLetterTopicName())) {
            deadLetters.awaitRecords(records -> records.stream()
                    .filter(record -> !isGarbage(record.value()))
                    .anyMatch(record -> EventMetadata.eventId(codec.decode(record.value())).equals(poison.getEventId())), Duration.ofSeconds(30));
        }
        assertThat(DefaultsTestApplication.RecordingConsumer.received).doesNotContain(poison.getEventId());
        assertThat(FaultProbes.count(meters, "nakksha.kafka.consumer.retries", "topic", Topic.BOOKING_SESSION.topicName()) - retriesBefore)
                .isGreaterThanOrEqualTo(2);
    }

    private boolean isGarbage(byte[] value) {
        return new String(value).startsWith("not avro");
    }
}
