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
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.awaitility.Awaitility.await;

/**
 * One instance whose relay polls once an hour, so only wake-ups move rows. Many transactions commit
 * events for a few keys at once: a round started by one commit finds the key held by the round of an
 * earlier commit and skips it, and that key's row is published only because the holding round wakes
 * the relay again when it is done (issue 16: a round wakes the relay again only when another claim ran
 * meanwhile, instead of after every publish).
 */
class OutboxSameKeyWakeUpIT {

    private static final String SCHEMA = "relaysamekey";
    private static final int KEYS = 4;
    private static final int EVENTS_PER_KEY = 25;
    private static final Duration WELL_BEFORE_THE_POLL = Duration.ofSeconds(20);

    @Test
    void laterRowsOfAKeyHeldByARoundInFlightArePublishedWithoutWaitingForThePoll() {
        String brokers = TestInfrastructure.kafka().getBrokersAsString();
        try (ConfigurableApplicationContext service = ServiceInstances.start(SCHEMA, brokers, Map.of("nakksha.outbox.poll-interval", "1h"))) {
            Outbox outbox = service.getBean(Outbox.class);
            TransactionalOperator transactions = service.getBean(TransactionalOperator.class);
            DatabaseClient database = service.getBean(DatabaseClient.class);
            // The relay's one poll ran at its start; wait until it has nothing left, so what follows is only woken by commits.
            await().atMost(WELL_BEFORE_THE_POLL).until(() -> unpublished(database) == 0);

            List<UUID> sessions = IntStream.range(0, KEYS).mapToObj(i -> UUID.randomUUID()).toList();
            // One event per transaction, eight at once, the keys taken in turn: each key's next row commits while an earlier one is in flight.
            Flux.range(0, KEYS * EVENTS_PER_KEY)
                    .flatMap(i -> {
                        SessionCompleted event = Events.sessionCompleted(sessions.get(i % KEYS));
                        return transactions.transactional(outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event));
                    }, 8)
                    .blockLast();

            await().atMost(WELL_BEFORE_THE_POLL).until(() -> unpublished(database) == 0);
        }
    }

    private static long unpublished(DatabaseClient database) {
        return database.sql("SELECT count(*) AS n FROM outbox_event WHERE published_at IS NULL")
                .map(row -> row.get("n", Long.class)).one().block();
    }
}
