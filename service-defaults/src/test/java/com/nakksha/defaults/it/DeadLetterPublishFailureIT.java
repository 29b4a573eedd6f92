package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.nakksha.defaults.it.FaultListeners.DLT_FAILURE_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16: when the dead-letter topic refuses a record (here: the broker rejects it as too large
 * for the topic), the record is not lost, not counted as dead-lettered, and not committed.
 */
@NakkshaServiceTest(schema = "defaultsit")
class DeadLetterPublishFailureIT {

    private static final String DEAD_LETTER_TOPIC = DLT_FAILURE_TOPIC + "-dlt";

    @Autowired
    MeterRegistry meters;
    @Autowired
    AvroEventCodec codec;

    @Test
    void aDeadLetterTheDltRefusesIsRetriedNeitherLostNorCountedAndGoesThroughOnceTheDltAcceptsIt() throws Exception {
        try (Admin admin = FaultProbes.admin()) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(DEAD_LETTER_TOPIC)) {
                admin.createTopics(List.of(new NewTopic(DEAD_LETTER_TOPIC, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
            }
            maxMessageBytes(admin, 64);

            UUID session = UUID.randomUUID();
            SessionCompleted refused = Events.sessionCompleted(session);
            SessionCompleted next = Events.sessionCompleted(session);
            FaultListeners.refused.add(refused.getEventId());
            RecordMetadata written;
            try (KafkaProducer<String, SpecificRecord> producer = InboxIT.producer()) {
                written = producer.send(new ProducerRecord<>(DLT_FAILURE_TOPIC, session.toString(), refused)).get(10, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(DLT_FAILURE_TOPIC, session.toString(), next)).get(10, TimeUnit.SECONDS);
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> failedPublishes() >= 2);
            assertThat(deadLetters()).as("not counted as dead-lettered").isZero();
            assertThat(copiesInDlt(refused.getEventId(), Duration.ofSeconds(1))).isZero();
            assertThat(FaultProbes.effects("dlt-failure", next.getEventId())).as("the record behind it was not skipped to").isZero();
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("faults-dlt-failure").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new TopicPartition(DLT_FAILURE_TOPIC, written.partition()));
            assertThat(committed == null || committed.offset() <= written.offset()).as("offset not committed past the record").isTrue();

            maxMessageBytes(admin, 1024 * 1024);
            await().atMost(Duration.ofSeconds(60)).until(() -> FaultProbes.effects("dlt-failure", next.getEventId()) == 1);
            assertThat(copiesInDlt(refused.getEventId(), Duration.ofSeconds(2))).isEqualTo(1);
            assertThat(deadLetters()).isEqualTo(1);
            assertThat(FaultProbes.effects("dlt-failure", refused.getEventId())).isZero();
        }
    }

    private double deadLetters() {
        return FaultProbes.count(meters, "nakksha.kafka.consumer.dead.letters", "topic", DLT_FAILURE_TOPIC);
    }

    private double failedPublishes() {
        return FaultProbes.count(meters, "nakksha.kafka.consumer.dead.letter.failures", "topic", DLT_FAILURE_TOPIC);
    }

    private long copiesInDlt(UUID eventId, Duration window) {
        try (TopicProbe probe = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), DEAD_LETTER_TOPIC)) {
            return probe.drain(window).stream().filter(record -> isEvent(record, eventId)).count();
        }
    }

    private boolean isEvent(ConsumerRecord<String, byte[]> record, UUID eventId) {
        return EventMetadata.eventId(codec.decode(record.value())).equals(eventId);
    }

    private static void maxMessageBytes(Admin admin, int bytes) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, DEAD_LETTER_TOPIC);
        admin.incrementalAlterConfigs(Map.of(topic, Set.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(bytes)), AlterConfigOp.OpType.SET))))
                .all().get(10, TimeUnit.SECONDS);
    }
}
