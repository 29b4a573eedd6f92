package com.nakksha.defaults.it;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nakksha.defaults.kafka.DeadLetterRedrive;
import com.nakksha.defaults.kafka.DeadLetterRedrive.DeadLetter;
import com.nakksha.defaults.kafka.DeadLetterRedrive.Selection;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.nakksha.defaults.it.FaultListeners.REFUSALS_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 16: a refused record is dead-lettered once after bounded retries, and an operator can re-drive it after the fix. */
@NakkshaServiceTest(schema = "defaultsit")
class DeadLetterRedriveIT {

    private static final String DEAD_LETTER_TOPIC = REFUSALS_TOPIC + "-dlt";

    @Autowired
    MeterRegistry meters;
    @Autowired
    AvroEventCodec codec;

    @Test
    void aRefusedRecordGoesToTheDltAfterBoundedRetriesTheNextFlowAndARedriveAfterTheFixAppliesItOnce() throws Exception {
        UUID session = UUID.randomUUID();
        SessionCompleted refused = Events.sessionCompleted(session);
        SessionCompleted next = Events.sessionCompleted(session);
        FaultListeners.refused.add(refused.getEventId());
        double deadLettersBefore = deadLetters();
        double retriesBefore = FaultProbes.count(meters, "nakksha.kafka.consumer.retries", "topic", REFUSALS_TOPIC, "kind", "permanent");
        Instant sent = Instant.now();

        try (KafkaProducer<String, SpecificRecord> producer = InboxIT.producer()) {
            // One key, so the next record waits behind the refused one on the same partition.
            producer.send(new ProducerRecord<>(REFUSALS_TOPIC, session.toString(), refused));
            producer.send(new ProducerRecord<>(REFUSALS_TOPIC, session.toString(), next));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> FaultProbes.effects("refusals", next.getEventId()) == 1);
        assertThat(deadLetterCopiesOf(refused.getEventId())).isEqualTo(1);
        assertThat(FaultProbes.effects("refusals", refused.getEventId())).isZero();
        assertThat(deadLetters() - deadLettersBefore).as("dead letters, not attempts").isEqualTo(1);
        // max-retries is 2 in the tests: the first delivery and two retries failed, then the DLT.
        assertThat(FaultProbes.count(meters, "nakksha.kafka.consumer.retries", "topic", REFUSALS_TOPIC, "kind", "permanent") - retriesBefore)
                .isEqualTo(3);

        FaultListeners.refused.remove(refused.getEventId());
        try (DeadLetterRedrive redrive = new DeadLetterRedrive(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString()))) {
            Selection byId = new Selection(REFUSALS_TOPIC, Set.of(refused.getEventId()), null, null);
            List<DeadLetter> listed = redrive.list(byId);
            assertThat(listed).singleElement().satisfies(letter -> {
                assertThat(letter.eventId()).isEqualTo(refused.getEventId());
                assertThat(letter.eventType()).isEqualTo("SessionCompleted");
                assertThat(letter.reason()).contains("refusing event");
            });
            assertThat(redrive.list(new Selection(REFUSALS_TOPIC, Set.of(refused.getEventId()), sent.minusSeconds(60), sent.minusSeconds(30))))
                    .as("outside the time window").isEmpty();
            assertThat(redrive.list(new Selection(REFUSALS_TOPIC, Set.of(refused.getEventId()), sent.minusSeconds(60), null)))
                    .as("inside the time window").hasSize(1);
            assertThat(FaultProbes.effects("refusals", refused.getEventId())).as("a dry run moves nothing").isZero();

            assertThat(redrive.redrive(byId)).hasSize(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> FaultProbes.effects("refusals", refused.getEventId()) == 1);

            // Re-driving everything again, the applied record included, has no second effect.
            assertThat(redrive.redrive(Selection.all(REFUSALS_TOPIC))).isNotEmpty();
            await().atMost(Duration.ofSeconds(30)).until(() -> FaultProbes.caughtUp("faults-refusals", REFUSALS_TOPIC));
        }
        assertThat(FaultProbes.effects("refusals", refused.getEventId())).isEqualTo(1);
        assertThat(FaultProbes.effects("refusals", next.getEventId())).isEqualTo(1);
        assertThat(deadLetterCopiesOf(refused.getEventId())).as("nothing new in the DLT").isEqualTo(1);
    }

    private double deadLetters() {
        return FaultProbes.count(meters, "nakksha.kafka.consumer.dead.letters", "topic", REFUSALS_TOPIC);
    }

    private long deadLetterCopiesOf(UUID eventId) {
        try (TopicProbe probe = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), DEAD_LETTER_TOPIC)) {
            probe.awaitRecords(records -> records.stream().anyMatch(record -> isEvent(record, eventId)), Duration.ofSeconds(30));
            return probe.drain(Duration.ofSeconds(1)).stream().filter(record -> isEvent(record, eventId)).count();
        }
    }

    private boolean isEvent(ConsumerRecord<String, byte[]> record, UUID eventId) {
        return EventMetadata.eventId(codec.decode(record.value())).equals(eventId);
    }
}
