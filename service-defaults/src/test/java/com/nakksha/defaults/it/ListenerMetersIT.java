package com.nakksha.defaults.it;

import java.util.List;
import java.util.function.Predicate;

import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.StartupScrape;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer counters of the topic the test application's listener reads are in the scrape taken when it
 * became ready, at zero, with every tag value they are incremented with: retries of each kind, dead letters
 * for either reason, failed DLT publishes, and the inbox's outcomes of the group for each type the topic
 * carries.
 */
@NakkshaServiceTest(schema = "defaultsit")
class ListenerMetersIT {

    private static final String TOPIC = "topic=\"" + Topic.BOOKING_SESSION.topicName() + "\"";

    @Autowired
    StartupScrape startup;

    @Test
    void everyTopicAListenerReadsHasItsConsumerCountersAtZeroFromStartUp() {
        List<String> atStart = startup.exposition().lines().filter(line -> !line.startsWith("#")).toList();

        for (String kind : List.of("transient", "unreadable", "permanent")) {
            assertThat(atStart).as("retries of kind %s", kind)
                    .anyMatch(zero("nakksha_kafka_consumer_retries_total", TOPIC, "kind=\"" + kind + "\""));
        }
        for (String reason : List.of("deserialization", "processing")) {
            assertThat(atStart).as("dead letters for %s", reason)
                    .anyMatch(zero("nakksha_kafka_consumer_dead_letters_total", TOPIC, "reason=\"" + reason + "\""));
        }
        assertThat(atStart).anyMatch(zero("nakksha_kafka_consumer_dead_letter_failures_total", TOPIC));
        for (String type : List.of(SessionBooked.getClassSchema().getName(), SessionCompleted.getClassSchema().getName())) {
            for (String outcome : List.of("applied", "duplicate")) {
                assertThat(atStart).as("inbox %s %s", type, outcome).anyMatch(zero("nakksha_inbox_events_total",
                        "consumer=\"defaults-it\"", "type=\"" + type + "\"", "outcome=\"" + outcome + "\""));
            }
        }
    }

    private static Predicate<String> zero(String name, String... labels) {
        return line -> line.startsWith(name + "{") && line.endsWith("} 0.0") && List.of(labels).stream().allMatch(line::contains);
    }
}
