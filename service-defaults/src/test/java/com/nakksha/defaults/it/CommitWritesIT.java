package com.nakksha.defaults.it;

import java.util.Map;
import java.util.UUID;

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

    private long count(String sql, String value) {
        return database.sql(sql).bind("value", value).map(row -> row.get("n", Long.class)).one().block();
    }
}
