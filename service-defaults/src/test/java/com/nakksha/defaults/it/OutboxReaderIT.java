package com.nakksha.defaults.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.defaults.outbox.OutboxReader;
import com.nakksha.defaults.outbox.OutboxRelay;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.NakkshaServiceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The position-keeping reader against a real Postgres, rows appended through {@link Outbox} as services append
 * them: it passes every committed row once in id order, never one of a transaction still open, and gets past the
 * ids of appends that rolled back.
 */
@NakkshaServiceTest(schema = "outboxreaderit")
@TestPropertySource(properties = "nakksha.outbox.relay-enabled=false")
class OutboxReaderIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BATCH = 50;

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionalOperator transactions;
    @Autowired
    DatabaseClient database;
    @Autowired
    OutboxRelay.JdbcConnector connector;

    private Connection readerConnection;
    private OutboxReader reader;

    @BeforeEach
    void emptyOutboxAndStartReadingAtItsEnd() throws SQLException {
        database.sql("TRUNCATE outbox_event").then().block(WAIT);
        readerConnection = connection();
        long position;
        try (ResultSet result = readerConnection.createStatement().executeQuery(
                "SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox_event', 'id')::regclass), 0)")) {
            result.next();
            position = result.getLong(1);
        }
        reader = new OutboxReader(readerConnection, position, BATCH);
    }

    @AfterEach
    void closeReader() throws SQLException {
        reader.close();
        readerConnection.close();
    }

    @Test
    void aRowOfATransactionStillOpenHoldsBackLaterRowsUntilItCommits() throws Exception {
        try (Connection open = connection()) {
            open.setAutoCommit(false);
            long openId = insertDirectly(open);
            long later = appendCommitted();

            for (int round = 0; round < 5; round++) {
                assertThat(reader.next()).as("round %d while row %d is uncommitted", round, openId).isEmpty();
            }
            assertThat(reader.position()).isLessThan(openId);

            open.commit();
            assertThat(ids(reader.next())).containsExactly(openId, later);
        }
    }

    @Test
    void theIdsOfAppendsThatRolledBackArePassedOnceNoWriterThatCouldHaveDrawnThemRuns() throws Exception {
        long first = appendCommitted();
        SessionCompleted repeated = Events.sessionCompleted(UUID.randomUUID());
        append(repeated).block(WAIT);
        // The same event id again: the insert draws its id, then fails the commit on the unique event id.
        assertThatThrownBy(() -> append(repeated).block(WAIT)).isNotNull();
        try (Connection rolledBack = connection()) {
            rolledBack.setAutoCommit(false);
            insertDirectly(rolledBack);
            rolledBack.rollback();
        }
        long last = appendCommitted();

        List<Long> passed = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            passed.addAll(ids(reader.next()));
        }

        assertThat(passed).containsExactly(first, idOf(repeated), last);
        assertThat(last - first).as("ids drawn by the rolled-back appends between them").isGreaterThanOrEqualTo(4);
        assertThat(reader.position()).isEqualTo(last);
    }

    @Test
    void concurrentAppendersSomeFailingArePassedCompletelyInIdOrder() throws Exception {
        List<Long> passed = new ArrayList<>();
        AtomicBoolean appending = new AtomicBoolean(true);
        Thread readerThread = Thread.ofPlatform().start(() -> {
            try {
                while (appending.get()) {
                    passed.addAll(ids(reader.next()));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        List<SessionCompleted> appendedOnce = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            appendedOnce.add(Events.sessionCompleted(UUID.randomUUID()));
        }
        // Every fifth transaction repeats the event id of the one before it and fails at commit, leaving a gap.
        Flux.range(0, 400)
                .flatMap(i -> append(appendedOnce.get(i % 5 == 4 ? i - 1 : i)).onErrorResume(error -> Mono.empty()), 8)
                .blockLast(Duration.ofSeconds(120));
        appending.set(false);
        readerThread.join(WAIT);

        List<Long> committed = database.sql("SELECT id FROM outbox_event ORDER BY id")
                .map(row -> row.get("id", Long.class)).all().collectList().block(WAIT);
        for (int round = 0; round < 10 && passed.size() < committed.size(); round++) {
            passed.addAll(ids(reader.next()));
        }
        assertThat(committed).hasSize(320);
        assertThat(passed).containsExactlyElementsOf(committed);
    }

    @Test
    void aReaderThatPlannedOnAnEmptyOutboxReadsItByPrimaryKeyOnceItHasGrown() throws Exception {
        database.sql("ANALYZE outbox_event").then().block(WAIT);
        // pgjdbc prepares a statement on the server at its fifth run; from then on the connection keeps its plan.
        for (int read = 0; read < 6; read++) {
            assertThat(reader.next()).isEmpty();
        }
        Flux.range(0, 300).concatMap(i -> append(Events.sessionCompleted(UUID.randomUUID()))).blockLast(WAIT);
        List<Long> passed = new ArrayList<>();
        for (int round = 0; round < 10 && passed.size() < 300; round++) {
            passed.addAll(ids(reader.next()));
        }
        assertThat(passed).hasSize(300);

        String name;
        try (Statement statement = readerConnection.createStatement();
             ResultSet prepared = statement.executeQuery(
                     "SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%last_drawn%'")) {
            assertThat(prepared.next()).as("the read is a prepared statement of the reader's connection").isTrue();
            name = prepared.getString("name");
            assertThat(prepared.getLong("custom_plans")).as("reads planned with their position's value").isZero();
            assertThat(prepared.getLong("generic_plans")).as("reads run on the connection's one plan").isPositive();
        }
        StringBuilder plan = new StringBuilder();
        try (Statement statement = readerConnection.createStatement();
             ResultSet explained = statement.executeQuery("EXPLAIN EXECUTE \"" + name + "\"(0, " + BATCH + ")")) {
            while (explained.next()) {
                plan.append(explained.getString(1)).append('\n');
            }
        }
        assertThat(plan.toString()).contains("Index Scan using outbox_event_pkey").doesNotContain("Seq Scan on outbox_event");
    }

    private long appendCommitted() {
        SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
        append(event).block(WAIT);
        return idOf(event);
    }

    private Mono<Void> append(SessionCompleted event) {
        return transactions.transactional(outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event)).then();
    }

    private long idOf(SessionCompleted event) {
        return database.sql("SELECT id FROM outbox_event WHERE event_id = :eventId").bind("eventId", event.getEventId())
                .map(row -> row.get("id", Long.class)).one().block(WAIT);
    }

    private static long insertDirectly(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
                VALUES (?, 'booking.session', 'k', 'SessionCompleted', '\\x00') RETURNING id""")) {
            insert.setObject(1, UUID.randomUUID());
            try (ResultSet result = insert.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static List<Long> ids(List<OutboxReader.Row> rows) {
        return rows.stream().map(OutboxReader.Row::id).toList();
    }

    private Connection connection() throws SQLException {
        return connector.open();
    }
}
