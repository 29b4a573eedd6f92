package com.nakksha.local.postgres;

/** Where the services reach the platform database, in the two URL forms they need. */
public record DatabaseEndpoint(String host, int port, String database) {

    /** Liquibase migrates over JDBC. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The services themselves use R2DBC. */
    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
    }
}
