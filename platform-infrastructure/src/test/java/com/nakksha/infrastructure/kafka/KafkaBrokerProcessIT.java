package com.nakksha.infrastructure.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real broker process: provisioned with every registry topic, killed like a crash, and back on the same data. */
class KafkaBrokerProcessIT {

    private static KafkaBrokerProcess broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBrokerProcess.temporary();
    }

    @AfterAll
    static void stopBroker() {
        broker.stop();
    }

    @Test
    void createsEveryTopicWithItsDeadLetterTopicOnceAndKeepsThemAcrossACrash() throws Exception {
        assertThat(broker.start()).containsExactlyInAnyOrderElementsOf(PlatformTopics.names());
        assertThat(PlatformTopics.names()).contains("booking.session", "booking.session-dlt");

        broker.kill();
        assertThat(broker.isAlive()).isFalse();
        assertThat(broker.exitCode()).isPresent();

        assertThat(broker.start()).as("topics created after the restart").isEmpty();
        try (Admin admin = Admin.create(broker.adminConfig())) {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertThat(topics).containsAll(PlatformTopics.names());
            assertThat(admin.describeTopics(Set.of("booking.session")).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get("booking.session").partitions()).hasSize(PlatformTopics.PARTITIONS);
        }
    }
}
