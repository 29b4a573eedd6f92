package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

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
 * Two instances of one service: one without a relay of its own commits events, the other relays
 * but polls only once an hour. Each burst of commits is published within seconds, so the relaying
 * instance was woken by the committing instance's (coalesced) notification, not by its poll.
 */
class OutboxCrossInstanceWakeUpIT {

    private static final String SCHEMA = "relaywakeup";
    private static final int BURSTS = 3;
    private static final int EVENTS_PER_BURST = 20;
    private static final Duration WELL_BEFORE_THE_POLL = Duration.ofSeconds(15);

    @Test
    void commitsOfAnInstanceWithoutARelayWakeAnotherInstancesRelay() throws Exception {
        String brokers = TestInfrastructure.kafka().getBrokersAsString();
        try (ConfigurableApplicationContext writer = ServiceInstances.start(SCHEMA, brokers, Map.of("nakksha.outbox.relay-enabled", "false"));
             ConfigurableApplicationContext relaying = ServiceInstances.start(SCHEMA, brokers, Map.of("nakksha.outbox.poll-interval", "1h"))) {
            Outbox outbox = writer.getBean(Outbox.class);
            TransactionalOperator transactions = writer.getBean(TransactionalOperator.class);
            DatabaseClient database = writer.getBean(DatabaseClient.class);
            MeterRegistry relayMeters = relaying.getBean(MeterRegistry.class);
            // The relay's one poll ran at its start; wait until it has nothing left, so what follows is only woken by notifications.
            await().atMost(WELL_BEFORE_THE_POLL).until(() -> unpublished(database) == 0);

            for (int burst = 1; burst <= BURSTS; burst++) {
                double publishedBefore = relayMeters.get("nakksha.outbox.published").counter().count();
                // Four writers at once, one event per transaction, as concurrent requests would commit them.
                Flux.range(0, EVENTS_PER_BURST)
                        .flatMap(i -> {
                            SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
                            return transactions.transactional(outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event));
                        }, 4)
                        .blockLast();

                await().atMost(WELL_BEFORE_THE_POLL).until(() -> unpublished(database) == 0);
                assertThat(relayMeters.get("nakksha.outbox.published").counter().count() - publishedBefore)
                        .as("burst %d published by the relaying instance", burst)
                        .isGreaterThanOrEqualTo(EVENTS_PER_BURST);
            }
        }
    }

    private static long unpublished(DatabaseClient database) {
        return database.sql("SELECT count(*) AS n FROM outbox_event WHERE published_at IS NULL")
                .map(row -> row.get("n", Long.class)).one().block();
    }
}
