package com.nakksha.defaults.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static com.nakksha.defaults.it.FaultListeners.BATCH_LISTENER;
import static com.nakksha.defaults.it.FaultListeners.BATCH_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A batch listener hands the inbox a poll's records ({@code Inbox.handleAll}): they commit in one
 * transaction ({@code nakksha.inbox.max-batch} at most), and a record the handler refuses fails alone.
 */
@NakkshaServiceTest(schema = "defaultsit")
class InboxBatchIT {

    private static final String CONSUMER = "faults-batch";

    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    MeterRegistry meters;
    @Autowired
    PrometheusMeterRegistry prometheus;
    @Autowired
    AvroEventCodec codec;
    @Autowired
    DatabaseClient database;
    @Autowired
    TransactionalOperator transactions;

    @Test
    void aPollCommitsInOneTransactionAndARefusedRecordFailsAloneWithTheRecordsAroundItAppliedOnce() throws Exception {
        UUID session = UUID.randomUUID();
        List<SessionCompleted> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(Events.sessionCompleted(session));
        }
        SessionCompleted refused = events.get(5);
        List<SessionCompleted> before = events.subList(0, 5);
        List<SessionCompleted> after = events.subList(6, 12);
        FaultListeners.refused.add(refused.getEventId());
        double appliedBefore = FaultProbes.count(meters, "nakksha.inbox.events", "consumer", CONSUMER, "outcome", "applied");
        // One key: one partition, in this order, all waiting before the listener starts, so its polls hold several.
        try (KafkaProducer<String, SpecificRecord> producer = InboxIT.producer()) {
            for (SessionCompleted event : events) {
                producer.send(new ProducerRecord<>(BATCH_TOPIC, session.toString(), event));
            }
        }
        listeners.getListenerContainer(BATCH_LISTENER).start();

