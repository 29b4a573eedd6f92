package com.nakksha.defaults.idempotency;

import java.time.Clock;

import com.nakksha.defaults.commit.CommitWrites;
import com.nakksha.defaults.commit.CommitWritesAutoConfiguration;
import com.nakksha.defaults.time.ClockAutoConfiguration;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

/** The Idempotency-Key store and its retention purge, for every service with a database. */
@AutoConfiguration(after = {R2dbcAutoConfiguration.class, ClockAutoConfiguration.class, CommitWritesAutoConfiguration.class})
@ConditionalOnBean(ConnectionFactory.class)
@EnableConfigurationProperties(IdempotencyProperties.class)
public class IdempotencyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    IdempotencyKeys idempotencyKeys(DatabaseClient database, CommitWrites commitWrites, Clock clock) {
        return new IdempotencyKeys(database, commitWrites, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    IdempotencyKeyPurge idempotencyKeyPurge(IdempotencyKeys keys, IdempotencyProperties properties, Clock clock) {
        return new IdempotencyKeyPurge(keys, properties, clock);
    }
}
