package com.nakksha.defaults.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nakksha.defaults.outbox.Outbox;
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
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transactions that append for the same key without locking any common row, where a later-starting
 * one would like to commit first. Commit order is observed from outside, by a connection that
 * watches which rows become visible; the topic must hold each key's events in that order.
 */
@NakkshaServiceTest(schema = "relayorder")
@TestPropertySource(properties = "defaults-it.recording-consumer=false")
@DirtiesContext
class OutboxCommitOrderIT {

    private static final int TRANSACTIONS_PER_KEY = 5;

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxRelay relay;
    @Autowired
    TransactionalOperator transactions;
    @Autowired
    AvroEventCodec codec;

    @Test
    void sameKeyTransactionsWithoutARowLockArePublishedInCommitOrder() throws Exception {
        List<UUID> sessions = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<SessionCompleted> events = new ArrayList<>();
        List<Mono<Void>> appenders = new ArrayList<>();
        for (int i = 0; i < TRANSACTIONS_PER_KEY; i++) {
            for (UUID session : sessions) {
                SessionCompleted event = Events.sessionCompleted(session);
                events.add(event);
                // Started in order, 40 ms apart; each holds its transaction open longer than the next would, so unserialised they commit in reverse.
                Duration start = Duration.ofMillis(40L * i);
                Duration holdOpen = Duration.ofMillis(60L * (TRANSACTIONS_PER_KEY - i));
                appenders.add(Mono.delay(start)
                        .then(transactions.transactional(outbox.append(Topic.BOOKING_SESSION, session.toString(), event)
                                .then(Mono.delay(holdOpen)).then())));
            }
        }
        // The relay is off while they commit, so it sees all rows at once and cannot hide an order problem by publishing early.
        relay.stop();
        Map<UUID, Integer> visibleSince;
        try (VisibilityWatch watch = new VisibilityWatch(events.stream().map(SessionCompleted::getEventId).toList())) {
            Flux.merge(appenders).subscribeOn(Schedulers.parallel()).blockLast(Duration.ofSeconds(60));
            visibleSince = watch.awaitAllVisible();
        } finally {
            relay.start();
        }

        try (TopicProbe probe = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), Topic.BOOKING_SESSION.topicName())) {
            List<ConsumerRecord<String, byte[]>> records = probe.awaitRecords(
                    seen -> ids(seen).containsAll(visibleSince.keySet()), Duration.ofSeconds(30));
            for (UUID session : sessions) {
                List<UUID> published = ids(records.stream().filter(record -> record.key().equals(session.toString())).toList())
                        .stream().distinct().toList();
                assertThat(published).hasSize(TRANSACTIONS_PER_KEY);
                for (int i = 1; i < published.size(); i++) {
                    assertThat(visibleSince.get(published.get(i - 1)))
                            .as("event published before another of key %s became visible no later than it", session)
                            .isLessThanOrEqualTo(visibleSince.get(published.get(i)));
                }
            }
        }
    }

    private List<UUID> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .filter(record -> record.value().length > 1 && record.value()[0] == (byte) 0xC3)
                .map(record -> EventMetadata.eventId(codec.decode(record.value()))).toList();
    }

    /** Polls from its own connection and notes, per event, the first poll in which its row was committed. */
    private static final class VisibilityWatch implements AutoCloseable {

        private final List<UUID> expected;
        private final Map<UUID, Integer> visibleSince = new HashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread poller;
        private volatile Exception failure;

        VisibilityWatch(List<UUID> expected) {
            this.expected = expected;
            this.poller = Thread.ofPlatform().start(this::poll);
        }

        private void poll() {
            try (Connection connection = TestInfrastructure.superuserConnection();
                 PreparedStatement statement = connection.prepareStatement(
                         "SELECT event_id FROM relayorder.outbox_event_history WHERE event_id = ANY(?)")) {
                statement.setArray(1, connection.createArrayOf("uuid", expected.toArray()));
                for (int round = 0; running.get(); round++) {
                    try (ResultSet result = statement.executeQuery()) {
                        synchronized (visibleSince) {
                            while (result.next()) {
                                visibleSince.putIfAbsent(result.getObject(1, UUID.class), round);
                            }
                            if (visibleSince.size() == expected.size()) {
                                return;
                            }
                        }
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        Map<UUID, Integer> awaitAllVisible() throws Exception {
            poller.join(Duration.ofSeconds(30));
            if (failure != null) {
                throw failure;
            }
            synchronized (visibleSince) {
                assertThat(visibleSince).hasSize(expected.size());
                return Map.copyOf(visibleSince);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            poller.join(Duration.ofSeconds(5));
        }
    }
}
