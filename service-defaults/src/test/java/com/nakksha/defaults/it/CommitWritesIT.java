package com.nakksha.defaults.it;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nakksha.defaults.commit.ChangedSinceReadException;
import com.nakksha.defaults.commit.CommitWrites;
import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.NakkshaServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@NakkshaServiceTest(schema = "defaultsit")
class CommitWritesIT {

    private static final String CLAIM = """
            INSERT INTO idempotency_key (scope, idempotency_key, request_hash, created_at)
            VALUES (:scope, :key, 'hash', now())""";

    @Autowired
    CommitWrites commitWrites;
    @Autowired
    Outbox outbox;
    @Autowired
    TransactionalOperator transactions;
    @Autowired
    DatabaseClient database;

    private final String scope = "commit-writes:" + UUID.randomUUID();

    /** A refusal a write's failure stands for. */
    private static final class Refused extends RuntimeException {

        Refused(Throwable cause) {
            super("refused", cause);
        }
    }

    @Test
    void aWriteThatFailsAtCommitFailsTheTransactionWithWhatItsFailureMeansAndWritesNothing() {
        String key = UUID.randomUUID().toString();
        transactions.transactional(commitWrites.atCommit(new CommitWrites.Write(CLAIM, Map.of("scope", scope, "key", key)))).block();

        SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
        String other = UUID.randomUUID().toString();
        assertThatThrownBy(() -> transactions.transactional(outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event)
                .then(commitWrites.atCommit(new CommitWrites.Write(CLAIM, Map.of("scope", scope, "key", other))))
                .then(commitWrites.atCommit(new CommitWrites.Write(CLAIM, Map.of("scope", scope, "key", key),
                        failure -> failure instanceof DataIntegrityViolationException ? new Refused(failure) : failure)))).block())
                .isInstanceOf(Refused.class);

        assertThat(count("SELECT count(*) AS n FROM idempotency_key WHERE scope = :value", scope)).isEqualTo(1);
        assertThat(count("SELECT count(*) AS n FROM outbox_event_history WHERE event_id::text = :value", event.getEventId().toString()))
                .isZero();
    }

    @Test
    void aCheckThatHoldsLetsTheWritesCommitAndOneThatFailsRollsThemBackNamingWhatChanged() {
        String row = UUID.randomUUID().toString();
        transactions.transactional(commitWrites.atCommit(new CommitWrites.Write(CLAIM, Map.of("scope", scope, "key", row)))).block();
        long version = database.sql("SELECT xmin::text::bigint AS v FROM idempotency_key WHERE scope = :scope AND idempotency_key = :key")
                .bind("scope", scope).bind("key", row).map(read -> read.get("v", Long.class)).one().block();
        String versionHolds = "(SELECT xmin::text::bigint FROM idempotency_key WHERE scope = :scope AND idempotency_key = :key) = :version";
        AtomicInteger outdated = new AtomicInteger();
        CommitWrites.Write current = CommitWrites.Write.unchanged(versionHolds,
                Map.of("scope", scope, "key", row, "version", version), "the key row", outdated::incrementAndGet);

        String committed = UUID.randomUUID().toString();
        transactions.transactional(commitWrites.atCommit(new CommitWrites.Write(CLAIM, Map.of("scope", scope, "key", committed)))
                .then(commitWrites.atCommit(current))).block();
        assertThat(count("SELECT count(*) AS n FROM idempotency_key WHERE idempotency_key = :value", committed)).isOne();

        database.sql("UPDATE idempotency_key SET response_status = 201 WHERE scope = :scope AND idempotency_key = :key")
                .bind("scope", scope).bind("key", row).then().block();
        String refused = UUID.randomUUID().toString();
        CommitWrites.Write unrelated = CommitWrites.Write.unchanged("true", Map.of(), "something else", outdated::decrementAndGet);
        assertThatThrownBy(() -> transactions.transactional(
                commitWrites.atCommit(new CommitWrites.Write(CLAIM, Map.of("scope", scope, "key", refused)))
                        .then(commitWrites.atCommit(unrelated))
                        .then(commitWrites.atCommit(current))).block())
                .isInstanceOfSatisfying(ChangedSinceReadException.class, changed -> assertThat(changed.what()).isEqualTo("the key row"));
        assertThat(outdated).hasValue(1);
        assertThat(count("SELECT count(*) AS n FROM idempotency_key WHERE idempotency_key = :value", refused)).isZero();
    }

    @Test
    void aCheckAloneRunsAsItsOwnStatement() {
        assertThatThrownBy(() -> transactions.transactional(commitWrites.atCommit(
                CommitWrites.Write.unchanged("1 = :two", Map.of("two", 2), "the arithmetic", () -> { }))).block())
                .isInstanceOf(ChangedSinceReadException.class);
        transactions.transactional(commitWrites.atCommit(
                CommitWrites.Write.unchanged("2 = :two", Map.of("two", 2), "the arithmetic", () -> { }))).block();
    }

    private long count(String sql, String value) {
        return database.sql(sql).bind("value", value).map(row -> row.get("n", Long.class)).one().block();
    }
}
