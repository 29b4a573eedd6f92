package com.nakksha.defaults.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import com.nakksha.defaults.commit.CommitWrites;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.UnprocessableProblem;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;

/**
 * The {@code Idempotency-Key} store of a service (table {@code idempotency_key} in its own schema,
 * created by service-defaults' changelog): each key within a scope keeps the hash of the request
 * body it first came with and the answer it got, so a retry gets that answer instead of a second
 * effect. Claim the key in the transaction that has the effect and complete it there too: a
 * rollback then forgets both, and a concurrent request with the same key waits on the key's row
 * until the first one ends. Or, without a round trip of its own, claim it with its answer at the
 * commit of that transaction ({@link #claimAnsweredAtCommit}, sent with the transaction's outbox rows)
 * and, when the transaction rolled back, ask {@link #answered} whether a retry or a racer with the key
 * answered it (a retry does its work again, and its commit fails and undoes it when the key was
 * answered before). Keys are kept for {@link IdempotencyProperties#retention()}.
 */
public class IdempotencyKeys {

    /** The header a client sends the key in. */
    public static final String HEADER = "Idempotency-Key";

    /** Longest key accepted, in characters. */
    public static final int MAX_KEY_LENGTH = 200;

    /** The answer an earlier request with the key got: its HTTP status and the body the service stored for it. */
    public record StoredAnswer(int status, String body) {
    }

    private final DatabaseClient database;
    private final CommitWrites commitWrites;
    private final Clock clock;

    /** @param commitWrites sends {@link #claimAnsweredAtCommit}'s claim with the transaction's other writes at commit */
    public IdempotencyKeys(DatabaseClient database, CommitWrites commitWrites, Clock clock) {
        this.database = database;
        this.commitWrites = commitWrites;
        this.clock = clock;
    }

    /**
     * Claims the key for this request, or returns the answer an earlier request with the key got.
     * Empty means the key is new and this request's answer is to be stored with {@link #complete}.
     *
     * @param scope what the key is unique within, e.g. an operation and its tenant
     * @param requestHash {@link #hash} of the request body
     * @throws InvalidInputException (400) on {@value #HEADER} when the key is missing, blank or longer than {@value #MAX_KEY_LENGTH}
     * @throws UnprocessableProblem (422) when the key was used with a different body: a new request needs a new key
     */
    public Mono<StoredAnswer> claim(String scope, String key, String requestHash) {
        return claim(scope, key, requestHash, null, null);
    }

    /**
     * Claims the key with its answer in one statement, or returns the answer an earlier request with the key got.
     * For an answer that has no effect to commit with it, such as a refusal whose attempt was rolled back: it may
     * run in a transaction of its own, or none. A concurrent request holding the key waits for it, and then its
     * answer is returned when it committed; empty means this answer is stored.
     *
     * @param status the HTTP status of the answer
     * @throws InvalidInputException (400) as {@link #claim}
     * @throws UnprocessableProblem (422) as {@link #claim}
     */
    public Mono<StoredAnswer> claimAnswered(String scope, String key, String requestHash, int status, String body) {
        return claim(scope, key, requestHash, status, body);
    }

    /**
     * Claims the key with its answer at the commit of the current transaction, in the statement that writes the
     * transaction's other deferred writes ({@link CommitWrites}), so the claim costs no round trip of its own. When
     * the key was claimed before, or is being claimed by a transaction that then commits, the claim fails the commit
     * with a unique violation and the transaction rolls back: ask {@link #answered} afterwards for that answer.
     *
     * @param status the HTTP status of the answer
     * @return completes when the claim is buffered; fails with {@link IllegalStateException} outside a transaction
     * @throws InvalidInputException (400) as {@link #claim}
     */
    public Mono<Void> claimAnsweredAtCommit(String scope, String key, String requestHash, int status, String body) {
        return Mono.fromRunnable(() -> requireValid(key)).then(Mono.defer(() -> commitWrites.atCommit(new CommitWrites.Write("""
                        INSERT INTO idempotency_key (scope, idempotency_key, request_hash, created_at, response_status, response_body)
                        VALUES (:scope, :key, :hash, :now, :status, :body)""",
                Map.of("scope", scope, "key", key, "hash", requestHash, "now", clock.instant(), "status", status,
                        "body", body)))));
    }

