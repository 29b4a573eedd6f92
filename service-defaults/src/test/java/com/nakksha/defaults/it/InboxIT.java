package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.UUID;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventSerializer;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@NakkshaServiceTest(schema = "defaultsit")
class InboxIT {

    @Autowired
    Inbox inbox;
    @Autowired
    DatabaseClient database;

    @Test
    void anEventHandledFiveTimesInARowHasOneEffect() {
        SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
        for (int i = 0; i < 5; i++) {
            inbox.handleOnce("sequential", event, () -> recordEffect(event, "sequential")).block();
        }
        assertThat(effects(event, "sequential")).isEqualTo(1);
    }

    @Test
    void anEventDeliveredFiveTimesConcurrentlyHasOneEffect() {
        SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
        long applied = Flux.range(0, 5)
                .flatMap(attempt -> inbox.handleOnce("concurrent", event, () -> recordEffect(event, "concurrent"))
                        .subscribeOn(Schedulers.parallel()), 5)
                .filter(Boolean::booleanValue)
                .count()
                .block();
        assertThat(applied).isEqualTo(1);
        assertThat(effects(event, "concurrent")).isEqualTo(1);
    }

    @Test
    void aFailingEffectLeavesTheEventUnhandledSoARetryCanApplyIt() {
        SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
        Boolean first = inbox.handleOnce("retrying", event, () -> recordEffect(event, "retrying")
                        .then(reactor.core.publisher.Mono.error(new IllegalStateException("downstream failed"))))
                .onErrorReturn(false).block();
        Boolean second = inbox.handleOnce("retrying", event, () -> recordEffect(event, "retrying")).block();
        assertThat(first).isFalse();
        assertThat(second).isTrue();
        assertThat(effects(event, "retrying")).isEqualTo(1);
    }

    @Test
    void anEventPublishedFiveTimesToKafkaHasOneEffectInTheListener() {
        SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
        try (KafkaProducer<String, SpecificRecord> producer = producer()) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(Topic.BOOKING_SESSION.topicName(), event.getSessionId().toString(), event));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                DefaultsTestApplication.RecordingConsumer.received.stream().filter(event.getEventId()::equals).count() == 5);
        assertThat(effects(event, "kafka")).isEqualTo(1);
    }

    static KafkaProducer<String, SpecificRecord> producer() {
        return new KafkaProducer<>(java.util.Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString()),
                new StringSerializer(), new AvroEventSerializer());
    }

    private reactor.core.publisher.Mono<Long> recordEffect(SessionCompleted event, String consumer) {
        return database.sql("INSERT INTO applied_effect (event_id, consumer) VALUES (:id, :consumer)")
                .bind("id", event.getEventId()).bind("consumer", consumer).fetch().rowsUpdated();
    }

    private long effects(SessionCompleted event, String consumer) {
        return database.sql("SELECT count(*) AS n FROM applied_effect WHERE event_id = :id AND consumer = :consumer")
                .bind("id", event.getEventId()).bind("consumer", consumer)
                .map(row -> row.get("n", Long.class)).one().block();
    }
}
