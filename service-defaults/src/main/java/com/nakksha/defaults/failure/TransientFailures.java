package com.nakksha.defaults.failure;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import com.nakksha.schemas.serde.UnknownWriterSchemaException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.util.retry.Retry;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells failures of the infrastructure (the database or broker cannot be reached, a transaction
 * lost a serialization race, a writer schema is not resolvable yet) from failures of the work
 * itself (a record a handler refuses, a constraint violation, a bug).
 *
 * <p>A transient failure says nothing about the record or request: Kafka listeners retry it
 * without limit and never dead-letter it, and the web side answers 503 with {@code Retry-After}.
 * Both sides ask this one class so they cannot disagree.
 */
public final class TransientFailures {

    /**
     * SQLSTATE classes whose every code is about the connection or the server, never the statement:
     * 08 connection exception, 28 invalid authorization (only raised while logging in, e.g. a role
     * set to NOLOGIN during maintenance), 53 insufficient resources (too many connections, disk
     * full), 57 operator intervention (57014 statement timeout, 57P01 admin shutdown, 57P02 crash
     * shutdown, 57P03 cannot connect now), 58 system error. PostgreSQL Appendix A.
     */
    private static final Set<String> TRANSIENT_SQL_STATE_CLASSES = Set.of("08", "28", "53", "57", "58");

    /** 40001 serialization failure, 40P01 deadlock detected, 55P03 lock not available: retrying the transaction succeeds. */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("40001", "40P01", "55P03");

    /** The message of {@code ConnectionFactoryUtils.getConnection}'s failure (spring-r2dbc). */
    private static final String OBTAIN_CONNECTION_FAILED = "Failed to obtain R2DBC Connection";

    /**
     * How long start-up work waits out an unreachable or overloaded database: nine services cold-starting on two
     * busy cores have seen first connections time out for more than a minute.
     */
    public static final Duration START_UP_PATIENCE = Duration.ofMinutes(2);
    private static final Duration START_UP_FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration START_UP_MAX_BACKOFF = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(TransientFailures.class);

    private TransientFailures() {
    }

    /**
     * The retry for work a service does once while starting (creating the first admin or signing key, deciding a
     * backfill): transient failures are retried with exponential back-off from 0.5 s to 5 s, as many times as
     * those waits fit into {@link #START_UP_PATIENCE}, so a database slow to hand out its first connections
     * does not stop the service; any other failure, or a transient one after the last retry, is passed on unchanged
     * and start-up fails as before (Reactor's {@link Retry#backoff}).
     */
    public static Retry atStartUp() {
        return atStartUp(START_UP_PATIENCE, START_UP_FIRST_BACKOFF, START_UP_MAX_BACKOFF);
    }

    /** {@link #atStartUp()} with other times, for tests. */
    public static Retry atStartUp(Duration patience, Duration firstBackoff, Duration maxBackoff) {
        return Retry.backoff(retriesWithin(patience, firstBackoff, maxBackoff), firstBackoff)
                .maxBackoff(maxBackoff)
                .jitter(0)
                .filter(TransientFailures::isTransient)
                .doBeforeRetry(signal -> log.warn("Start-up work failed transiently ({}); retrying", signal.failure().toString()))
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    /** How many back-offs, doubling from {@code first} and capped at {@code max}, fit into {@code patience}. */
    private static long retriesWithin(Duration patience, Duration first, Duration max) {
        long retries = 0;
        Duration waited = Duration.ZERO;
        Duration next = first;
        while (!waited.plus(next).minus(patience).isPositive()) {
            waited = waited.plus(next);
            retries++;
            next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        }
        return Math.max(1, retries);
    }

    /**
     * Whether {@code failure}, or anything in its cause chain, is a transient infrastructure failure.
     * A failure to obtain a connection or begin a transaction always is. Otherwise, when the chain
     * carries a SQLSTATE, the SQLSTATE alone decides: a driver may report a PL/pgSQL {@code RAISE}
     * with the same exception type as a lost connection.
     */
    public static boolean isTransient(Throwable failure) {
        if (failure == null) {
            return false;
        }
        for (Throwable current : chain(failure)) {
            if (isConnectionAcquisitionFailure(current)) {
                return true;
            }
        }
        Optional<String> sqlState = sqlState(failure);
        if (sqlState.isPresent()) {
            String state = sqlState.get();
            return TRANSIENT_SQL_STATES.contains(state)
                    || (state.length() >= 2 && TRANSIENT_SQL_STATE_CLASSES.contains(state.substring(0, 2)));
        }
        for (Throwable current : chain(failure)) {
            if (isTransientType(current)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Spring wraps every failure to obtain a connection or begin a transaction in these, whatever
     * the server said: a refused login (28000), a revoked CONNECT privilege (42501) or a refused
     * socket. None of them is about the work, so they decide before any SQLSTATE.
     */
    private static boolean isConnectionAcquisitionFailure(Throwable error) {
        return error instanceof CannotCreateTransactionException
                || (error instanceof DataAccessResourceFailureException
                        && error.getMessage() != null && error.getMessage().startsWith(OBTAIN_CONNECTION_FAILED));
    }

    private static boolean isTransientType(Throwable error) {
        return error instanceof UnknownWriterSchemaException
                // Database: connection refused or lost, pool acquire timeout, transaction could not begin.
                || error instanceof R2dbcTransientException
                || error instanceof R2dbcNonTransientResourceException
                || error instanceof io.r2dbc.pool.ConnectionPoolException
                || error instanceof TransientDataAccessException
                || error instanceof RecoverableDataAccessException
                || error instanceof DataAccessResourceFailureException
                || error instanceof CannotCreateTransactionException
                || error instanceof SQLTransientException
                || error instanceof SQLRecoverableException
                // Broker: request timeouts, leader moves, disconnects.
                || error instanceof RetriableException
                // Network and deadlines, whichever client raised them.
                || error instanceof ConnectException
                || error instanceof NoRouteToHostException
                || error instanceof SocketTimeoutException
                || error instanceof SocketException
                || error instanceof ClosedChannelException
                || error instanceof TimeoutException;
    }

    private static Optional<String> sqlState(Throwable failure) {
        for (Throwable current : chain(failure)) {
            String state = switch (current) {
                case R2dbcException r2dbc -> r2dbc.getSqlState();
                case SQLException jdbc -> jdbc.getSQLState();
                default -> null;
            };
            if (state != null && !state.isBlank()) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    private static Iterable<Throwable> chain(Throwable failure) {
        return () -> new java.util.Iterator<>() {
            private Throwable next = failure;
            private int depth;

            @Override
            public boolean hasNext() {
                return next != null && depth < 32;
            }

            @Override
            public Throwable next() {
                Throwable current = next;
                next = current.getCause() == current ? null : current.getCause();
                depth++;
                return current;
            }
        };
    }
}