    /**
     * The answer an earlier request with the key got, as committed; empty when no request committed one. For a
     * request that has its effect first and stores its answer with it ({@link #claimAnsweredAtCommit}, or
     * {@link #claimAnswered} in its transaction): after that transaction rolled back, the key's row says whether a retry or a racer with the key answered.
     *
     * @throws InvalidInputException (400) as {@link #claim}
     * @throws UnprocessableProblem (422) as {@link #claim}
     */
    public Mono<StoredAnswer> answered(String scope, String key, String requestHash) {
        return Mono.fromRunnable(() -> requireValid(key)).then(Mono.defer(() -> stored(scope, key, requestHash)));
    }

    /**
     * Checks the key a client sent before any work is done for it.
     *
     * @throws InvalidInputException (400) on {@value #HEADER} when the key is missing, blank or longer than {@value #MAX_KEY_LENGTH}
     */
    public static void requireValid(String key) {
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new InvalidInputException(HEADER, "header is required, 1 to " + MAX_KEY_LENGTH + " characters");
        }
    }

    private Mono<StoredAnswer> claim(String scope, String key, String requestHash, Integer status, String body) {
        // Deferred: the statement binds the key, which must be checked first.
        return Mono.fromRunnable(() -> requireValid(key)).then(Mono.defer(() -> database.sql("""
                        INSERT INTO idempotency_key (scope, idempotency_key, request_hash, created_at, response_status, response_body)
                        VALUES (:scope, :key, :hash, :now, :status, :body) ON CONFLICT DO NOTHING""")
                .bind("scope", scope)
                .bind("key", key)
                .bind("hash", requestHash)
                .bind("now", clock.instant())
                .bind("status", Parameter.fromOrEmpty(status, Integer.class))
                .bind("body", Parameter.fromOrEmpty(body, String.class))
                .fetch().rowsUpdated()
                .flatMap(inserted -> inserted == 1 ? Mono.empty() : stored(scope, key, requestHash))));
    }

    private Mono<StoredAnswer> stored(String scope, String key, String requestHash) {
        return database.sql("""
                        SELECT request_hash, response_status, response_body FROM idempotency_key
                        WHERE scope = :scope AND idempotency_key = :key""")
                .bind("scope", scope)
                .bind("key", key)
                .map(row -> new Seen(row.get("request_hash", String.class),
                        row.get("response_status", Integer.class), row.get("response_body", String.class)))
                .one()
                .flatMap(seen -> answerOf(seen, requestHash));
    }

    /** Stores the answer of the request that claimed the key, in its transaction. */
    public Mono<Void> complete(String scope, String key, int status, String body) {
        return database.sql("""
                        UPDATE idempotency_key SET response_status = :status, response_body = :body
                        WHERE scope = :scope AND idempotency_key = :key""")
                .bind("scope", scope)
                .bind("key", key)
                .bind("status", status)
                .bind("body", body)
                .then();
    }

    /** Forgets keys claimed before {@code cutoff}; returns how many. */
    public Mono<Long> purgeClaimedBefore(Instant cutoff) {
        return database.sql("DELETE FROM idempotency_key WHERE created_at < :cutoff")
                .bind("cutoff", cutoff)
                .fetch().rowsUpdated();
    }

    /** SHA-256 of the text in UTF-8, as 64 hex digits: what {@link #claim} compares bodies by. */
    public static String hash(String requestBody) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(requestBody.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private record Seen(String requestHash, Integer status, String body) {
    }

    private static Mono<StoredAnswer> answerOf(Seen seen, String requestHash) {
        if (!seen.requestHash().equals(requestHash)) {
            return Mono.error(new UnprocessableProblem("Idempotency key reused",
                    "This Idempotency-Key was used with a different request; use a new key for a new request."));
        }
        if (seen.status() == null) {
            // Only possible outside a transaction: the claim of the first request committed without its answer.
            return Mono.error(new IllegalStateException("the first request with this key has not stored its answer"));
        }
        return Mono.just(new StoredAnswer(seen.status(), seen.body()));
    }
}
