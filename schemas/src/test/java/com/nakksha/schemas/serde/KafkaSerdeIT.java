package com.nakksha.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nakksha.events.PaymentCaptured;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.SampleEvents;
import com.nakksha.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The serde as Kafka clients use it: configured by class name, against a real (embedded KRaft) broker. */
class KafkaSerdeIT {

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1, Arrays.stream(Topic.values()).map(Topic::topicName).toArray(String[]::new));
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void everyEventTravelsThroughItsTopicAndComesBackEqual() throws Exception {
        List<SpecificRecord> sent = SampleEvents.all();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroEventSerializer.class.getName()))) {
            for (SpecificRecord event : sent) {
                Topic topic = Arrays.stream(Topic.values()).filter(candidate -> candidate.carries(event.getClass())).findFirst().orElseThrow();
                producer.send(new ProducerRecord<>(topic.topicName(), EventMetadata.consultantId(event).toString(), event)).get();
            }
        }

        List<SpecificRecord> received = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "schemas-serde-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroEventDeserializer.class.getName()))) {
            consumer.subscribe(Arrays.stream(Topic.values()).map(Topic::topicName).toList());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (received.size() < sent.size() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(Topic.forName(record.topic()).carries(record.value().getClass())).isTrue();
                    received.add(record.value());
                }
            }
        }

        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void serializerRefusesAnEventOnTheWrongTopic() {
        PaymentCaptured captured = SampleEvents.all().stream()
                .filter(PaymentCaptured.class::isInstance).map(PaymentCaptured.class::cast).findFirst().orElseThrow();
        try (AvroEventSerializer serializer = new AvroEventSerializer()) {
            assertThatThrownBy(() -> serializer.serialize("booking.session", captured))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("PaymentCaptured does not belong on topic booking.session");
            assertThat(serializer.serialize("payment.payment-dlt", captured)).isNotEmpty();
        }
    }

    @Test
    void nullValuesStayNull() {
        try (AvroEventSerializer serializer = new AvroEventSerializer();
                AvroEventDeserializer deserializer = new AvroEventDeserializer()) {
            assertThat(serializer.serialize("booking.session", null)).isNull();
            assertThat(deserializer.deserialize("booking.session", null)).isNull();
        }
    }

    @Test
    void deserializerRejectsGarbage() {
        try (AvroEventDeserializer deserializer = new AvroEventDeserializer()) {
            assertThatThrownBy(() -> deserializer.deserialize("booking.session", "not avro at all".getBytes()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("Not an Avro single-object encoded event");
        }
    }
}
