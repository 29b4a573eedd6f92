package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer in its own JVM that {@link StaticMembershipIT} kills with SIGKILL, so that it leaves
 * its group the way a crashed service does: without a word. Arguments: bootstrap servers, group,
 * group instance id, topic, session timeout in ms.
 */
final class StaticMemberProcess {

    private StaticMemberProcess() {
    }

    public static void main(String[] args) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                ConsumerConfig.GROUP_ID_CONFIG, args[1],
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, args[2],
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.parseInt(args[4])),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(args[3]));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            System.out.println("ASSIGNED " + consumer.assignment());
            System.out.flush();
            while (true) {
                consumer.poll(Duration.ofMillis(100));
            }
        }
    }
}
