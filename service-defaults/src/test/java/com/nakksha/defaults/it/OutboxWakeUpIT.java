package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Relays that poll only once an hour, so only wake-ups move rows: everything committed is published
 * within seconds, well before the poll.
 */
class OutboxWakeUpIT {

    private static final Map<String, Object> POLL_HOURLY = Map.of("nakksha.outbox.poll-interval", "1h");
    private static final Duration WELL_BEFORE_THE_POLL = Duration.ofSeconds(20);

    /**
     * Two instances of one service: one without a relay of its own commits events, the other relays.
     * Each burst of commits is published, so the relaying instance was woken by the committing
     * instance's (coalesced) notification.
     */
    @Test
    void commitsOfAnInstanceWithoutARelayWakeAnotherInstancesRelay() throws Exception {
        int bursts = 3;
        int eventsPerBurst = 20;
        String brokers = TestInfrastructure.kafka().getBrokersAsString();
        try (ConfigurableApplicationContext writer = ServiceInstances.start("relaywakeup", brokers, Map.of("nakksha.outbox.relay-enabled", "false"));
             ConfigurableApplicationContext relaying = ServiceInstances.start("relaywakeup", brokers, POLL_HOURLY)) {
            Outbox outbox = writer.getBean(Outbox.class);
            TransactionalOperator transactions = writer.getBean(TransactionalOperator.class);
            DatabaseClient database = writer.getBean(DatabaseClient.class);
            MeterRegistry relayMeters = relaying.getBean(MeterRegistry.class);
            awaitAllPublished(database);

            for (int burst = 1; burst <= bursts; burst++) {
                double publishedBefore = relayMeters.get("nakksha.outbox.published").counter().count();
                // Four writers at once, one event per transaction, as concurrent requests would commit them.
                commitOneEventEach(outbox, transactions, IntStream.range(0, eventsPerBurst).mapToObj(i -> UUID.randomUUID()).toList(), 4);

                awaitAllPublished(database);
                assertThat(relayMeters.get("nakksha.outbox.published").counter().count() - publishedBefore)
                        .as("burst %d published by the relaying instance", burst)
                        .isGreaterThanOrEqualTo(eventsPerBurst);
            }
        }
    }

    /**
     * One instance; many transactions commit events for a few keys at once: a round started by one
     * commit finds the key held by the round of an earlier commit and skips it, and that key's row is
     * published only because the holding round wakes the relay again when it is done (issue 16: a
     * round wakes the relay again only when another claim ran meanwhile, instead of after every publish).
     */
    @Test
    void laterRowsOfAKeyHeldByARoundInFlightArePublishedWithoutWaitingForThePoll() {
        int keys = 4;
        int eventsPerKey = 25;
        String brokers = TestInfrastructure.kafka().getBrokersAsString();
        try (ConfigurableApplicationContext service = ServiceInstances.start("relaysamekey", brokers, POLL_HOURLY)) {
            DatabaseClient database = service.getBean(DatabaseClient.class);
            awaitAllPublished(database);

            List<UUID> sessions = IntStream.range(0, keys).mapToObj(i -> UUID.randomUUID()).toList();
            // Eight at once, the keys taken in turn: each key's next row commits while an earlier one is in flight.
            List<UUID> keyOfEachEvent = IntStream.range(0, keys * eventsPerKey).mapToObj(i -> sessions.get(i % keys)).toList();
            commitOneEventEach(service.getBean(Outbox.class), service.getBean(TransactionalOperator.class), keyOfEachEvent, 8);

            awaitAllPublished(database);
        }
    }

    /** One transaction per session id, {@code concurrency} at a time, each appending one event keyed by it. */
    private static void commitOneEventEach(Outbox outbox, TransactionalOperator transactions, List<UUID> sessions, int concurrency) {
        Flux.fromIterable(sessions)
                .flatMap(session -> {
                    SessionCompleted event = Events.sessionCompleted(session);
                    return transactions.transactional(outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event));
                }, concurrency)
                .blockLast();
    }

    /** The relay's one poll runs at its start; after it, and after each commit, only wake-ups publish. */
    private static void awaitAllPublished(DatabaseClient database) {
        await().atMost(WELL_BEFORE_THE_POLL).until(() -> database.sql("SELECT count(*) AS n FROM outbox_unpublished")
                .map(row -> row.get("n", Long.class)).one().block() == 0);
    }
}
