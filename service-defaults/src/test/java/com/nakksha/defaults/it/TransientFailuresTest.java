package com.nakksha.defaults.it;

import java.net.ConnectException;
import java.sql.SQLException;

import com.nakksha.defaults.failure.TransientFailures;
import com.nakksha.schemas.serde.UnknownWriterSchemaException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTest {

    static final Throwable[] transientFailures = {
            new ConnectException("Connection refused"),
            new R2dbcTransientResourceException("pool exhausted"),
            new R2dbcTimeoutException("acquire timed out"),
            new R2dbcNonTransientResourceException("Connection unexpectedly closed"),
            new R2dbcNonTransientResourceException("connection failure", "08006"),
            new R2dbcRollbackException("could not serialize access", "40001"),
            new R2dbcRollbackException("deadlock detected", "40P01"),
            new R2dbcNonTransientResourceException("terminating connection due to administrator command", "57P01"),
            new R2dbcNonTransientResourceException("the database system is starting up", "57P03"),
            new R2dbcPermissionDeniedException("role \"booking\" is not permitted to log in", "28000"),
            new SQLException("too many connections", "53300"),
            new DataAccessResourceFailureException("Failed to obtain R2DBC Connection", new ConnectException("refused")),
            new CannotCreateTransactionException("Could not open R2DBC Connection for transaction"),
            // REVOKE CONNECT ON DATABASE: the login fails with 42501, which elsewhere means a missing table grant.
            new CannotCreateTransactionException("Could not open R2DBC Connection for transaction",
                    new R2dbcPermissionDeniedException("permission denied for database nakksha", "42501")),
            new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
                    new R2dbcPermissionDeniedException("permission denied for database nakksha", "42501")),
            new QueryTimeoutException("Inbox handling took longer than 10s"),
            new TimeoutException("Timed out waiting for a node assignment"),
            new UnknownWriterSchemaException(42L),
            new ListenerExecutionFailedException("listener failed",
                    new DeserializationException("failed to deserialize", new byte[0], false, new UnknownWriterSchemaException(7L))),
            new RuntimeException(new IllegalStateException("wrapped", new ConnectException("refused"))),
    };

    static final Throwable[] permanentFailures = {
            new IllegalStateException("cannot handle this event"),
            new NullPointerException(),
            new R2dbcDataIntegrityViolationException("duplicate key", "23505"),
            new R2dbcBadGrammarException("column does not exist", "42703"),
            new R2dbcPermissionDeniedException("permission denied for table booking", "42501"),
            // PL/pgSQL RAISE: some drivers report it with the resource-failure type; the SQLSTATE decides.
            new R2dbcNonTransientResourceException("raised by trigger", "P0001"),
            new DataAccessResourceFailureException("raised", new R2dbcNonTransientResourceException("raised", "P0001")),
            new DataIntegrityViolationException("duplicate key", new R2dbcDataIntegrityViolationException("dup", "23505")),
            new RecordTooLargeException("record too large"),
            new DeserializationException("failed to deserialize", new byte[0], false, new SerializationException("not avro")),
            new ListenerExecutionFailedException("listener failed", new IllegalArgumentException("bad amount")),
    };

    @ParameterizedTest
    @FieldSource("transientFailures")
    void infrastructureFailuresAreTransient(Throwable failure) {
        assertThat(TransientFailures.isTransient(failure)).as(failure.toString()).isTrue();
    }

    @ParameterizedTest
    @FieldSource("permanentFailures")
    void failuresOfTheWorkItselfAreNot(Throwable failure) {
        assertThat(TransientFailures.isTransient(failure)).as(failure.toString()).isFalse();
    }
}
