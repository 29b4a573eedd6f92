package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A relay's stream reads at its poll interval while its reads find rows and at its idle poll interval once they
 * have found nothing for that long, so a quiet service does not keep its database busy with empty reads; its claim
 * path, with no refused rows, stays at the idle poll interval throughout; a row nothing announced is still found by
 * the slower poll.
 */
class OutboxIdlePollIT {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration IDLE_POLL = Duration.ofMillis(1500);
    private static final Map<String, Object> PROPERTIES = Map.of(
            "nakksha.outbox.poll-interval", POLL.toMillis() + "ms",
            "nakksha.outbox.idle-poll-interval", IDLE_POLL.toMillis() + "ms");

    @Test
    void aRelayPollsOftenRightAfterRowsAndSeldomOnceQuietAndAnUnannouncedRowIsStillPublished() {
        String brokers = TestInfrastructure.kafka().getBrokersAsString();
        try (ConfigurableApplicationContext service = ServiceInstances.start("relayidlepoll", brokers, PROPERTIES)) {
            DatabaseClient database = service.getBean(DatabaseClient.class);
            MeterRegistry meters = service.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> unpublished(database) == 0);

            SessionCompleted announced = Events.sessionCompleted(UUID.randomUUID());
            service.getBean(TransactionalOperator.class).transactional(service.getBean(Outbox.class)
                    .append(Topic.BOOKING_SESSION, announced.getSessionId().toString(), announced)).block();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> unpublished(database) == 0);

            // Within the idle poll interval after the read that found the row, the stream reads every 100 ms.
            double afterRows = reads(meters);
            await().atMost(IDLE_POLL.dividedBy(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> reads(meters) - afterRows >= 4);

            // Quiet once the idle poll interval has passed and no read came for five poll intervals; then one read
            // per idle poll interval, against 30 in 3 s at the poll interval.
            AtomicLong lastSeen = new AtomicLong((long) reads(meters));
            await().pollDelay(IDLE_POLL).during(POLL.multipliedBy(5)).atMost(IDLE_POLL.multipliedBy(4)).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        long now = (long) reads(meters);
                        return lastSeen.getAndSet(now) == now;
                    });
            double quiet = reads(meters);
            double quietClaims = claims(meters);
            await().during(IDLE_POLL.multipliedBy(2)).atMost(IDLE_POLL.multipliedBy(2).plusMillis(500))
                    .until(() -> reads(meters) - quiet <= 3);
            assertThat(reads(meters) - quiet).as("reads in %d ms of quiet", 2 * IDLE_POLL.toMillis()).isBetween(1.0, 3.0);
            assertThat(claims(meters) - quietClaims).as("claims in %d ms of quiet", 2 * IDLE_POLL.toMillis()).isLessThanOrEqualTo(3.0);

            // A row committed on a connection of its own wakes nothing: the idle poll publishes it.
            SessionCompleted unannounced = Events.sessionCompleted(UUID.randomUUID());
            database.sql("""
                            INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
                            VALUES (:id, :topic, :key, :type, :payload)""")
                    .bind("id", unannounced.getEventId())
                    .bind("topic", Topic.BOOKING_SESSION.topicName())
                    .bind("key", unannounced.getSessionId().toString())
                    .bind("type", unannounced.getSchema().getFullName())
                    .bind("payload", service.getBean(AvroEventCodec.class).encode(unannounced))
                    .fetch().rowsUpdated().block();
            await().atMost(IDLE_POLL.plusSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> unpublished(database) == 0);
        }
    }

    private static double claims(MeterRegistry meters) {
        return meters.get("nakksha.outbox.claims").counter().count();
    }

    private static double reads(MeterRegistry meters) {
        return meters.get("nakksha.outbox.reads").counter().count();
    }

    private static long unpublished(DatabaseClient database) {
        return database.sql("SELECT count(*) AS n FROM outbox_unpublished")
                .map(row -> row.get("n", Long.class)).one().block();
    }
}
