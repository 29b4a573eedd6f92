package com.nakksha.local.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** The one database {@code nakksha}, with a role and schema per service. */
public final class PlatformDatabase {

    public static final String NAME = "nakksha";

    private PlatformDatabase() {
    }

    /** Creates the database when it is missing, then provisions every service schema; safe to repeat. */
    public static DatabaseEndpoint prepare(PostgresServer server, Map<String, String> passwordBySchema,
                                           SchemaProvisioner provisioner) throws SQLException {
        try (Connection maintenance = server.connectAsSuperuser("postgres")) {
            if (!exists(maintenance)) {
                try (Statement statement = maintenance.createStatement()) {
                    statement.execute("CREATE DATABASE " + NAME + " ENCODING 'UTF8' TEMPLATE template0");
                    // Nobody connects unless a service role is given the right below.
                    statement.execute("REVOKE ALL ON DATABASE " + NAME + " FROM PUBLIC");
                }
            }
        }
        try (Connection platform = server.connectAsSuperuser(NAME)) {
            for (Map.Entry<String, String> schema : passwordBySchema.entrySet()) {
                provisioner.provision(platform, schema.getKey(), schema.getValue());
                try (Statement statement = platform.createStatement()) {
                    statement.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + NAME + " TO " + schema.getKey());
                }
            }
        }
        return new DatabaseEndpoint(server.host(), server.port(), NAME);
    }

    private static boolean exists(Connection maintenance) throws SQLException {
        try (PreparedStatement query = maintenance.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, NAME);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }
}
