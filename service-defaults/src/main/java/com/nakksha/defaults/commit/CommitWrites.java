package com.nakksha.defaults.commit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.util.ConcurrentLruCache;

/**
 * Writes that a transaction defers to its commit, sent together: at {@code beforeCommit} the first write of every
 * contributor is combined into one statement (each one a data-modifying common table expression of
 * {@code WITH w0 AS (...), w1 AS (...) SELECT 1}), and any further writes follow one statement each. A transaction
 * whose outbox rows and Idempotency-Key claim are both written at commit so pays one round trip for them, not two.
 *
 * <p>Postgres runs the expressions of one statement on one snapshot, each exactly once, whether or not the outer
 * query reads them. A write that fails (a unique violation, say) fails the statement, and with it the commit: the
 * transaction rolls back. So a deferred write must not read another deferred write's effect, which it cannot see
 * (a foreign key to a row another one inserts holds: it is checked at the end of the statement), and each must be
 * a single INSERT, UPDATE or DELETE (it may have a {@code WITH} of its own, of reads only). Its parameters are
 * named ({@code :name}, not inside a string literal); they are renamed when combined. A write may say what its
 * failure means ({@link Write#failure}), so that a constraint it violates at commit fails the transaction with the
 * same refusal as when it ran at once. A check ({@link Write#unchanged}) rides along the same way: rows the
 * transaction acted on but read before it began, or from a cache, are required unchanged in the statement that
 * writes, which costs no round trip of its own.
 *
 * <p>A contributor keeps its state in the transaction's buffer ({@link #pendingOf}) and is asked for its writes
 * only at commit ({@link Pending}), so it can still drop what a rolled-back savepoint appended. A transaction
 * suspended by one of propagation REQUIRES_NEW takes its writes out of sight while it waits.
 */
public class CommitWrites {

