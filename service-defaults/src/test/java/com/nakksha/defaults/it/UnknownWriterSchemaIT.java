package com.nakksha.defaults.it;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.store.SchemaStore;
import com.nakksha.schemas.store.SchemaTopic;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.nakksha.defaults.it.FaultListeners.NEW_SCHEMA_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16: a producer deployed with a newer schema than this consumer's build writes first; the
 * consumer waits instead of dead-lettering, and applies the record once the writer's schema is on
 * the schema topic.
 */
@NakkshaServiceTest(schema = "defaultsit")
class UnknownWriterSchemaIT {

    @Autowired
    MeterRegistry meters;

    @Test
    void aRecordWrittenWithASchemaThisBuildLacksWaitsAndIsAppliedOnceTheSchemaIsResolvable() throws Exception {
        Schema newer = sessionCompletedWithRating();
        assertThat(SchemaStore.classpath().find(SchemaStore.fingerprint(newer))).as("not in this build").isEmpty();
        UUID eventId = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        GenericRecord event = new GenericData.Record(newer);
        event.put("eventId", eventId.toString());
        event.put("occurredAt", Instant.now().toEpochMilli());
        event.put("consultantId", UUID.randomUUID().toString());
        event.put("sessionId", session.toString());
        event.put("rating", 5);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), newer).encode(event, encoded);
        double transientBefore = transientRetries();

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(NEW_SCHEMA_TOPIC, session.toString(), encoded.toByteArray())).get(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> transientRetries() >= transientBefore + 3);
        assertThat(FaultProbes.effects("new-schema", eventId)).isZero();
        assertThat(deadLettersOnTopic(Duration.ofSeconds(1))).isZero();

        // The newer producer registers its schema, from its own process.
        try (SchemaTopic newerProducersSchemas = new SchemaTopic(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString()), Duration.ZERO)) {
            newerProducersSchemas.register(newer);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> FaultProbes.effects("new-schema", eventId) == 1);
        assertThat(deadLettersOnTopic(Duration.ofSeconds(1))).isZero();
        assertThat(FaultProbes.count(meters, "nakksha.kafka.consumer.dead.letters", "topic", NEW_SCHEMA_TOPIC)).isZero();
    }

    @Test
    void theSchemaTopicIsCompactedSoSchemasAreKeptForGood() throws Exception {
        try (Admin admin = FaultProbes.admin()) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, SchemaTopic.NAME);
            Config config = admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS).get(topic);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    /** The next version of SessionCompleted, as a producer built after an added optional field would write it. */
    private static Schema sessionCompletedWithRating() {
        String current = SessionCompleted.getClassSchema().toString();
        String withRating = current.substring(0, current.lastIndexOf(']'))
                + ",{\"name\":\"rating\",\"type\":[\"null\",\"int\"],\"default\":null}]}";
        return new Schema.Parser().parse(withRating);
    }

    private double transientRetries() {
        return FaultProbes.count(meters, "nakksha.kafka.consumer.retries", "topic", NEW_SCHEMA_TOPIC, "kind", "transient");
    }

    private long deadLettersOnTopic(Duration window) throws Exception {
        FaultProbes.ensureTopic(NEW_SCHEMA_TOPIC + "-dlt");
        try (TopicProbe probe = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), NEW_SCHEMA_TOPIC + "-dlt")) {
            return probe.drain(window).size();
        }
    }
}
