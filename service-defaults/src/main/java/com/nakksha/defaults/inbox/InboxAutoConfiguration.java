package com.nakksha.defaults.inbox;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/** The inbox and its retention job, for every service with a database. */
@AutoConfiguration(after = {R2dbcAutoConfiguration.class, R2dbcTransactionManagerAutoConfiguration.class},
        beforeName = "com.nakksha.defaults.outbox.OutboxAutoConfiguration")
@ConditionalOnBean(ConnectionFactory.class)
@EnableConfigurationProperties(InboxProperties.class)
public class InboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Inbox inbox(DatabaseClient database, ReactiveTransactionManager transactionManager, MeterRegistry meters,
            InboxProperties properties, ObjectProvider<ObservationRegistry> observations) {
        return new Inbox(database, TransactionalOperator.create(transactionManager), meters, properties.timeout(),
                observations.getIfAvailable(() -> ObservationRegistry.NOOP), properties.maxBatch());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "nakksha.inbox.purge-enabled", matchIfMissing = true)
    InboxPurge inboxPurge(DatabaseClient database, InboxProperties properties, MeterRegistry meters, ObjectProvider<Clock> clock) {
        return new InboxPurge(database, properties, meters, clock.getIfAvailable(Clock::systemUTC));
    }
}
