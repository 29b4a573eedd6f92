package com.nakksha.local.postgres;

import com.nakksha.infrastructure.postgres.DatabaseProvisioner;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** The one database {@code nakksha}, with a role and schema per service, provisioned as the tests provision theirs. */
public final class PlatformDatabase {

    public static final String NAME = DatabaseProvisioner.PLATFORM_DATABASE;

    private PlatformDatabase() {
    }

    /** Creates the database when it is missing, then provisions every service schema; safe to repeat. */
    public static DatabaseEndpoint prepare(PostgresServer server, Map<String, String> passwordBySchema) throws SQLException {
        try (Connection maintenance = server.connectAsSuperuser("postgres")) {
            DatabaseProvisioner.ensureDatabase(maintenance, NAME);
        }
        try (Connection platform = server.connectAsSuperuser(NAME)) {
            for (Map.Entry<String, String> schema : passwordBySchema.entrySet()) {
                DatabaseProvisioner.provision(platform, schema.getKey(), schema.getValue());
            }
        }
        return new DatabaseEndpoint(server.host(), server.port(), NAME);
    }
}