    /** A parameter reference {@code :name}, not the second colon of a {@code ::type} cast. */
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):(\\w+)");

    /**
     * Statement texts split at their parameter references, each parsed once while among the most recently used: the
     * same few texts commit again and again, and matching {@link #PARAMETER} over every commit's text cost booking's
     * public booking 3 % of its CPU.
     */
    private static final ConcurrentLruCache<String, List<String>> PARTS = new ConcurrentLruCache<>(256, CommitWrites::parts);

    /**
     * One statement to run at commit.
     *
     * @param sql one INSERT, UPDATE or DELETE with named parameters
     * @param parameters its parameters by name; a {@link org.springframework.r2dbc.core.Parameter} binds a typed null
     * @param failure what a failure of the statement (Spring's translated {@code DataAccessException}) becomes, such
     *                as a domain refusal for a constraint this write may violate; given any failure of the combined
     *                statement, it returns the failure unchanged when it does not recognise it
     * @param check true for a SELECT of one row that fails when something does not hold ({@link #unchanged}), which
     *              the combined statement reads so that it runs (Postgres skips a read nothing refers to)
     */
    public record Write(String sql, Map<String, Object> parameters, UnaryOperator<Throwable> failure, boolean check) {

        public Write {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        /** A write whose failures mean what {@code failure} says. */
        public Write(String sql, Map<String, Object> parameters, UnaryOperator<Throwable> failure) {
            this(sql, parameters, failure, false);
        }

        /** A write whose failures fail the commit as they are. */
        public Write(String sql, Map<String, Object> parameters) {
            this(sql, parameters, UnaryOperator.identity());
        }

        /**
         * A check that what the transaction acted on, read before it began or from a cache, is unchanged at its
         * commit: function {@code require_unchanged} of changeset nakksha-defaults-010 fails the statement unless
         * {@code unchanged} is true. In READ COMMITTED that is at least as current as reading it again inside the
         * transaction, one round trip fewer.
         *
         * @param unchanged a boolean SQL expression with named parameters, such as a comparison of a row's
         *                  {@code xmin} with the one read
         * @param what      what was read, which the refusal names; unique within the transaction's checks
         * @param outdated  runs when the check fails, to drop the outdated read (a cache entry)
         * @return a check whose failure is {@link ChangedSinceReadException}
         */
        public static Write unchanged(String unchanged, Map<String, Object> parameters, String what, Runnable outdated) {
            Map<String, Object> withWhat = new LinkedHashMap<>(parameters);
            withWhat.put("unchangedWhat", what);
            return new Write("SELECT require_unchanged((" + unchanged + "), :unchangedWhat)", withWhat, failure -> {
                if (!ChangedSinceReadException.raisedFor(failure, what)) {
                    return failure;
                }
                outdated.run();
                return new ChangedSinceReadException(what, failure);
            }, true);
        }

        /** This write's SQL and parameters with each parameter name prefixed, so that it can share a statement. */
        Write prefixed(String prefix) {
            List<String> parts = PARTS.get(sql);
            StringBuilder renamed = new StringBuilder(sql.length() + prefix.length() * parts.size() / 2);
            for (int i = 0; i < parts.size(); i++) {
                String part = parts.get(i);
                if (i % 2 == 0) {
                    renamed.append(part);
                } else {
                    renamed.append(':').append(parameters.containsKey(part) ? prefix : "").append(part);
                }
            }
            Map<String, Object> renamedParameters = new LinkedHashMap<>();
            parameters.forEach((name, value) -> renamedParameters.put(prefix + name, value));
            return new Write(renamed.toString(), renamedParameters, failure, check);
        }
    }

    /**
     * A contributor of writes, kept by the transaction's buffer: asked once, at commit, for what to write then (in
     * the order of its writes), and told when the transaction committed.
     */
    @FunctionalInterface
    public interface Pending {

        List<Write> writesAtCommit();

        /** Runs after the transaction committed, on the thread that committed it. */
        default void afterCommit() {
        }
    }

    private final DatabaseClient database;

    public CommitWrites(DatabaseClient database) {
        this.database = database;
    }

    /**
     * Defers {@code write} to the commit of the current transaction.
     *
     * @return completes when the write is buffered; fails with {@link IllegalStateException} outside a transaction or
     *         when the transaction is already committing
     */
    public Mono<Void> atCommit(Write write) {
        return currentTransaction("a write at commit").flatMap(transaction -> Mono.fromRunnable(
                () -> this.<Pending>pendingOf(transaction, new Object(), () -> () -> List.of(write))));
    }

    /**
     * The current actual transaction, which {@link #pendingOf} needs.
     *
     * @param what what needs it, for the error
     * @return fails with {@link IllegalStateException} outside a transaction
     */
    public static Mono<TransactionSynchronizationManager> currentTransaction(String what) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isActualTransactionActive)
                .switchIfEmpty(Mono.error(() -> new NoTransactionException(what + " must run inside a transaction")))
                .onErrorMap(NoTransactionException.class,
                        e -> new IllegalStateException(what + " must run inside a transaction", e));
    }

    /**
     * The contributor {@code owner} keeps in {@code transaction}, made by {@code create} on the owner's first call in
     * it: so a contributor's state lives exactly as long as its transaction, out of sight while a transaction of
     * propagation REQUIRES_NEW suspends it. Call it outside of any savepoint's scope.
     *
     * @throws IllegalStateException when the owner has none yet and the transaction is already committing
     */
    @SuppressWarnings("unchecked")
    public <P extends Pending> P pendingOf(TransactionSynchronizationManager transaction, Object owner,
                                           Supplier<P> create) {
        return (P) buffered(transaction).pendingOf(owner, create);
    }

    private Buffered buffered(TransactionSynchronizationManager transaction) {
        if (transaction.getResource(this) instanceof Buffered buffered) {
            return buffered;
        }
        Buffered buffered = new Buffered(transaction);
        transaction.bindResource(this, buffered);
        transaction.registerSynchronization(buffered);
        return buffered;
    }

    private final class Buffered implements TransactionSynchronization {

        private final TransactionSynchronizationManager transaction;
        private final Map<Object, Pending> pending = new LinkedHashMap<>();
        private boolean written;

        Buffered(TransactionSynchronizationManager transaction) {
            this.transaction = transaction;
        }

        synchronized Pending pendingOf(Object owner, Supplier<? extends Pending> create) {
            Pending existing = pending.get(owner);
            if (existing != null) {
                return existing;
            }
            if (written) {
                throw new IllegalStateException("a write deferred to commit after its transaction began to commit");
            }
            Pending created = create.get();
            pending.put(owner, created);
            return created;
        }

        private synchronized List<Pending> contributors() {
            return List.copyOf(pending.values());
        }

        @Override
        public Mono<Void> beforeCommit(boolean readOnly) {
            List<Pending> contributors;
            synchronized (this) {
                written = true;
                contributors = contributors();
            }
            List<Write> first = new ArrayList<>();
            List<Write> rest = new ArrayList<>();
            for (Pending contributor : contributors) {
                List<Write> writes = contributor.writesAtCommit();
                if (!writes.isEmpty()) {
                    first.add(writes.getFirst());
                    rest.addAll(writes.subList(1, writes.size()));
                }
            }
            if (first.isEmpty()) {
                return Mono.empty();
            }
            return run(combined(first)).thenMany(Flux.fromIterable(rest).concatMap(CommitWrites.this::run)).then();
        }

        @Override
        public Mono<Void> afterCommit() {
            return Mono.fromRunnable(() -> contributors().forEach(Pending::afterCommit));
        }

        @Override
        public Mono<Void> afterCompletion(int status) {
            return Mono.fromRunnable(() -> {
                if (transaction.getResource(CommitWrites.this) == this) {
                    transaction.unbindResource(CommitWrites.this);
                }
            });
        }

        @Override
        public Mono<Void> suspend() {
            return Mono.fromRunnable(() -> transaction.unbindResourceIfPossible(CommitWrites.this));
        }

        @Override
        public Mono<Void> resume() {
            return Mono.fromRunnable(() -> {
                transaction.unbindResourceIfPossible(CommitWrites.this);
                transaction.bindResource(CommitWrites.this, this);
            });
        }
    }

    /** {@code sql} split at its parameter references: the text between them at even indexes, their names at odd ones. */
    private static List<String> parts(String sql) {
        Matcher names = PARAMETER.matcher(sql);
        List<String> parts = new ArrayList<>();
        int end = 0;
        while (names.find()) {
            parts.add(sql.substring(end, names.start()));
            parts.add(names.group(1));
            end = names.end();
        }
        parts.add(sql.substring(end));
        return List.copyOf(parts);
    }

    private static Write combined(List<Write> writes) {
        if (writes.size() == 1) {
            return writes.getFirst();
        }
        StringBuilder sql = new StringBuilder("WITH ");
        List<String> checks = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            Write write = writes.get(i).prefixed("c" + i + "_");
            sql.append(i == 0 ? "" : ",\n").append("w").append(i).append(" AS (").append(write.sql()).append(")");
            parameters.putAll(write.parameters());
            if (write.check()) {
                checks.add("w" + i);
            }
        }
        sql.append("\nSELECT 1").append(checks.isEmpty() ? "" : " FROM " + String.join(", ", checks));
        return new Write(sql.toString(), parameters, failure -> {
            for (Write write : writes) {
                Throwable recognised = write.failure().apply(failure);
                if (recognised != failure) {
                    return recognised;
                }
            }
            return failure;
        });
    }

    private Mono<Void> run(Write write) {
        // Bound in one call: each bind(name, value) copies every parameter bound before it, which made an outbox
        // statement of 1,000 rows (7,000 parameters) quadratic and its commit CPU-bound.
        return database.sql(write.sql()).bindValues(write.parameters()).then().onErrorMap(write.failure());
    }
}
