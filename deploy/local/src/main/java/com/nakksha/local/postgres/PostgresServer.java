package com.nakksha.local.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalLong;

/** A Postgres server the launcher can reach as a superuser: the embedded one or an existing one. */
public interface PostgresServer extends AutoCloseable {

    String host();

    int port();

    Connection connectAsSuperuser(String database) throws SQLException;

    /** Process id when the launcher runs the server itself. */
    OptionalLong pid();

    /** Whether the server the launcher runs is still there; always true for one it does not run. */
    boolean isRunning();

    /** One line for the startup table. */
    String describe();

    /** Stops the server if the launcher started it; leaves an existing server alone. */
    @Override
    void close();
}
