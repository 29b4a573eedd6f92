package com.nakksha.defaults.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nakksha.events.SessionCompleted;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.nakksha.defaults.it.FaultListeners.OUTAGE_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 16: a database that is away for a while parks nothing in a dead-letter topic and fails no request with a 500. */
@NakkshaServiceTest(schema = "defaultsit")
class DatabaseOutageIT {

    /**
     * Long enough for the head record to be retried well past the budget a failing record gets
     * (test properties: 2 retries, transient backoff capped at 2 s), so a transient failure that
     * counted against that budget would end in the dead-letter topic.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(12);
    private static final int RETRY_BUDGET = 2;
    /** How long the outage may take to show those retries on a busy machine. */
    private static final Duration OUTAGE_WAIT = Duration.ofSeconds(90);

    @Autowired
    MeterRegistry meters;
    @Autowired
    WebTestClient web;

    @Test
    void eventsArrivingWhileTheDatabaseIsUnreachableAreEachAppliedOnceAfterItIsBack() throws Exception {
        List<SessionCompleted> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(Events.sessionCompleted(UUID.randomUUID()));
        }
        double deadLettersBefore = FaultProbes.count(meters, "nakksha.kafka.consumer.dead.letters", "topic", OUTAGE_TOPIC);
        double transientRetriesBefore = FaultProbes.count(meters, "nakksha.kafka.consumer.retries", "topic", OUTAGE_TOPIC, "kind", "transient");

        Instant down = Instant.now();
        try (DatabaseOutage outage = DatabaseOutage.begin("defaultsit");
             KafkaProducer<String, SpecificRecord> producer = InboxIT.producer()) {
            // Half arrive at once, half later in the outage; every one is delivered twice, as after a producer retry.
            for (SessionCompleted event : events.subList(0, 10)) {
                send(producer, event);
            }
            // Retries come as fast as connection attempts fail, which a loaded machine slows: waited for, not timed.
            await().atMost(OUTAGE_WAIT).until(() -> FaultProbes.count(meters, "nakksha.kafka.consumer.retries",
                    "topic", OUTAGE_TOPIC, "kind", "transient") > transientRetriesBefore + 2);
            for (SessionCompleted event : events.subList(10, 20)) {
                send(producer, event);
            }
            await().atMost(OUTAGE_WAIT).until(() -> Duration.between(down, Instant.now()).compareTo(OUTAGE) >= 0
                    && FaultProbes.count(meters, "nakksha.kafka.consumer.retries", "topic", OUTAGE_TOPIC, "kind", "transient")
                    > transientRetriesBefore + 2 * RETRY_BUDGET);
            assertThat(events).allSatisfy(event -> assertThat(FaultProbes.effects("outage", event.getEventId())).isZero());
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(events)
                .allSatisfy(event -> assertThat(FaultProbes.effects("outage", event.getEventId())).isEqualTo(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> FaultProbes.caughtUp("faults-outage", OUTAGE_TOPIC));
        assertThat(events).allSatisfy(event -> assertThat(FaultProbes.effects("outage", event.getEventId())).isEqualTo(1));
        FaultProbes.ensureTopic(OUTAGE_TOPIC + "-dlt");
        try (TopicProbe deadLetters = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), OUTAGE_TOPIC + "-dlt")) {
            assertThat(deadLetters.drain(Duration.ofSeconds(2))).isEmpty();
        }
        assertThat(FaultProbes.count(meters, "nakksha.kafka.consumer.dead.letters", "topic", OUTAGE_TOPIC)).isEqualTo(deadLettersBefore);
    }

    @Test
    void aRequestWhileTheDatabaseIsUnreachableIsA503ProblemWithRetryAfter() throws Exception {
        try (DatabaseOutage outage = DatabaseOutage.begin("defaultsit")) {
            web.get().uri("/api/v1/public/effects/count").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().valueEquals("Retry-After", "5")
                    .expectBody()
                    .jsonPath("$.title").isEqualTo("Service unavailable")
                    .jsonPath("$.status").isEqualTo(503);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                web.get().uri("/api/v1/public/effects/count").exchange().expectStatus().isOk());
    }

    private static void send(KafkaProducer<String, SpecificRecord> producer, SessionCompleted event) {
        for (int copy = 0; copy < 2; copy++) {
            producer.send(new ProducerRecord<>(OUTAGE_TOPIC, event.getSessionId().toString(), event));
        }
    }
}
