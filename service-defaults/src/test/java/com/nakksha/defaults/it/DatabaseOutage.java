package com.nakksha.defaults.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.nakksha.testsupport.TestInfrastructure;

import static org.awaitility.Awaitility.await;

/**
 * Makes the database unreachable for one service role, as a stopped or restarting Postgres is to it:
 * the role may not log in (new connections fail with SQLSTATE 28000) and its open connections are
 * terminated (57P01). Closing it lets the role log in again.
 *
 * <p>{@code begin} returns only once the role's backends have exited: {@code pg_terminate_backend}
 * without a timeout only signals them, and a backend that has not yet exited still answers a query.
 */
final class DatabaseOutage implements AutoCloseable {

    private static final Duration BACKENDS_GONE_WITHIN = Duration.ofSeconds(10);

    private final String role;

    private DatabaseOutage(String role) {
        this.role = role;
    }

    static DatabaseOutage begin(String role) throws SQLException {
        try (Connection superuser = TestInfrastructure.superuserConnection(); Statement sql = superuser.createStatement()) {
            sql.execute("ALTER ROLE " + role + " NOLOGIN");
            // A connection the pool opened just before NOLOGIN can still be authenticating, or already past it, when the
            // first backends are terminated; it shows up afterwards, so terminating repeats until none is left.
            try {
                await("every backend of role " + role + " gone").atMost(BACKENDS_GONE_WITHIN).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(50)).until(() -> terminateBackends(sql, role) == 0);
            } catch (RuntimeException notGone) {
                // No outage began, so none is left behind for the tests after this one.
                sql.execute("ALTER ROLE " + role + " LOGIN");
                throw notGone;
            }
        }
        return new DatabaseOutage(role);
    }

    /** Terminates the role's backends, each call waiting until that backend has exited; returns how many are listed after. */
    private static long terminateBackends(Statement sql, String role) throws SQLException {
        // The timeout (milliseconds) makes each call wait until that backend has exited.
        sql.execute("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE usename = '" + role + "'");
        try (ResultSet left = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role + "'")) {
            left.next();
            return left.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection superuser = TestInfrastructure.superuserConnection(); Statement sql = superuser.createStatement()) {
            sql.execute("ALTER ROLE " + role + " LOGIN");
        }
    }
}
