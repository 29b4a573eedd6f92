package com.nakksha.defaults.commit;

import io.r2dbc.spi.ConnectionFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

/** The writes a transaction defers to its commit (the outbox's rows, Idempotency-Key claims), for every service with a database. */
@AutoConfiguration(after = R2dbcAutoConfiguration.class)
@ConditionalOnBean(ConnectionFactory.class)
public class CommitWritesAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CommitWrites commitWrites(DatabaseClient database) {
        return new CommitWrites(database);
    }
}
