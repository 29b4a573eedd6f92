package com.nakksha.defaults.it;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import com.nakksha.defaults.outbox.OutboxRelay;
import com.nakksha.testsupport.TestInfrastructure;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts {@link DefaultsTestApplication} outside the test context cache, for scenarios that need
 * several instances of one service (same schema) or several services (own schemas) at once.
 */
public final class ServiceInstances {

    private ServiceInstances() {
    }

    /** An instance on a random port against {@code schema} and the broker(s) at {@code bootstrapServers}, with its recording consumer off. */
    public static ConfigurableApplicationContext start(String schema, String bootstrapServers, Map<String, Object> overrides) {
        TestInfrastructure.DatabaseAccess database = TestInfrastructure.provision(schema);
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.r2dbc.url", database.r2dbcUrl());
        properties.put("spring.r2dbc.username", database.username());
        properties.put("spring.r2dbc.password", database.password());
        properties.put("spring.liquibase.url", database.jdbcUrl());
        properties.put("spring.liquibase.user", database.username());
        properties.put("spring.liquibase.password", database.password());
        properties.put("spring.liquibase.default-schema", database.schema());
        properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
        properties.put("nakksha.security.jwks-uri", TestInfrastructure.jwks().uri());
        properties.put("server.port", "0");
        properties.put("defaults-it.recording-consumer", "false");
        properties.put("logging.structured.format.console", "");
        properties.putAll(overrides);
        // As command-line arguments they outrank system properties the embedded broker sets for the JVM's own contexts.
        String[] arguments = properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(DefaultsTestApplication.class).run(arguments);
    }

    /** A JDBC connection to the instance's schema as Liquibase makes it: the URL, role and password it was started with. */
    public static Connection jdbcConnection(ConfigurableApplicationContext instance) throws SQLException {
        return instance.getBean(OutboxRelay.JdbcConnector.class).open();
    }
}
