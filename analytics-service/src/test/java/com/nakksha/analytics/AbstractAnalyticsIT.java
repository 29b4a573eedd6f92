package com.nakksha.analytics;

import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.serde.AvroEventSerializer;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TestTokens;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;

import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The running service on a random port with its real Postgres schema and a real Kafka broker; events
 * reach it on the topics as the owning services would publish them.
 */
@AnalyticsServiceTest
public abstract class AbstractAnalyticsIT {

    private static KafkaProducer<String, SpecificRecord> producer;

    @Autowired
    protected WebTestClient web;
    @Autowired
    protected DatabaseClient database;

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    /** A client calling the dashboard as this approved consultant. */
    protected WebTestClient consultant(UUID consultantId) {
        return web.mutate().defaultHeaders(headers -> headers.setBearerAuth(TestTokens.approvedConsultant(consultantId))).build();
    }

    protected WebTestClient admin() {
        return web.mutate().defaultHeaders(headers -> headers.setBearerAuth(TestTokens.admin(UUID.randomUUID()))).build();
    }

    /** Publishes events in the given order on their topics, keyed as their writers key them, and waits for the acknowledgements. */
    protected static void publish(List<? extends SpecificRecord> events) {
        KafkaProducer<String, SpecificRecord> sender = producer();
        try {
            List<java.util.concurrent.Future<?>> sent = events.stream()
                    .<java.util.concurrent.Future<?>>map(event -> sender.send(new ProducerRecord<>(TestEvents.topicOf(event).topicName(),
                            TestEvents.keyOf(event), event)))
                    .toList();
            for (java.util.concurrent.Future<?> ack : sent) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish", e);
        }
    }

    protected static void publish(SpecificRecord... events) {
        publish(List.of(events));
    }

    /** Events of the projection's inbox for the serving generation that carry these ids. */
    protected long applied(List<? extends SpecificRecord> events) {
        List<UUID> ids = events.stream().map(EventMetadata::eventId).distinct().toList();
        return database.sql("""
                        SELECT COUNT(*) FROM inbox_event WHERE event_id IN (:ids) AND consumer =
                            'analytics-service.projection.g' || (SELECT generation FROM projection_generation WHERE state = 'ACTIVE')""")
                .bind("ids", ids)
                .map(row -> row.get(0, Long.class))
                .one()
                .block();
    }

    private static synchronized KafkaProducer<String, SpecificRecord> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString(),
                    ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new AvroEventSerializer());
        }
        return producer;
    }
}
