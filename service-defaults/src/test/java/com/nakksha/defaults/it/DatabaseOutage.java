package com.nakksha.defaults.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.nakksha.testsupport.TestInfrastructure;

/**
 * Makes the database unreachable for one service role, as a stopped or restarting Postgres is to it:
 * the role may not log in (new connections fail with SQLSTATE 28000) and its open connections are
 * terminated (57P01). Closing it lets the role log in again.
 *
 * <p>{@code begin} returns only once the role's backends have exited: {@code pg_terminate_backend}
 * without a timeout only signals them, and a backend that has not yet exited still answers a query.
 */
final class DatabaseOutage implements AutoCloseable {

    private final String role;

    private DatabaseOutage(String role) {
        this.role = role;
    }

    static DatabaseOutage begin(String role) throws SQLException {
        try (Connection superuser = TestInfrastructure.superuserConnection(); Statement sql = superuser.createStatement()) {
            sql.execute("ALTER ROLE " + role + " NOLOGIN");
            // The timeout (milliseconds) makes each call wait until that backend has exited.
            sql.execute("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE usename = '" + role + "'");
            try (ResultSet left = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role + "'")) {
                left.next();
                if (left.getLong(1) != 0) {
                    throw new IllegalStateException(left.getLong(1) + " backends of role " + role + " outlived the outage's start");
                }
            }
        }
        return new DatabaseOutage(role);
    }

    @Override
    public void close() throws SQLException {
        try (Connection superuser = TestInfrastructure.superuserConnection(); Statement sql = superuser.createStatement()) {
            sql.execute("ALTER ROLE " + role + " LOGIN");
        }
    }
}
