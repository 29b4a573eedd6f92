package com.nakksha.local.postgres;

import com.nakksha.local.LaunchSettings.ExternalPostgres;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.OptionalLong;

/** A Postgres server someone else runs (NAKKSHA_POSTGRES_URL); the launcher only provisions it. */
public final class ExternalPostgresServer implements PostgresServer {

    private static final int DEFAULT_PORT = 5432;

    private final ExternalPostgres settings;
    private final String host;
    private final int port;
    private final String query;

    public ExternalPostgresServer(ExternalPostgres settings) {
        this.settings = settings;
        URI uri = URI.create(settings.jdbcUrl().substring("jdbc:".length()));
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("NAKKSHA_POSTGRES_URL has no host: " + settings.jdbcUrl());
        }
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT;
        this.query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Connection connectAsSuperuser(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/" + database + query, settings.user(), settings.password());
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    /** Not ours to watch or restart: its own operator does that. */
    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    public String describe() {
        return "existing server from NAKKSHA_POSTGRES_URL, superuser " + settings.user();
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