        await().atMost(Duration.ofSeconds(60)).until(() -> after.stream().allMatch(event -> FaultProbes.effects("batch", event.getEventId()) == 1));
        try (TopicProbe deadLetters = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), BATCH_TOPIC + "-dlt")) {
            deadLetters.awaitRecords(records -> records.stream()
                    .anyMatch(record -> EventMetadata.eventId(codec.decode(record.value())).equals(refused.getEventId())), Duration.ofSeconds(30));
        }
        assertThat(before).allSatisfy(event -> assertThat(FaultProbes.effects("batch", event.getEventId())).isEqualTo(1));
        assertThat(FaultProbes.effects("batch", refused.getEventId())).isZero();
        assertThat(transactionsOf(after)).as("transactions that committed the records after the refused one, polled together").isOne();
        assertThat(transactionsOf(before)).as("the records before it, once its poll's transaction failed: one each").isEqualTo(before.size());
        assertThat(FaultProbes.count(meters, "nakksha.inbox.events", "consumer", CONSUMER, "outcome", "applied") - appliedBefore)
                .as("applied events counted once committed, not for the transaction rolled back")
                .isEqualTo(events.size() - 1);
        assertThat(prometheus.scrape()).as("each record's listener observation timed in the scrape, not refused for a "
                        + "container timer of the same name with other labels")
                .containsPattern("spring_kafka_listener_seconds_count\\{[^}]*messaging_source_name=\"" + BATCH_TOPIC + "\"");
    }

    @Test
    void aPollLongerThanTheMaximumCommitsInTurnAndAFailureNamesItsIndexInThePoll() throws Exception {
        Inbox inbox = batching(3);
        String consumer = "faults-batch-max";
        List<SessionCompleted> events = new ArrayList<>();
        List<ConsumerRecord<String, SpecificRecord>> poll = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
            events.add(event);
            poll.add(new ConsumerRecord<>(BATCH_TOPIC, 0, i, event.getSessionId().toString(), event));
        }
        UUID refused = events.get(4).getEventId();

        assertThatThrownBy(() -> inbox.handleEachOnce(consumer, poll, event -> {
            if (EventMetadata.eventId(event).equals(refused)) {
                throw new IllegalStateException("refusing event " + refused);
            }
            return () -> database.sql("INSERT INTO applied_effect (event_id, consumer) VALUES (:id, 'batch-max')")
                    .bind("id", EventMetadata.eventId(event)).fetch().rowsUpdated();
        }))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, failed -> assertThat(failed.getIndex())
                        .as("the refused record's index in the whole poll").isEqualTo(4))
                .hasRootCauseMessage("refusing event " + refused);

        assertThat(events).allSatisfy(event -> assertThat(FaultProbes.effects("batch-max", event.getEventId()))
                .as("applied: the records before the refused one").isEqualTo(events.indexOf(event) < 4 ? 1 : 0));
        assertThat(transactionsOf(consumer, events.subList(0, 3))).as("the first three, one transaction").isOne();
        assertThat(transactionsOf(consumer, events.subList(3, 4))).as("the fourth, alone once its three failed").isOne();
    }

    @Test
    void anEventTwiceInAPollOrHandledByAnEarlierPollHasOneEffectCountsAsADuplicateAndGivesNothingAfterCommit() {
        Inbox inbox = batching(100);
        String consumer = "faults-batch-twice";
        SessionCompleted earlier = Events.sessionCompleted(UUID.randomUUID());
        SessionCompleted twice = Events.sessionCompleted(UUID.randomUUID());
        SessionCompleted once = Events.sessionCompleted(UUID.randomUUID());
        SessionCompleted ignored = Events.sessionCompleted(UUID.randomUUID());
        SessionCompleted silent = Events.sessionCompleted(UUID.randomUUID());
        inbox.handleEachOnce(consumer, List.of(record(0, earlier)), event -> applyAs("batch-twice", event));
        double duplicatesBefore = FaultProbes.count(meters, "nakksha.inbox.events", "consumer", consumer, "outcome", "duplicate");
        List<UUID> committed = new ArrayList<>();

        inbox.handleEachOnce(consumer, List.of(record(1, twice), record(2, earlier), record(3, ignored), record(4, twice),
                        record(5, silent), record(6, once)),
                event -> event == ignored ? null
                        : event == silent ? () -> applyAs("batch-twice", event).get().then(Mono.<UUID>empty())
                        : () -> applyAs("batch-twice", event).get().thenReturn(EventMetadata.eventId(event)),
                committed::addAll);

        assertThat(List.of(earlier, twice, once, silent)).allSatisfy(event ->
                assertThat(FaultProbes.effects("batch-twice", event.getEventId())).as("one effect each").isEqualTo(1));
        assertThat(FaultProbes.effects("batch-twice", ignored.getEventId())).isZero();
        assertThat(FaultProbes.count(meters, "nakksha.inbox.events", "consumer", consumer, "outcome", "duplicate") - duplicatesBefore)
                .as("the copy in the poll and the event handled by the earlier poll").isEqualTo(2);
        assertThat(committed).as("what the applied effects gave, in poll order: nothing of the earlier poll's event, the copy "
                        + "or the effect that completed empty")
                .containsExactly(twice.getEventId(), once.getEventId());
    }

    @Test
    void aBatchHandlerGetsEachTransactionsEventsAtOnceAndAFailingBatchIsHandledAgainOneEventAtATime() {
        Inbox inbox = batching(3);
        String consumer = "faults-batch-whole";
        SessionCompleted earlier = Events.sessionCompleted(UUID.randomUUID());
        inbox.handleBatch(consumer, List.of(record(0, earlier)), events -> claimAndApply(inbox, consumer, events), committed -> { });
        List<SessionCompleted> fresh = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fresh.add(Events.sessionCompleted(UUID.randomUUID()));
        }
        // Transactions of three: [0, earlier, 1], [1 again, 2, 3].
        List<SessionCompleted> poll = List.of(fresh.get(0), earlier, fresh.get(1), fresh.get(1), fresh.get(2), fresh.get(3));
        List<List<UUID>> batches = new ArrayList<>();
        List<SpecificRecord> committed = new ArrayList<>();
        double duplicatesBefore = FaultProbes.count(meters, "nakksha.inbox.events", "consumer", consumer, "outcome", "duplicate");

        inbox.handleBatch(consumer, records(poll), events -> {
            batches.add(events.stream().map(EventMetadata::eventId).toList());
            return claimAndApply(inbox, consumer, events);
        }, committed::addAll);

        assertThat(batches).as("each transaction's events at once, in poll order").containsExactly(
                List.of(fresh.get(0).getEventId(), earlier.getEventId(), fresh.get(1).getEventId()),
                List.of(fresh.get(1).getEventId(), fresh.get(2).getEventId(), fresh.get(3).getEventId()));
        assertThat(committed).as("what the handler applied, once committed").containsExactlyElementsOf(fresh);
        assertThat(fresh).allSatisfy(event -> assertThat(FaultProbes.effects("batch-whole", event.getEventId())).isEqualTo(1));
        assertThat(FaultProbes.effects("batch-whole", earlier.getEventId())).isEqualTo(1);
        assertThat(FaultProbes.count(meters, "nakksha.inbox.events", "consumer", consumer, "outcome", "duplicate") - duplicatesBefore)
                .as("the event of the earlier poll and the copy in the second transaction").isEqualTo(2);

        SessionCompleted refused = Events.sessionCompleted(UUID.randomUUID());
        List<SessionCompleted> failing = List.of(Events.sessionCompleted(UUID.randomUUID()), refused, Events.sessionCompleted(UUID.randomUUID()));
        assertThatThrownBy(() -> inbox.handleBatch(consumer, records(failing), events -> events.stream()
                        .anyMatch(event -> EventMetadata.eventId(event).equals(refused.getEventId()))
                        ? claimAndApply(inbox, consumer, events).then(Mono.error(new IllegalStateException("refusing " + refused.getEventId())))
                        : claimAndApply(inbox, consumer, events), done -> { }))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, failed -> assertThat(failed.getIndex())
                        .as("the refused event's index, found by handling the batch again one event at a time").isEqualTo(1));
        assertThat(FaultProbes.effects("batch-whole", failing.get(0).getEventId())).as("the event before it, alone").isEqualTo(1);
        assertThat(FaultProbes.effects("batch-whole", refused.getEventId())).isZero();
        assertThat(FaultProbes.effects("batch-whole", failing.get(2).getEventId())).as("left for the retry").isZero();
    }

    /** Claims the events and applies the claimed ones; the applied ones in the order given. */
    private Mono<List<SpecificRecord>> claimAndApply(Inbox inbox, String consumer, List<SpecificRecord> events) {
        return inbox.claimOnce(consumer, events).flatMap(claimed -> Flux.fromIterable(events)
                .filter(event -> claimed.contains(EventMetadata.eventId(event)))
                .distinct(EventMetadata::eventId)
                .concatMap(event -> applyAs("batch-whole", event).get().thenReturn(event))
                .collectList());
    }

    /** An inbox of this context's database with at most {@code maxBatch} records a transaction. */
    private Inbox batching(int maxBatch) {
        return new Inbox(database, transactions, meters, Duration.ofSeconds(10), ObservationRegistry.NOOP, maxBatch);
    }

    private static List<ConsumerRecord<String, SpecificRecord>> records(List<SessionCompleted> events) {
        List<ConsumerRecord<String, SpecificRecord>> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(record(i + 1, events.get(i)));
        }
        return records;
    }

    private Supplier<Mono<Long>> applyAs(String consumer, SpecificRecord event) {
        return () -> database.sql("INSERT INTO applied_effect (event_id, consumer) VALUES (:id, :consumer)")
                .bind("id", EventMetadata.eventId(event)).bind("consumer", consumer).fetch().rowsUpdated();
    }

    private static ConsumerRecord<String, SpecificRecord> record(long offset, SessionCompleted event) {
        return new ConsumerRecord<>(BATCH_TOPIC, 0, offset, event.getSessionId().toString(), event);
    }

    /** How many transactions inserted the events' inbox rows (the rows' {@code xmin}). */
    private static long transactionsOf(List<SessionCompleted> events) throws SQLException {
        return transactionsOf(CONSUMER, events);
    }

    private static long transactionsOf(String consumer, List<SessionCompleted> events) throws SQLException {
        try (Connection superuser = TestInfrastructure.superuserConnection();
             PreparedStatement query = superuser.prepareStatement(
                     "SELECT count(DISTINCT xmin::text) FROM defaultsit.inbox_event WHERE consumer = ? AND event_id = ANY (?)")) {
            query.setString(1, consumer);
            query.setArray(2, superuser.createArrayOf("uuid", events.stream().map(SessionCompleted::getEventId).toArray()));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
