package com.nakksha.defaults.it;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import com.nakksha.testsupport.TestInfrastructure;

/**
 * Makes the database unreachable for one service role, as a stopped or restarting Postgres is to it:
 * the role may not log in (new connections fail with SQLSTATE 28000) and its open connections are
 * terminated (57P01). Closing it lets the role log in again.
 */
final class DatabaseOutage implements AutoCloseable {

    private final String role;

    private DatabaseOutage(String role) {
        this.role = role;
    }

    static DatabaseOutage begin(String role) throws SQLException {
        try (Connection superuser = TestInfrastructure.superuserConnection(); Statement sql = superuser.createStatement()) {
            sql.execute("ALTER ROLE " + role + " NOLOGIN");
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
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
