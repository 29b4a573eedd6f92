package com.nakksha.testsupport;

import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What a service's integration-test base shares with every other: the running service (the subclass
 * names its schema with {@link NakkshaServiceTest}), a {@link TestClock} set back after each test, a
 * client for its HTTP API, its database as its own role, and events sent as their owning service
 * would send them.
 */
@Import(TestClockConfiguration.class)
public abstract class ServiceIT {

    @Autowired
    protected WebTestClient web;
    @Autowired
    protected TestClock clock;
    @Autowired
    protected DatabaseClient database;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** Sends an event to the JVM's broker as its owning service would, and waits for the broker's acknowledgement. */
    public static void send(Topic topic, String key, SpecificRecord event) {
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString()),
                new StringSerializer(), new AvroEventSerializer())) {
            producer.send(new ProducerRecord<>(topic.topicName(), key, event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish " + event.getSchema().getName(), e);
        }
    }
}
