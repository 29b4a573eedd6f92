package com.nakksha.defaults.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Gives a service its own login role and schema, run as a superuser by the local launcher and the
 * test infrastructure. The role owns only its schema and gets no rights on any other, so one
 * service cannot read another's tables.
 */
public final class DatabaseProvisioner {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private DatabaseProvisioner() {
    }

    /** Creates {@code database} when missing, connecting to the server's {@code postgres} database. */
    public static void ensureDatabase(String serverJdbcUrl, String user, String password, String database) throws SQLException {
        requireIdentifier(database);
        try (Connection connection = DriverManager.getConnection(serverJdbcUrl, user, password);
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet result = exists.executeQuery()) {
                if (!result.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + database);
                    }
                }
            }
        }
    }

    /** Creates or updates the role and schema named {@code service}; safe to run on every start. */
    public static void provision(Connection superuser, String service, String password) throws SQLException {
        requireIdentifier(service);
        try (Statement sql = superuser.createStatement()) {
            sql.execute("CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public");
            sql.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA public");
            sql.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            boolean roleExists;
            try (ResultSet result = sql.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + service + "'")) {
                roleExists = result.next();
            }
            String passwordLiteral = quoteLiteral(password);
            if (!roleExists) {
                sql.execute("CREATE ROLE " + service + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD " + passwordLiteral);
            } else {
                sql.execute("ALTER ROLE " + service + " LOGIN PASSWORD " + passwordLiteral);
            }
            sql.execute("CREATE SCHEMA IF NOT EXISTS " + service + " AUTHORIZATION " + service);
            sql.execute("REVOKE ALL ON SCHEMA " + service + " FROM PUBLIC");
            sql.execute("ALTER ROLE " + service + " SET search_path = " + service + ", public");
        }
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static void requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case identifier: " + name);
        }
    }
}
