package com.nakksha.defaults.it;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import com.nakksha.defaults.inbox.InboxProperties;
import com.nakksha.defaults.inbox.InboxPurge;
import com.nakksha.testsupport.NakkshaServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16, "Retention": handled event ids are forgotten after the configured age, and only those. */
@NakkshaServiceTest(schema = "defaultsit")
class InboxRetentionIT {

    @Autowired
    InboxPurge purge;
    @Autowired
    InboxProperties properties;
    @Autowired
    DatabaseClient database;

    @Test
    void rowsOlderThanTheRetentionArePurgedAndYoungerOnesKept() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        UUID expired = insert(now.minus(properties.retention()).minusHours(1));
        UUID kept = insert(now.minus(properties.retention()).plusHours(1));

        long purged = purge.purgeOnce().block(Duration.ofSeconds(30));

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(exists(expired)).isFalse();
        assertThat(exists(kept)).isTrue();
    }

    @Test
    void theDefaultRetentionOutlastsTheBrokersDefaultLogRetention() {
        // Kafka's log.retention.hours defaults to 168: a redelivered or re-driven event is always younger than its inbox row.
        assertThat(properties.retention()).isGreaterThanOrEqualTo(Duration.ofDays(30));
    }

    private UUID insert(OffsetDateTime handledAt) {
        UUID eventId = UUID.randomUUID();
        database.sql("INSERT INTO inbox_event (consumer, event_id, event_type, handled_at) VALUES ('retention', :id, 'SessionCompleted', :at)")
                .bind("id", eventId).bind("at", handledAt).fetch().rowsUpdated().block(Duration.ofSeconds(10));
        return eventId;
    }

    private boolean exists(UUID eventId) {
        return database.sql("SELECT count(*) AS n FROM inbox_event WHERE consumer = 'retention' AND event_id = :id")
                .bind("id", eventId).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(10)) == 1;
    }
}
