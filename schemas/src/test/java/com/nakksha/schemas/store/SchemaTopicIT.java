package com.nakksha.schemas.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.nakksha.events.SessionCompleted;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The schema topic against a real (embedded KRaft) broker: what one process registers, another finds. */
class SchemaTopicIT {

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1, SchemaTopic.NAME);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void aSchemaRegisteredByOneProcessIsFoundByAnotherByItsFingerprint() {
        Schema newer = withField(SessionCompleted.getClassSchema(), "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}");
        long fingerprint = SchemaStore.fingerprint(newer);
        try (SchemaTopic consumerSide = new SchemaTopic(client(), Duration.ZERO)) {
            assertThat(consumerSide.findByFingerprint(fingerprint)).as("not registered yet").isNull();
            try (SchemaTopic producerSide = new SchemaTopic(client(), Duration.ZERO)) {
                producerSide.register(newer);
            }
            assertThat(consumerSide.findByFingerprint(fingerprint)).isEqualTo(newer);
        }
    }

    @Test
    void aRecordWhoseKeyIsNotItsSchemasFingerprintIsNotTrusted() throws Exception {
        Schema forged = withField(SessionCompleted.getClassSchema(), "{\"name\":\"forged\",\"type\":\"int\",\"default\":0}");
        Schema claimed = withField(SessionCompleted.getClassSchema(), "{\"name\":\"claimed\",\"type\":\"int\",\"default\":0}");
        long claimedFingerprint = SchemaStore.fingerprint(claimed);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(SchemaTopic.NAME, SchemaTopic.key(claimedFingerprint), forged.toString())).get();
        }
        try (SchemaTopic reader = new SchemaTopic(client(), Duration.ZERO)) {
            assertThat(reader.findByFingerprint(claimedFingerprint)).isNull();
            assertThat(reader.findByFingerprint(SchemaStore.fingerprint(forged))).isNull();
        }
    }

    private static Map<String, Object> client() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    }

    private static Schema withField(Schema schema, String field) {
        String json = schema.toString();
        return new Schema.Parser().parse(json.substring(0, json.lastIndexOf(']')) + "," + field + "]}");
    }
}
