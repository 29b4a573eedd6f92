package com.nakksha.defaults.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;

import com.nakksha.defaults.commit.CommitWrites;
import com.nakksha.defaults.commit.CommitWritesAutoConfiguration;
import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.schemas.serde.AvroEventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.nakksha.defaults.kafka.KafkaDefaultsAutoConfiguration;
import com.nakksha.defaults.time.ClockAutoConfiguration;

@AutoConfiguration(after = {R2dbcAutoConfiguration.class, R2dbcTransactionManagerAutoConfiguration.class,
        KafkaDefaultsAutoConfiguration.class, ClockAutoConfiguration.class, CommitWritesAutoConfiguration.class})
@ConditionalOnBean(ConnectionFactory.class)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxNotifier outboxNotifier(DatabaseClient database) {
        return new OutboxNotifier(database);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxTracing outboxTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new OutboxTracing(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Bean
    @ConditionalOnMissingBean
    Outbox outbox(CommitWrites commitWrites, AvroEventCodec codec, @Value("${spring.application.name}") String applicationName,
            ObjectProvider<OutboxRelay> relay, OutboxNotifier notifier, OutboxTracing tracing) {
        // This instance's relay takes its own commits; other instances are told only when it cannot.
        return new Outbox(commitWrites, codec, applicationName, () -> {
            OutboxRelay local = relay.getIfAvailable();
            if (local == null || !local.wakeUpAfterCommit()) {
                notifier.request();
            }
        }, tracing);
    }

    @Bean
    @ConditionalOnMissingBean
    ParkedOutboxRows parkedOutboxRows(DatabaseClient database, ObjectProvider<OutboxRelay> relay) {
        return new ParkedOutboxRows(database, () -> relay.ifAvailable(OutboxRelay::wakeUp));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    OutboxEndpoint outboxEndpoint(ParkedOutboxRows parked) {
        return new OutboxEndpoint(parked);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "nakksha.outbox.relay-enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(DatabaseClient database, ConnectionFactory connectionFactory,
            OutboxNotifier notifier,
            @Qualifier(KafkaDefaultsAutoConfiguration.OUTBOX_TEMPLATE) KafkaTemplate<String, byte[]> outboxKafkaTemplate,
            OutboxProperties properties, MeterRegistry meters, Clock clock, OutboxTracing tracing, OutboxRelay.JdbcConnector connector) {
        return new OutboxRelay(database, connectionFactory, notifier, outboxKafkaTemplate, properties, meters, clock, tracing, connector);
    }

    /** JDBC connections to the service's schema with the settings Liquibase migrates with (ServiceConnectionDefaults). */
    @Bean
    @ConditionalOnMissingBean
    OutboxRelay.JdbcConnector outboxJdbcConnector(Environment environment) {
        String url = environment.getRequiredProperty("spring.liquibase.url");
        String user = environment.getRequiredProperty("spring.liquibase.user");
        String password = environment.getRequiredProperty("spring.liquibase.password");
        String schema = environment.getRequiredProperty("spring.liquibase.default-schema");
        return () -> {
            Connection connection = DriverManager.getConnection(url, user, password);
            connection.setSchema(schema);
            return connection;
        };
    }

    @Bean
    @ConditionalOnMissingBean
    Inbox inbox(DatabaseClient database, TransactionalOperator transactions, MeterRegistry meters) {
        return new Inbox(database, transactions, meters);
    }
}
