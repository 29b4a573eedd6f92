package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.nakksha.testsupport.NakkshaServiceTest;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.connection.SingleConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim function's rules, called directly (this instance runs no relay): a claim takes each
 * free key's earliest rows among those marked for the claim path (refused before, or behind a refused row of their
 * key), and a key stays with the claim that holds it; rows not marked are the stream's.
 */
@NakkshaServiceTest(schema = "outboxclaimit")
@TestPropertySource(properties = "nakksha.outbox.relay-enabled=false")
class OutboxClaimIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOPIC = "booking.session";

    @Autowired
    DatabaseClient database;

    @Autowired
    ConnectionFactory connectionFactory;

    @BeforeEach
    void emptyOutbox() {
        database.sql("TRUNCATE outbox_event, outbox_claim").then().block(WAIT);
    }

    @Test
    void aKeyInFlightWaitsForItsClaimWhileOtherKeysAreClaimed() {
        long a1 = append("a");
        long b1 = append("b");
        long a2 = append("a");
        assertThat(claim()).containsExactly(a1, b1, a2);

        append("a");
        long c1 = append("c");
        append("b");
        assertThat(claim()).containsExactly(c1);
    }

    @Test
    void rowsNotMarkedForTheClaimPathAreLeftToTheStream() {
        long marked = append("g");
        database.sql("""
                        INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
                        VALUES (:eventId, :topic, 'h', 'com.nakksha.events.SessionCompleted', '\\x00'::bytea)""")
                .bind("eventId", UUID.randomUUID()).bind("topic", TOPIC).then().block(WAIT);
        assertThat(claim()).containsExactly(marked);
    }

    @Test
    void aLapsedClaimGivesItsKeysBack() {
        long f1 = append("f");
        assertThat(claim()).containsExactly(f1);
        long f2 = append("f");
        assertThat(claim()).isEmpty();

        database.sql("UPDATE outbox_claim SET claimed_until = now() - interval '1 second'").then().block(WAIT);
        assertThat(claim()).containsExactly(f1, f2);
    }

    /**
     * Every relay round calls these two: planned afresh at each call they cost more CPU than they execute
     * (nakksha-defaults-011), and kept plans must use the indexes (nakksha-defaults-012). A later
     * {@code CREATE OR REPLACE FUNCTION} without the settings would drop them silently.
     */
    @Test
    void theClaimAndSettleFunctionsKeepOneGenericPlanPerConnection() {
        List<String> settings = database.sql("""
                        SELECT p.proname || ' ' || array_to_string(p.proconfig, ',') AS setting FROM pg_proc p
                        WHERE p.pronamespace = current_schema()::regnamespace AND p.proname IN ('outbox_claim_batch', 'outbox_settle')
                        ORDER BY p.proname""")
                .map(row -> row.get("setting", String.class)).all().collectList().block(WAIT);
        assertThat(settings).containsExactly("outbox_claim_batch plan_cache_mode=force_generic_plan,enable_seqscan=off",
                "outbox_settle plan_cache_mode=force_generic_plan,enable_seqscan=off");
    }

    /**
     * A connection keeps the plans of its first claim and settle, and autovacuum often leaves the outbox without a page
     * just then: plans made on an empty outbox must still reach rows by index, or each later round reads every page the
     * rows sent since the last vacuum left behind (nakksha-defaults-012; 824 buffers a settle on the booking benchmark).
     */
    @Test
    void aConnectionThatPlannedOnAnEmptyOutboxClaimsAndSettlesByIndex() {
        database.sql("VACUUM ANALYZE outbox_event").then().block(WAIT);
        SingleConnectionFactory oneConnection = new SingleConnectionFactory(connectionFactory);
        oneConnection.setSuppressClose(true);
        try {
            DatabaseClient connection = DatabaseClient.create(oneConnection);
            assertThat(claim(connection, 100)).isEmpty();
            settle(connection, -1, List.of()).block(WAIT);
            List<Long> appended = IntStream.range(0, 300).mapToObj(key -> append("key-" + key)).toList();

            // Within one transaction, so that no flush of the backend's statistics comes between the two readings.
            TransactionalOperator transaction = TransactionalOperator.create(new R2dbcTransactionManager(oneConnection));
            Long sequentialScans = transaction.transactional(sequentialScansOfOutbox(connection).flatMap(before -> claimed(connection, 100)
                            .collectList()
                            .flatMap(claimed -> settle(connection, claimed.getFirst().claim(), claimed.stream().map(ClaimedRow::row).toList()))
                            .then(sequentialScansOfOutbox(connection))
                            .map(after -> after - before)))
                    .block(WAIT);

            assertThat(sequentialScans).isZero();
            assertThat(claim(connection, 500)).as("the settled rows left the outbox, the rest were claimed next")
                    .containsExactlyElementsOf(appended.subList(100, appended.size()));
        } finally {
            oneConnection.destroy();
        }
    }

    /** A row marked for the claim path, as the stream marks one behind a refused row of its key, due now. */
    private long append(String key) {
        return database.sql("""
                        INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload, next_attempt_at)
                        VALUES (:eventId, :topic, :key, 'com.nakksha.events.SessionCompleted', '\\x00'::bytea, now() - interval '1 second')
                        RETURNING id""")
                .bind("eventId", UUID.randomUUID())
                .bind("topic", TOPIC)
                .bind("key", key)
                .map(row -> row.get("id", Long.class))
                .one().block(WAIT);
    }

    /** The outbox rows one claim took, in id order. */
    private List<Long> claim() {
        return claim(database, 100);
    }

    private static List<Long> claim(DatabaseClient connection, int batch) {
        return claimed(connection, batch).map(ClaimedRow::row).collectList().block(WAIT);
    }

    /** The rows one claim of at most {@code batch} took, in id order, each with the id of the claim that holds it. */
    private static Flux<ClaimedRow> claimed(DatabaseClient connection, int batch) {
        return connection.sql("SELECT claim, id FROM outbox_claim_batch('outbox-claim-it', 30, :batch) ORDER BY id")
                .bind("batch", batch)
                .map(row -> new ClaimedRow(row.get("claim", Long.class), row.get("id", Long.class)))
                .all();
    }

    private record ClaimedRow(long claim, long row) {
    }

    /** Sequential scans of outbox_event this backend made and has not reported yet (all of them within a transaction). */
    private static Mono<Long> sequentialScansOfOutbox(DatabaseClient connection) {
        return connection.sql("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relid = 'outbox_event'::regclass")
                .map(row -> row.get("seq_scan", Long.class)).one();
    }

    /** Settles a claim as the relay does when the broker acknowledged all of its rows. */
    private static Mono<Void> settle(DatabaseClient connection, long claim, List<Long> acknowledged) {
        return connection.sql("SELECT id FROM outbox_settle(:claim, :acknowledged, '{}', '{}', 1, 60, 10)")
                .bind("claim", claim)
                .bind("acknowledged", acknowledged.toArray(Long[]::new))
                .then();
    }
}
