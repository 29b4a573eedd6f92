package com.nakksha.local.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Role-per-schema provisioning as platform-contracts.md describes it. Role and schema share a name, so
 * Postgres' default search_path ("$user", public) finds each service's tables without qualification.
 */
public final class LauncherSchemaProvisioner implements SchemaProvisioner {

    /** Identifiers and passwords go into DDL, where bind parameters are not allowed: accept only safe text. */
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9_\\-]{16,}");

    @Override
    public void provision(Connection superuser, String schema, String password) throws SQLException {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema name must be lower-case letters, digits or _: " + schema);
        }
        if (!PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException("password for " + schema + " must be 16+ URL-safe characters");
        }
        try (Statement statement = superuser.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public");
            statement.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public");
            statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            statement.execute("""
                    DO $$
                    BEGIN
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN
                            CREATE ROLE %1$s LOGIN;
                        END IF;
                    END
                    $$""".formatted(schema));
            statement.execute("ALTER ROLE " + schema
                    + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '" + password + "'");
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + schema);
            statement.execute("ALTER SCHEMA " + schema + " OWNER TO " + schema);
            statement.execute("REVOKE ALL ON SCHEMA " + schema + " FROM PUBLIC");
        }
    }
}
