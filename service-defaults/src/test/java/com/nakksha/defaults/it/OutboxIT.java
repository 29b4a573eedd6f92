package com.nakksha.defaults.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.defaults.outbox.OutboxProperties;
import com.nakksha.defaults.outbox.OutboxRelay;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@NakkshaServiceTest(schema = "defaultsit")
class OutboxIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxRelay relay;
    @Autowired
    TransactionalOperator transactions;
    @Autowired
    AvroEventCodec codec;
    @Autowired
    DatabaseClient database;
    @Autowired
    ReactiveTransactionManager transactionManager;
    @Autowired
    OutboxProperties properties;

    @Test
    void eventsOfRolledBackTransactionsAreNeverPublished() {
        SessionCompleted rolledBack = Events.sessionCompleted(UUID.randomUUID());
        SessionCompleted committed = Events.sessionCompleted(UUID.randomUUID());

        assertThatThrownBy(() -> transactions.transactional(
                        outbox.append(Topic.BOOKING_SESSION, rolledBack.getSessionId().toString(), rolledBack)
                                .then(Mono.error(new IllegalStateException("business rule failed"))))
                .block())
                .hasMessageContaining("business rule failed");
        append(committed);

        try (TopicProbe probe = probe()) {
            probe.awaitRecords(records -> eventIds(records).contains(committed.getEventId()), WAIT);
            assertThat(eventIds(probe.drain(Duration.ofMillis(500)))).doesNotContain(rolledBack.getEventId());
        }
    }

    @Test
    void committedEventsArePublishedInOrderPerAggregate() {
        Map<String, List<UUID>> appendedPerKey = new LinkedHashMap<>();
        List<SessionCompleted> events = new ArrayList<>();
        List<UUID> sessions = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (int i = 0; i < 60; i++) {
            UUID session = sessions.get(i % sessions.size());
            SessionCompleted event = Events.sessionCompleted(session);
            events.add(event);
            appendedPerKey.computeIfAbsent(session.toString(), key -> new ArrayList<>()).add(event.getEventId());
        }
        // Half in one transaction, the rest one per transaction: both must keep the per-key order.
        transactions.transactional(Flux.fromIterable(events.subList(0, 30))
                .concatMap(event -> outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event))
                .then()).block();
        events.subList(30, 60).forEach(this::append);

        try (TopicProbe probe = probe()) {
            List<ConsumerRecord<String, byte[]>> records = probe.awaitRecords(
                    seen -> eventIds(seen).containsAll(events.stream().map(SessionCompleted::getEventId).toList()), WAIT);
            for (Map.Entry<String, List<UUID>> appended : appendedPerKey.entrySet()) {
                List<UUID> published = eventIds(records.stream()
                        .filter(record -> record.key().equals(appended.getKey()))
                        .toList());
                assertThat(published).containsExactlyElementsOf(appended.getValue());
            }
        }
    }

    @Test
    void aTransactionWritesItsEventsAtCommitInOneStatementInAppendOrder() throws Exception {
        // Stopped, the relay does not publish the rows before they are looked at.
        relay.stop();
        try {
            List<UUID> sessions = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
            List<SessionCompleted> events = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                events.add(Events.sessionCompleted(sessions.get((i * 2) % sessions.size())));
            }
            String[] ids = events.stream().map(event -> event.getEventId().toString()).toArray(String[]::new);

            Long visibleBeforeCommit = transactions.transactional(Flux.fromIterable(events)
                    .concatMap(event -> outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event))
                    .then(database.sql("SELECT count(*) AS n FROM outbox_event_history WHERE event_id::text = ANY(:ids::text[])")
                            .bind("ids", ids).map(row -> row.get("n", Long.class)).one())).block();

            assertThat(visibleBeforeCommit).as("rows are buffered until commit").isZero();
            // A row's cmin is the command (statement) of its transaction that inserted it: one value for all is one statement.
            List<String> written = new ArrayList<>();
            List<String> commands = new ArrayList<>();
            try (var connection = TestInfrastructure.superuserConnection();
                 var statement = connection.prepareStatement("SELECT event_id::text, cmin::text FROM defaultsit.outbox_event "
                         + "WHERE event_id::text = ANY(?) ORDER BY id")) {
                statement.setArray(1, connection.createArrayOf("text", ids));
                try (var result = statement.executeQuery()) {
                    while (result.next()) {
                        written.add(result.getString(1));
                        commands.add(result.getString(2));
                    }
                }
            }
            assertThat(written).containsExactly(ids);
            assertThat(commands.stream().distinct()).hasSize(1);
        } finally {
            relay.start();
        }
    }

    @Test
    void eventsAppendedInARolledBackSavepointAreDroppedAndTheOthersCommitted() {
        TransactionalOperator savepoint = TransactionalOperator.create(transactionManager,
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED));
        SessionCompleted before = Events.sessionCompleted(UUID.randomUUID());
        SessionCompleted undone = Events.sessionCompleted(UUID.randomUUID());
        SessionCompleted after = Events.sessionCompleted(UUID.randomUUID());

        transactions.transactional(outbox.append(Topic.BOOKING_SESSION, before.getSessionId().toString(), before)
                .then(outbox.nested(savepoint, outbox.append(Topic.BOOKING_SESSION, undone.getSessionId().toString(), undone)
                                .then(Mono.error(new IllegalStateException("undone"))))
                        .onErrorResume(IllegalStateException.class, e -> Mono.empty()))
                .then(outbox.append(Topic.BOOKING_SESSION, after.getSessionId().toString(), after))).block();

        try (TopicProbe probe = probe()) {
            probe.awaitRecords(records -> eventIds(records).containsAll(List.of(before.getEventId(), after.getEventId())), WAIT);
            assertThat(eventIds(probe.drain(Duration.ofMillis(500)))).doesNotContain(undone.getEventId());
        }
    }

    @Test
    void eventsCommittedWhileTheRelayIsStoppedArePublishedWhenItIsBack() throws Exception {
        relay.stop();
        try {
            SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
            append(event);
            try (TopicProbe probe = probe()) {
                assertThat(eventIds(probe.drain(Duration.ofSeconds(1)))).doesNotContain(event.getEventId());
                assertThat(unpublishedRows()).isPositive();
                relay.start();
                probe.awaitRecords(records -> eventIds(records).contains(event.getEventId()), WAIT);
            }
            await().atMost(WAIT).until(() -> unpublishedRows() == 0);
        } finally {
            relay.start();
        }
    }

    @Test
    void aPublishedRowStaysInTheHistoryWithItsPayload() {
        SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
        append(event);

        await().atMost(WAIT).until(() -> count("outbox_unpublished", event.getEventId()) == 0);

        List<Object> published = database.sql("""
                        SELECT topic, message_key, payload FROM outbox_event_history WHERE event_id = :id AND published""")
                .bind("id", event.getEventId())
                .map(row -> List.<Object>of(row.get("topic", String.class), row.get("message_key", String.class),
                        EventMetadata.eventId(codec.decode(row.get("payload", byte[].class)))))
                .one().block();
        assertThat(published).containsExactly(Topic.BOOKING_SESSION.topicName(), event.getSessionId().toString(), event.getEventId());
    }

    @Test
    void publishedRowsOlderThanTheRetentionArePurgedAndYoungerOrWaitingOnesKept() {
        Instant now = Instant.now();
        Instant old = now.minus(properties.retention()).minusSeconds(3600);
        Instant young = now.minus(properties.retention()).plusSeconds(3600);
        UUID expired = publishedAt("outbox_published", old);
        UUID kept = publishedAt("outbox_published", young);
        UUID expiredOfThePreviousRelay = publishedAt("outbox_event", old);
        UUID streamedExpired = created(old, false);
        UUID streamedKept = created(young, false);
        UUID parkedExpired = created(old, true);
        await().atMost(WAIT).until(() -> count("outbox_unpublished", streamedExpired) + count("outbox_unpublished", streamedKept) == 0);

        long purged = relay.purgePublished().block(WAIT);

        assertThat(purged).isGreaterThanOrEqualTo(3);
        assertThat(count("outbox_published", expired)).isZero();
        assertThat(count("outbox_event", expiredOfThePreviousRelay)).isZero();
        assertThat(count("outbox_event", streamedExpired)).as("published by position, past the retention").isZero();
        assertThat(count("outbox_published", kept)).isOne();
        assertThat(count("outbox_event", streamedKept)).isOne();
        assertThat(count("outbox_event", parkedExpired)).as("parked, so not published however old").isOne();
        database.sql("DELETE FROM outbox_event WHERE event_id = :id").bind("id", parkedExpired).fetch().rowsUpdated().block();
    }

    /** A row appended at {@code createdAt} for the relay to publish, or parked, waiting for an operator. */
    private UUID created(Instant createdAt, boolean parked) {
        SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
        database.sql("""
                        INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload, created_at, parked_at, attempts)
                        VALUES (:id, :topic, :key, 'SessionCompleted', :payload, :at, CASE WHEN :parked THEN now() END, 0)""")
                .bind("id", event.getEventId()).bind("topic", Topic.BOOKING_SESSION.topicName()).bind("key", event.getSessionId().toString())
                .bind("payload", codec.encode(event)).bind("at", createdAt).bind("parked", parked)
                .fetch().rowsUpdated().block();
        return event.getEventId();
    }

    @Test
    void appendingOutsideATransactionIsRefused() {
        SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
        assertThatThrownBy(() -> outbox.append(Topic.BOOKING_SESSION, "key", event).block())
                .hasMessageContaining("inside a transaction");
    }

    @Test
    void onlyTheRegisteredWriterMayAppendToATopic() {
        var captured = com.nakksha.events.PaymentCaptured.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(java.time.Instant.now()).setConsultantId(UUID.randomUUID())
                .setPaymentId(UUID.randomUUID()).setOrderId("order_1").setPayableType(com.nakksha.events.PayableType.SESSION)
                .setPayableId(UUID.randomUUID()).setAmountMinor(1000).setCurrency("INR").setProviderPaymentId("pay_1").build();
        assertThatThrownBy(() -> transactions.transactional(outbox.append(Topic.PAYMENT_PAYMENT, "key", captured)).block())
                .hasMessageContaining("written by payment-service");
    }

    private void append(SessionCompleted event) {
        transactions.transactional(outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event)).block();
    }

    // Other tests put deliberately undecodable records on the same topic; they are not ours to count.
    private List<UUID> eventIds(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .filter(record -> record.value().length > 1 && record.value()[0] == (byte) 0xC3)
                .map(record -> EventMetadata.eventId(codec.decode(record.value()))).toList();
    }

    private long count(String table, UUID eventId) {
        return database.sql("SELECT count(*) AS n FROM " + table + " WHERE event_id = :id")
                .bind("id", eventId).map(row -> row.get("n", Long.class)).one().block();
    }

    /** A published row as the claim path leaves it: in outbox_published, or (relays before nakksha-defaults-009) in outbox_event. */
    private UUID publishedAt(String table, Instant publishedAt) {
        UUID eventId = UUID.randomUUID();
        String statement = table.equals("outbox_published")
                ? """
                  INSERT INTO outbox_published (id, event_id, topic, message_key, event_type, payload, created_at, published_at, attempts)
                  VALUES (-1, :id, 'retention', 'key', 'SessionCompleted', '\\x00', :at, :at, 0)"""
                : """
                  INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload, created_at, published_at)
                  VALUES (:id, 'retention', 'key', 'SessionCompleted', '\\x00', :at, :at)""";
        database.sql(statement).bind("id", eventId).bind("at", publishedAt).fetch().rowsUpdated().block();
        return eventId;
    }

    private static long unpublishedRows() throws Exception {
        try (var connection = TestInfrastructure.superuserConnection();
             var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT count(*) FROM defaultsit.outbox_unpublished")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static TopicProbe probe() {
        return new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), Topic.BOOKING_SESSION.topicName());
    }
}
