package com.nakksha.defaults.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nakksha.defaults.idempotency.IdempotencyKeyPurge;
import com.nakksha.defaults.idempotency.IdempotencyKeys;
import com.nakksha.defaults.idempotency.IdempotencyKeys.StoredAnswer;
import com.nakksha.defaults.idempotency.IdempotencyProperties;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.defaults.outbox.OutboxRelay;
import com.nakksha.defaults.problem.UnprocessableProblem;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@NakkshaServiceTest(schema = "defaultsit")
class IdempotencyKeysIT {

    @Autowired
    IdempotencyKeys keys;
    @Autowired
    IdempotencyKeyPurge purge;
    @Autowired
    TransactionalOperator transactions;
    @Autowired
    DatabaseClient database;
    @Autowired
    Outbox outbox;
    @Autowired
    OutboxRelay relay;

    private final String scope = "widget-order:" + UUID.randomUUID();
    private final String body = IdempotencyKeys.hash("{\"widget\":\"lamp\"}");

    @Test
    void aNewKeyIsClaimedAndARetryGetsTheStoredAnswer() {
        String key = UUID.randomUUID().toString();

        StoredAnswer first = transactions.transactional(keys.claim(scope, key, body)
                .switchIfEmpty(keys.complete(scope, key, 201, "{\"id\":1}").then(Mono.empty()))).block();
        StoredAnswer retry = transactions.transactional(keys.claim(scope, key, body)).block();

        assertThat(first).isNull();
        assertThat(retry).isEqualTo(new StoredAnswer(201, "{\"id\":1}"));
    }

    @Test
    void theSameKeyWithADifferentBodyIsA422AndStoresNothing() {
        String key = UUID.randomUUID().toString();
        transactions.transactional(keys.claim(scope, key, body).then(keys.complete(scope, key, 409, "slot taken"))).block();

        assertThatThrownBy(() -> keys.claim(scope, key, IdempotencyKeys.hash("{\"widget\":\"desk\"}")).block())
                .isInstanceOfSatisfying(UnprocessableProblem.class,
                        problem -> assertThat(problem.getBody().getTitle()).isEqualTo("Idempotency key reused"));
        assertThat(keys.claim(scope, key, body).block()).isEqualTo(new StoredAnswer(409, "slot taken"));
    }

    @Test
    void keysAreUniqueWithinAScopeOnly() {
        String key = UUID.randomUUID().toString();
        transactions.transactional(keys.claim(scope, key, body).then(keys.complete(scope, key, 201, "a"))).block();

        assertThat(transactions.transactional(keys.claim("other:" + scope, key, body)).block()).isNull();
    }

