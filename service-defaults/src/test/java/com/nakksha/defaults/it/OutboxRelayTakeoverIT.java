package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.events.SessionCompleted;
import com.nakksha.infrastructure.process.FreePorts;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of one service relay from one schema. The instance that commits the events cannot
 * reach the broker (its bootstrap address has no broker behind it); the other publishes everything.
 */
class OutboxRelayTakeoverIT {

    private static final String SCHEMA = "relaytakeover";
    private static final int KEYS = 4;
    private static final int EVENTS_PER_KEY = 15;

    @Test
    void anInstanceThatCannotReachTheBrokerLeavesItsRowsToOneThatCan() throws Exception {
        String brokers = TestInfrastructure.kafka().getBrokersAsString();
        Map<String, Object> cutOff = Map.of(
                "spring.kafka.admin.operation-timeout", "2s",
                "spring.kafka.producer.properties.max.block.ms", "2000",
                "nakksha.outbox.max-outage-pause", "2s");
        try (ConfigurableApplicationContext broken = ServiceInstances.start(SCHEMA, "localhost:" + FreePorts.any(), cutOff);
             ConfigurableApplicationContext healthy = ServiceInstances.start(SCHEMA, brokers, Map.of())) {
            Outbox outbox = broken.getBean(Outbox.class);
            TransactionalOperator transactions = broken.getBean(TransactionalOperator.class);
            AvroEventCodec codec = healthy.getBean(AvroEventCodec.class);
            Inbox inbox = healthy.getBean(Inbox.class);

            List<UUID> sessions = Stream.generate(UUID::randomUUID).limit(KEYS).toList();
            Map<String, List<UUID>> appendedPerKey = new LinkedHashMap<>();
            for (int i = 0; i < KEYS * EVENTS_PER_KEY; i++) {
                UUID session = sessions.get(i % KEYS);
                SessionCompleted event = Events.sessionCompleted(session);
                appendedPerKey.computeIfAbsent(session.toString(), key -> new ArrayList<>()).add(event.getEventId());
                // Committed through the broken instance, whose relay is woken first and claims them first.
                transactions.transactional(outbox.append(Topic.BOOKING_SESSION, session.toString(), event)).block();
            }
            List<UUID> expected = appendedPerKey.values().stream().flatMap(List::stream).toList();

            List<UUID> applied = new CopyOnWriteArrayList<>();
            Map<String, List<UUID>> appliedPerKey = new LinkedHashMap<>();
            try (TopicProbe probe = new TopicProbe(brokers, Topic.BOOKING_SESSION.topicName())) {
                List<ConsumerRecord<String, byte[]>> records = probe.awaitRecords(
                        seen -> ids(seen, codec).containsAll(expected), Duration.ofSeconds(90));
                // An idempotent consumer applies each event once, whatever duplicates a lapsed lease may have caused.
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (!appendedPerKey.containsKey(record.key()) || !isEvent(record)) {
                        continue;
                    }
                    SpecificRecord event = codec.decode(record.value());
                    UUID eventId = EventMetadata.eventId(event);
                    if (!expected.contains(eventId)) {
                        continue;
                    }
                    inbox.handleOnce("takeover-it", event, () -> Mono.fromRunnable(() -> {
                        applied.add(eventId);
                        appliedPerKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(eventId);
                    })).block();
                }
            }

            assertThat(applied).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
            assertThat(appliedPerKey).isEqualTo(appendedPerKey);
            MeterRegistry brokenMeters = broken.getBean(MeterRegistry.class);
            MeterRegistry healthyMeters = healthy.getBean(MeterRegistry.class);
            assertThat(brokenMeters.get("nakksha.outbox.publish.failures").counter().count())
                    .as("the cut-off instance tried and failed").isPositive();
            assertThat(brokenMeters.get("nakksha.outbox.published").counter().count()).isZero();
            assertThat(healthyMeters.get("nakksha.outbox.published").counter().count()).isGreaterThanOrEqualTo(expected.size());
        }
    }

    private static List<UUID> ids(List<ConsumerRecord<String, byte[]>> records, AvroEventCodec codec) {
        return records.stream().filter(OutboxRelayTakeoverIT::isEvent)
                .map(record -> EventMetadata.eventId(codec.decode(record.value()))).toList();
    }

    // Other tests put deliberately undecodable records on the same topic.
    private static boolean isEvent(ConsumerRecord<String, byte[]> record) {
        return record.value().length > 1 && record.value()[0] == (byte) 0xC3;
    }
}
