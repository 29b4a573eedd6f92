package com.nakksha.defaults.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TestTokens;
import com.nakksha.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A row the broker keeps refusing until an operator acts: here a record larger than its topic's
 * {@code max.message.bytes}, rejected on every attempt until the limit is raised. Another key
 * must not wait for it.
 */
@NakkshaServiceTest(schema = "relaypoison")
@TestPropertySource(properties = {
        "defaults-it.recording-consumer=false",
        "nakksha.outbox.max-attempts=3",
        "nakksha.outbox.retry-backoff=200ms",
        "nakksha.outbox.max-retry-backoff=400ms"})
@DirtiesContext
class OutboxPoisonRowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int TOPIC_LIMIT_BYTES = 2048;

    @Autowired
    DatabaseClient database;
    @Autowired
    TransactionalOperator transactions;
    @Autowired
    MeterRegistry meters;
    @Autowired
    WebTestClient web;

    @Test
    void aRefusedRowHoldsBackOnlyItsOwnKeyIsParkedAndPublishedInOrderOnceUnparked() throws Exception {
        String limited = "relay-it.limited-" + UUID.randomUUID();
        String present = "relay-it.present-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(present, 3, (short) 1), new NewTopic(limited, 3, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(TOPIC_LIMIT_BYTES))))).all().get();

            UUID poison = UUID.randomUUID();
            insert(List.of(
                    new Row(poison, limited, "A", "A-1" + "x".repeat(2 * TOPIC_LIMIT_BYTES)),
                    new Row(UUID.randomUUID(), present, "B", "B-1"),
                    new Row(UUID.randomUUID(), limited, "A", "A-2"),
                    new Row(UUID.randomUUID(), present, "B", "B-2"),
                    new Row(UUID.randomUUID(), limited, "A", "A-3"),
                    new Row(UUID.randomUUID(), present, "B", "B-3")));

            try (TopicProbe probe = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), present)) {
                // Key B flows while A's first row is still being retried, and none of A's later rows overtakes it.
                probe.awaitRecords(records -> labels(records, "B").equals(List.of("B-1", "B-2", "B-3")), WAIT);
                assertThat(parkedAt(poison)).as("B was published before A's first row ran out of attempts").isFalse();

                await().atMost(WAIT).until(() -> parkedAt(poison));
                assertThat(attempts(poison)).isEqualTo(3);
                await().atMost(WAIT).until(() -> meters.get("nakksha.outbox.parked").gauge().value() == 1.0);
                assertThat(meters.get("nakksha.outbox.publish.failures").counter().count()).isGreaterThanOrEqualTo(3);

                // Parked, it stays put: no more attempts, its key still waits, other keys still flow.
                insert(List.of(new Row(UUID.randomUUID(), limited, "A", "A-4"), new Row(UUID.randomUUID(), present, "B", "B-4")));
                probe.awaitRecords(seen -> labels(seen, "B").contains("B-4"), WAIT);
                assertThat(attempts(poison)).isEqualTo(3);
                assertThat(unpublished("A")).isEqualTo(4);

                web.get().uri("/actuator/outbox").header("Authorization", bearer(TestTokens.admin(UUID.randomUUID()))).exchange()
                        .expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.parked.length()").isEqualTo(1)
                        .jsonPath("$.parked[0].eventId").isEqualTo(poison.toString())
                        .jsonPath("$.parked[0].attempts").isEqualTo(3)
                        .jsonPath("$.parked[0].lastError").value(error -> assertThat(error.toString()).contains("RecordTooLarge"));
                web.post().uri("/actuator/outbox").header("Authorization", bearer(TestTokens.approvedConsultant(UUID.randomUUID()))).exchange()
                        .expectStatus().isForbidden();
                assertThat(parkedAt(poison)).isTrue();

                // The operator fixes the cause, then un-parks: A's rows go out in their order.
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, limited), List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588"), AlterConfigOp.OpType.SET)))).all().get();
                web.post().uri("/actuator/outbox/" + poison).header("Authorization", bearer(TestTokens.admin(UUID.randomUUID()))).exchange()
                        .expectStatus().isOk()
                        .expectBody().jsonPath("$.unparked").isEqualTo(1);

                try (TopicProbe fixed = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), limited)) {
                    List<ConsumerRecord<String, byte[]>> published = fixed.awaitRecords(seen -> labels(seen, "A").size() >= 4, WAIT);
                    assertThat(labels(published, "A")).containsExactly("A-1", "A-2", "A-3", "A-4");
                }
                await().atMost(WAIT).until(() -> meters.get("nakksha.outbox.parked").gauge().value() == 0.0);
            }
        }
    }

    private void insert(List<Row> rows) {
        transactions.transactional(Flux.fromIterable(rows)
                .concatMap(row -> database.sql("""
                                INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
                                VALUES (:eventId, :topic, :key, 'test.Raw', :payload)""")
                        .bind("eventId", row.eventId())
                        .bind("topic", row.topic())
                        .bind("key", row.key())
                        .bind("payload", row.payload().getBytes(StandardCharsets.UTF_8))
                        .fetch().rowsUpdated())
                .then()).block();
    }

    private boolean parkedAt(UUID eventId) {
        return Boolean.TRUE.equals(database.sql("SELECT parked_at IS NOT NULL AS parked FROM outbox_event WHERE event_id = :id")
                .bind("id", eventId).map(row -> row.get("parked", Boolean.class)).one().block());
    }

    private long unpublished(String key) {
        return database.sql("SELECT count(*) AS n FROM outbox_unpublished WHERE message_key = :key")
                .bind("key", key).map(row -> row.get("n", Long.class)).one().block();
    }

    private int attempts(UUID eventId) {
        return database.sql("SELECT attempts FROM outbox_event_history WHERE event_id = :id")
                .bind("id", eventId).map(row -> row.get("attempts", Integer.class)).one().block();
    }

    /** The label ("A-1") each of {@code key}'s records starts with, in the order the topic holds them. */
    private static List<String> labels(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream()
                .filter(record -> record.key().equals(key))
                .map(record -> new String(record.value(), 0, Math.min(3, record.value().length), StandardCharsets.UTF_8))
                .toList();
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private record Row(UUID eventId, String topic, String key, String payload) {
    }
}
