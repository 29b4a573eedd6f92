package com.nakksha.defaults.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.ConsumerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, "Recovery is slow": a restarted instance consumes again within seconds. Consumers are
 * static group members, so the instance coming back under its old id takes its partitions at once,
 * although its dead predecessor never left the group (as after {@code kill -9}).
 */
@NakkshaServiceTest(schema = "defaultsit")
class StaticMembershipIT {

    private static final String TOPIC = "faults.static-membership";

    @Autowired
    ConsumerFactory<?, ?> consumers;

    @Test
    void listenerConsumersAreStaticMembersNamedAfterTheServiceAndInstance() {
        Map<String, Object> configuration = consumers.getConfigurationProperties();
        assertThat((String) configuration.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).startsWith("booking-service-");
        assertThat(configuration.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo(20_000);
    }

    @Test
    void twoConsumersOfOneGroupInThisJvmGetDistinctIdsAndAClosedConsumersIdIsReused() {
        String base = (String) consumers.getConfigurationProperties().get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        String first;
        try (Consumer<?, ?> one = consumers.createConsumer("faults-instance-ids", null, null, null);
             Consumer<?, ?> two = consumers.createConsumer("faults-instance-ids", null, null, null)) {
            first = one.groupMetadata().groupInstanceId().orElseThrow();
            assertThat(first).isEqualTo(base);
            assertThat(two.groupMetadata().groupInstanceId()).hasValue(base + ".2");
        }
        // As when a listener container is stopped and started again (a paused test context, a container restart).
        try (Consumer<?, ?> again = consumers.createConsumer("faults-instance-ids", null, null, null)) {
            assertThat(again.groupMetadata().groupInstanceId()).hasValue(first);
        }
    }

    @Test
    void anInstanceKilledAndRestartedUnderItsIdGetsItsPartitionsBackWellWithinTheSessionTimeout() throws Exception {
        FaultProbes.ensureTopic(TOPIC);
        Map<String, Object> configuration = new HashMap<>(consumers.getConfigurationProperties());
        configuration.put(ConsumerConfig.GROUP_ID_CONFIG, "faults-static-membership");
        configuration.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "static-membership-probe");
        int sessionTimeoutMs = (Integer) configuration.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);

        Process crashing = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StaticMemberProcess.class.getName(),
                TestInfrastructure.kafka().getBrokersAsString(), "faults-static-membership", "static-membership-probe",
                TOPIC, String.valueOf(sessionTimeoutMs)))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(crashing.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = output.readLine();
                assertThat(line).as("the first instance joined").isNotNull();
            } while (!line.startsWith("ASSIGNED"));
            // SIGKILL: the group hears nothing, as with kill -9 on the launcher's stack.
            crashing.destroyForcibly();
            assertThat(crashing.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        Instant restarted = Instant.now();
        try (KafkaConsumer<String, String> after = consumer(configuration)) {
            awaitAssignment(after, Duration.ofMillis(sessionTimeoutMs * 3L));
        }
        // A dynamic member would wait for the killed one's session to expire (20 s) before the group rebalanced.
        assertThat(Duration.between(restarted, Instant.now())).isLessThan(Duration.ofMillis(sessionTimeoutMs / 2));
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> configuration) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(configuration, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }

    private static void awaitAssignment(KafkaConsumer<String, String> consumer, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (consumer.assignment().isEmpty()) {
            assertThat(Instant.now()).as("assigned before the deadline").isBefore(deadline);
            consumer.poll(Duration.ofMillis(100));
        }
    }
}
