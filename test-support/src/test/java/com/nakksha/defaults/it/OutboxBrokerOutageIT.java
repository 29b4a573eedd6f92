package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.KafkaServerProcess;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker is a separate process here, so the test can kill it and bring the same cluster back. */
@NakkshaServiceTest(schema = "defaultsit", sharedKafka = false)
class OutboxBrokerOutageIT {

    static final KafkaServerProcess broker = KafkaServerProcess.formatAndStart();

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

    @Test
    void eventsCommittedWhileTheBrokerIsDownArePublishedWhenItIsBack() {
        SessionCompleted before = Events.sessionCompleted(UUID.randomUUID());
        append(before);
        try (TopicProbe probe = new TopicProbe(broker.bootstrapServers(), Topic.BOOKING_SESSION.topicName())) {
            probe.awaitRecords(records -> ids(records).contains(before.getEventId()), Duration.ofSeconds(30));
        }

        broker.stop();
        List<SessionCompleted> duringOutage = List.of(
                Events.sessionCompleted(UUID.randomUUID()), Events.sessionCompleted(UUID.randomUUID()));
        duringOutage.forEach(this::append);
        broker.start();

        // The event published before the outage is still there after the restart, and the ones committed during it follow.
        List<UUID> expected = List.of(before.getEventId(), duringOutage.get(0).getEventId(), duringOutage.get(1).getEventId());
        try (TopicProbe probe = new TopicProbe(broker.bootstrapServers(), Topic.BOOKING_SESSION.topicName())) {
            List<UUID> published = ids(probe.awaitRecords(records -> ids(records).containsAll(expected), Duration.ofSeconds(60)));
            assertThat(published).containsAll(expected);
        }
    }

    private void append(SessionCompleted event) {
        transactions.transactional(outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event)).block();
    }

    private List<UUID> ids(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(record -> EventMetadata.eventId(codec.decode(record.value()))).toList();
    }
}
