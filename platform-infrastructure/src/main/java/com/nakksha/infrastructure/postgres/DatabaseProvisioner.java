package com.nakksha.infrastructure.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The platform database and, in it, each service's own login role and schema. Run as a superuser by
 * the local launcher and the test infrastructure, so tests and the local stack provision alike. A
 * service's role owns only its schema and gets no rights on any other, so one service cannot read
 * another's tables. Every step is safe to run on every start.
 */
public final class DatabaseProvisioner {

    /** The one database of the platform; each service has a schema in it. */
    public static final String PLATFORM_DATABASE = "nakksha";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private DatabaseProvisioner() {
    }

    /**
     * Creates {@code database} (UTF-8) when missing, closed to every role that is not given the right
     * to connect by {@link #provision}.
     *
     * @param maintenance a superuser connection to another database of the server, e.g. {@code postgres}
     * @return whether the database had to be created
     * @throws IllegalArgumentException when {@code database} is not a plain lower-case identifier
     */
    public static boolean ensureDatabase(Connection maintenance, String database) throws SQLException {
        requireIdentifier(database);
        try (PreparedStatement exists = maintenance.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet result = exists.executeQuery()) {
                if (result.next()) {
                    return false;
                }
            }
        }
        try (Statement create = maintenance.createStatement()) {
            create.execute("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
            create.execute("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
        }
        return true;
    }

    /**
     * Creates or updates the login role and the schema named {@code service}, lets the role connect to
     * the database, and sets its search path to its schema; a repeat run changes only the password.
     *
     * @param superuser a superuser connection to the platform database
     * @throws IllegalArgumentException when {@code service} is not a plain lower-case identifier
     */
    public static void provision(Connection superuser, String service, String password) throws SQLException {
        requireIdentifier(service);
        String database = currentDatabase(superuser);
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
            sql.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + database + " TO " + service);
        }
    }

    private static String currentDatabase(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
             ResultSet result = sql.executeQuery("SELECT current_database()")) {
            result.next();
            return requireIdentifier(result.getString(1));
        }
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case identifier: " + name);
        }
        return name;
    }
}