    @Test
    void aMissingBlankOrOverlongKeyIsABadRequestNamingTheHeader() {
        for (String key : new String[] {null, " ", "k".repeat(IdempotencyKeys.MAX_KEY_LENGTH + 1)}) {
            assertThatThrownBy(() -> keys.claim(scope, key, body).block())
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            invalid -> assertThat(invalid.violations().getFirst().field()).isEqualTo("Idempotency-Key"));
            assertThatThrownBy(() -> keys.answered(scope, key, body).block())
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            invalid -> assertThat(invalid.violations().getFirst().field()).isEqualTo("Idempotency-Key"));
        }
    }

    @Test
    void theAnswerAKeyCommittedIsFoundAndAnUnknownKeyHasNone() {
        String key = UUID.randomUUID().toString();
        assertThat(keys.answered(scope, key, body).block()).isNull();

        assertThat(keys.claimAnswered(scope, key, body, 201, "{\"id\":3}").block()).isNull();

        assertThat(keys.answered(scope, key, body).block()).isEqualTo(new StoredAnswer(201, "{\"id\":3}"));
        assertThatThrownBy(() -> keys.answered(scope, key, IdempotencyKeys.hash("{}")).block())
                .isInstanceOf(UnprocessableProblem.class);
    }

    @Test
    void concurrentRequestsWithOneKeyHaveOneEffect() {
        String key = UUID.randomUUID().toString();
        List<String> answers = Flux.range(0, 6)
                .flatMap(attempt -> transactions.transactional(keys.claim(scope, key, body)
                                .map(StoredAnswer::body)
                                .switchIfEmpty(Mono.delay(Duration.ofMillis(100))
                                        .then(keys.complete(scope, key, 201, "effect-" + attempt))
                                        .thenReturn("effect-" + attempt)))
                        .subscribeOn(Schedulers.parallel()), 6)
                .collectList()
                .block();

        assertThat(answers).hasSize(6);
        assertThat(answers.stream().distinct()).hasSize(1);
    }

    @Test
    void anAnswerClaimedInOneStatementIsReplayedAndLosesToACommittedAnswer() {
        String refused = UUID.randomUUID().toString();
        assertThat(keys.claimAnswered(scope, refused, body, 409, "slot taken").block()).isNull();
        assertThat(keys.claim(scope, refused, body).block()).isEqualTo(new StoredAnswer(409, "slot taken"));

        String booked = UUID.randomUUID().toString();
        transactions.transactional(keys.claim(scope, booked, body).then(keys.complete(scope, booked, 201, "{\"id\":2}"))).block();
        assertThat(keys.claimAnswered(scope, booked, body, 409, "slot taken").block())
                .isEqualTo(new StoredAnswer(201, "{\"id\":2}"));
        assertThatThrownBy(() -> keys.claimAnswered(scope, booked, IdempotencyKeys.hash("{}"), 409, "slot taken").block())
                .isInstanceOf(UnprocessableProblem.class);
    }

    @Test
    void anAnswerClaimedAtCommitIsWrittenWithTheOutboxRowsAndAClaimedKeyRollsTheTransactionBack() throws Exception {
        // Stopped, the relay does not publish the row before it is looked at.
        relay.stop();
        try {
            String key = UUID.randomUUID().toString();
            SessionCompleted first = Events.sessionCompleted(UUID.randomUUID());
            transactions.transactional(outbox.append(Topic.BOOKING_SESSION, first.getSessionId().toString(), first)
                    .then(keys.claimAnsweredAtCommit(scope, key, body, 201, "{\"id\":4}"))).block();

            assertThat(keys.answered(scope, key, body).block()).isEqualTo(new StoredAnswer(201, "{\"id\":4}"));
            // cmin is the command (statement) of the transaction that inserted a row: one value for both is one statement.
            assertThat(insertingCommands(first, key)).hasSize(2).containsOnly(insertingCommands(first, key).getFirst());

            SessionCompleted retried = Events.sessionCompleted(UUID.randomUUID());
            assertThatThrownBy(() -> transactions.transactional(
                    outbox.append(Topic.BOOKING_SESSION, retried.getSessionId().toString(), retried)
                            .then(keys.claimAnsweredAtCommit(scope, key, body, 201, "{\"id\":5}"))).block())
                    .isInstanceOf(DataIntegrityViolationException.class);
            assertThat(keys.answered(scope, key, body).block()).isEqualTo(new StoredAnswer(201, "{\"id\":4}"));
            assertThat(database.sql("SELECT count(*) AS n FROM outbox_event WHERE event_id = :id")
                    .bind("id", retried.getEventId()).map(row -> row.get("n", Long.class)).one().block())
                    .as("the rolled-back transaction's event").isZero();
        } finally {
            relay.start();
        }
        assertThatThrownBy(() -> keys.claimAnsweredAtCommit(scope, UUID.randomUUID().toString(), body, 201, "{}").block())
                .isInstanceOf(IllegalStateException.class);
    }

    /** The command ids (cmin) of the statements that wrote the event's outbox row and the key's claim. */
    private List<String> insertingCommands(SessionCompleted event, String key) throws Exception {
        List<String> commands = new ArrayList<>();
        try (var connection = TestInfrastructure.superuserConnection();
             var statement = connection.prepareStatement("""
                     SELECT cmin::text, xmin::text FROM defaultsit.outbox_event WHERE event_id = ?::uuid
                     UNION ALL
                     SELECT cmin::text, xmin::text FROM defaultsit.idempotency_key WHERE scope = ? AND idempotency_key = ?""")) {
            statement.setString(1, event.getEventId().toString());
            statement.setString(2, scope);
            statement.setString(3, key);
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    commands.add(result.getString(2) + "/" + result.getString(1));
                }
            }
        }
        return commands;
    }

    @Test
    void keysOlderThanTheRetentionArePurgedAndYoungerOnesKept() {
        String old = UUID.randomUUID().toString();
        String young = UUID.randomUUID().toString();
        transactions.transactional(keys.claim(scope, old, body).then(keys.complete(scope, old, 201, "old"))
                .then(keys.claim(scope, young, body)).then(keys.complete(scope, young, 201, "young"))).block();
        database.sql("UPDATE idempotency_key SET created_at = :at WHERE scope = :scope AND idempotency_key = :key")
                .bind("at", Instant.now().minus(Duration.ofDays(2)))
                .bind("scope", scope)
                .bind("key", old)
                .then().block();

        Long purged = purge.purgeOnce().block();

        assertThat(purged).isPositive();
        assertThat(storedKeys()).containsExactly(young);
    }

    @Test
    void thePurgeUsesTheConfiguredRetention() {
        String key = UUID.randomUUID().toString();
        transactions.transactional(keys.claim(scope, key, body).then(keys.complete(scope, key, 201, "kept"))).block();
        IdempotencyKeyPurge strict = new IdempotencyKeyPurge(keys,
                new IdempotencyProperties(Duration.ofMinutes(1), Duration.ofHours(1)),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2)));

        strict.purgeOnce().block();

        assertThat(storedKeys()).isEmpty();
    }

    private List<String> storedKeys() {
        return database.sql("SELECT idempotency_key FROM idempotency_key WHERE scope = :scope")
                .bind("scope", scope)
                .map(row -> row.get("idempotency_key", String.class))
                .all().collectList().block();
    }
}
