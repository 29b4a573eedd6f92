package com.nakksha.defaults.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.defaults.outbox.OutboxRelay;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance killed while it holds the stream's lease leaves the lease row behind, valid until it lapses, and its
 * connection ends with it. The next instance takes the lease at once, instead of leaving every row of the service
 * unpublished until the lease lapses; while the holder's connection lives, its lease holds.
 */
class OutboxLeaseHolderGoneIT {

    /** The lock a holder takes on its connection, as the stream takes it. */
    private static final String HOLDER_LOCK =
            "SELECT pg_try_advisory_lock(hashtext('nakksha.outbox_position.' || current_schema())::bigint)";

    @Test
    void aLeaseWhoseHolderIsGoneIsTakenAtOnceAndOneWhoseHolderLivesIsNot() throws Exception {
        String brokers = TestInfrastructure.kafka().getBrokersAsString();
        try (ConfigurableApplicationContext service = ServiceInstances.start("relayholdergone", brokers,
                Map.of("nakksha.outbox.idle-poll-interval", "500ms"))) {
            OutboxRelay relay = service.getBean(OutboxRelay.class);
            DatabaseClient database = service.getBean(DatabaseClient.class);
            relay.stop();

            try (Connection holder = ServiceInstances.jdbcConnection(service); Statement statement = holder.createStatement()) {
                try (ResultSet locked = statement.executeQuery(HOLDER_LOCK)) {
                    assertThat(locked.next() && locked.getBoolean(1)).as("the stopped relay gave its lock up").isTrue();
                }
                statement.executeUpdate("UPDATE outbox_position SET holder = 'killed-instance', lease_until = now() + interval '1 hour'");
                relay.start();
                append(service);

                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> unpublished(database) == 1);
                assertThat(leaseHolder(database)).isEqualTo("killed-instance");
            }

            // The holder's connection ended as a killed process' does; its lease is still valid for an hour.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> unpublished(database) == 0);
            assertThat(leaseHolder(database)).isNotEqualTo("killed-instance");
        }
    }

    private static void append(ConfigurableApplicationContext service) {
        SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
        service.getBean(TransactionalOperator.class)
                .transactional(service.getBean(Outbox.class).append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event))
                .block();
    }

    private static long unpublished(DatabaseClient database) {
        return database.sql("SELECT count(*) AS n FROM outbox_unpublished").map(row -> row.get("n", Long.class)).one().block();
    }

    private static String leaseHolder(DatabaseClient database) {
        return database.sql("SELECT coalesce(holder, '') AS holder FROM outbox_position").map(row -> row.get("holder", String.class)).one().block();
    }
}
