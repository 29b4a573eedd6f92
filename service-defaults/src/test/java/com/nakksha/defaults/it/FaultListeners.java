package com.nakksha.defaults.it;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.schemas.EventMetadata;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Consumers of the fault tests, one topic each so that tests cannot see each other's records. Each
 * applies an event through the inbox, recording the effect in {@code applied_effect} under its
 * consumer name, the way every real listener does; one refuses the events a test marks.
 */
@Component
@ConditionalOnProperty(name = "defaults-it.recording-consumer", matchIfMissing = true)
class FaultListeners {

    static final String OUTAGE_TOPIC = "faults.outage";
    static final String REFUSALS_TOPIC = "faults.refusals";
    static final String DLT_FAILURE_TOPIC = "faults.dlt-failure";
    static final String NEW_SCHEMA_TOPIC = "faults.new-schema";
    static final String BATCH_TOPIC = "faults.batch";
    /** The batch listener's container, started by its test once the records wait on the topic. */
    static final String BATCH_LISTENER = "faults-batch";

    /** Events the refusing listeners throw on, as a handler does for a record it cannot accept. */
    static final Set<UUID> refused = ConcurrentHashMap.newKeySet();

    private final Inbox inbox;
    private final DatabaseClient database;

    FaultListeners(Inbox inbox, DatabaseClient database) {
        this.inbox = inbox;
        this.database = database;
    }

    @KafkaListener(topics = OUTAGE_TOPIC, groupId = "faults-outage", batch = "true")
    void onOutageTopic(List<ConsumerRecord<String, SpecificRecord>> records) {
        apply("outage", records, false);
    }

    @KafkaListener(topics = REFUSALS_TOPIC, groupId = "faults-refusals", batch = "true")
    void onRefusalsTopic(List<ConsumerRecord<String, SpecificRecord>> records) {
        apply("refusals", records, true);
    }

    @KafkaListener(topics = DLT_FAILURE_TOPIC, groupId = "faults-dlt-failure", batch = "true")
    void onDltFailureTopic(List<ConsumerRecord<String, SpecificRecord>> records) {
        apply("dlt-failure", records, true);
    }

    @KafkaListener(topics = NEW_SCHEMA_TOPIC, groupId = "faults-new-schema", batch = "true")
    void onNewSchemaTopic(List<ConsumerRecord<String, SpecificRecord>> records) {
        apply("new-schema", records, false);
    }

    @KafkaListener(id = BATCH_LISTENER, topics = BATCH_TOPIC, groupId = "faults-batch", batch = "true", autoStartup = "false")
    void onBatchTopic(List<ConsumerRecord<String, SpecificRecord>> records) {
        apply("batch", records, true);
    }

    private void apply(String consumer, List<ConsumerRecord<String, SpecificRecord>> records, boolean refusing) {
        inbox.handleEachOnce("faults-" + consumer, records, event -> {
            UUID eventId = EventMetadata.eventId(event);
            if (refusing && refused.contains(eventId)) {
                throw new IllegalStateException("refusing event " + eventId);
            }
            return () -> database.sql("INSERT INTO applied_effect (event_id, consumer) VALUES (:id, :consumer)")
                    .bind("id", eventId).bind("consumer", consumer).fetch().rowsUpdated();
        });
    }

    /** A public endpoint that needs the database, for the 503 test. */
    @RestController
    static class EffectsController {

        private final DatabaseClient database;

        EffectsController(DatabaseClient database) {
            this.database = database;
        }

        @GetMapping("/api/v1/public/effects/count")
        Mono<Long> count() {
            return database.sql("SELECT count(*) AS n FROM applied_effect").map(row -> row.get("n", Long.class)).one();
        }
    }
}
