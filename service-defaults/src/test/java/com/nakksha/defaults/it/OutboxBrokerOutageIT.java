package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.events.SessionCompleted;
import com.nakksha.infrastructure.kafka.KafkaBrokerProcess;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The broker is a separate process here, so the test can kill it and bring the same cluster back. */
@NakkshaServiceTest(schema = "defaultsit", sharedKafka = false)
class OutboxBrokerOutageIT {

    static final KafkaBrokerProcess broker = TestInfrastructure.separateKafkaBroker();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionalOperator transactions;
    @Autowired
    AvroEventCodec codec;
    @Autowired
    MeterRegistry meters;

    @Test
    void eventsCommittedWhileTheBrokerIsDownArePublishedInOrderWhenItIsBack() {
        List<UUID> sessions = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        Map<String, List<UUID>> appendedPerKey = new LinkedHashMap<>();
        SessionCompleted before = Events.sessionCompleted(sessions.getFirst());
        append(before, appendedPerKey);
        try (TopicProbe probe = new TopicProbe(broker.bootstrapServers(), Topic.BOOKING_SESSION.topicName())) {
            probe.awaitRecords(records -> ids(records).contains(before.getEventId()), Duration.ofSeconds(30));
        }
        double failuresBefore = failures();

        broker.stop();
        for (int i = 0; i < 12; i++) {
            append(Events.sessionCompleted(sessions.get(i % sessions.size())), appendedPerKey);
        }
        // The broker stays away until the relay has tried and failed, so the test proves it recovers from failed sends.
        await().atMost(Duration.ofSeconds(60)).until(() -> failures() > failuresBefore);
        broker.start();

        // The event published before the outage is still there after the restart, and the ones committed during it follow, per key in order.
        List<UUID> expected = appendedPerKey.values().stream().flatMap(List::stream).toList();
        try (TopicProbe probe = new TopicProbe(broker.bootstrapServers(), Topic.BOOKING_SESSION.topicName())) {
            List<ConsumerRecord<String, byte[]>> records = probe.awaitRecords(seen -> ids(seen).containsAll(expected), Duration.ofSeconds(60));
            for (Map.Entry<String, List<UUID>> appended : appendedPerKey.entrySet()) {
                // A send that timed out may still have landed, so a row can be on the topic twice; its first copy holds its place.
                List<UUID> published = ids(records.stream().filter(record -> record.key().equals(appended.getKey())).toList())
                        .stream().distinct().toList();
                assertThat(published).containsExactlyElementsOf(appended.getValue());
            }
        }
    }

    private double failures() {
        return meters.get("nakksha.outbox.publish.failures").counter().count();
    }

    private void append(SessionCompleted event, Map<String, List<UUID>> appendedPerKey) {
        append(event);
        appendedPerKey.computeIfAbsent(event.getSessionId().toString(), key -> new ArrayList<>()).add(event.getEventId());
    }

    private void append(SessionCompleted event) {
        transactions.transactional(outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event)).block();
    }

    private List<UUID> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(record -> EventMetadata.eventId(codec.decode(record.value()))).toList();
    }
}
