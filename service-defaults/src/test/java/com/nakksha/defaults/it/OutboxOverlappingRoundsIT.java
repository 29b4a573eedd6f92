package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.awaitility.Awaitility.await;

/**
 * Rows committed by concurrent writers for a few keys while the relay's stream is reading, sending or waiting at a gap
 * (a row of a transaction committing a moment later) are all published without waiting for a poll: each commit wakes
 * the stream, and it reads again within milliseconds at a gap. The poll interval here is far longer than the test, so
 * a row left to the poll would fail it.
 */
class OutboxOverlappingRoundsIT {

    private static final Duration POLL = Duration.ofMinutes(5);
    private static final Map<String, Object> PROPERTIES = Map.of(
            "nakksha.outbox.poll-interval", POLL.toMillis() + "ms",
            "nakksha.outbox.idle-poll-interval", POLL.toMillis() + "ms");

    @Test
    void rowsCommittedForAKeyARoundHoldsArePublishedWithoutWaitingForAPoll() {
        String brokers = TestInfrastructure.kafka().getBrokersAsString();
        try (ConfigurableApplicationContext service = ServiceInstances.start("relayoverlap", brokers, PROPERTIES)) {
            DatabaseClient database = service.getBean(DatabaseClient.class);
            Outbox outbox = service.getBean(Outbox.class);
            TransactionalOperator transactions = service.getBean(TransactionalOperator.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> unpublished(database) == 0);

            // 8 writers at once, 30 commits each, over 3 keys: the relay's rounds overlap and hold keys others commit for.
            List<UUID> sessions = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
            Flux.range(0, 240)
                    .flatMap(i -> {
                        SessionCompleted event = Events.sessionCompleted(sessions.get(i % sessions.size()));
                        return transactions.transactional(outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event));
                    }, 8)
                    .blockLast(Duration.ofSeconds(60));

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> unpublished(database) == 0);
        }
    }

    private static long unpublished(DatabaseClient database) {
        return database.sql("SELECT count(*) AS n FROM outbox_unpublished")
                .map(row -> row.get("n", Long.class)).one().block();
    }
}
