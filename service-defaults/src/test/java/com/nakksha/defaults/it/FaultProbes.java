package com.nakksha.defaults.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import com.nakksha.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What the fault tests look at: effects in the database (as the superuser, so also during an outage), metrics, group offsets. */
final class FaultProbes {

    private FaultProbes() {
    }

    /** How often {@code consumer} applied {@code eventId}. */
    static long effects(String consumer, UUID eventId) {
        try (Connection superuser = TestInfrastructure.superuserConnection();
             PreparedStatement query = superuser.prepareStatement(
                     "SELECT count(*) FROM defaultsit.applied_effect WHERE consumer = ? AND event_id = ?")) {
            query.setString(1, consumer);
            query.setObject(2, eventId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sum of every counter {@code name} carrying {@code tags} (and possibly more). */
    static double count(MeterRegistry meters, String name, String... tags) {
        return meters.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Creates {@code topic} unless it exists, so a probe can assert that it stays empty. */
    static void ensureTopic(String topic) throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = admin()) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                try {
                    admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1)))
                            .all().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException raced) {
                    if (!(raced.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw raced;
                    }
                }
            }
        }
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString()));
    }

    /** Whether {@code group} has committed every record of {@code topic} written so far. */
    static boolean caughtUp(String group, String topic) throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS);
            return end.entrySet().stream().allMatch(partition -> {
                long endOffset = partition.getValue().offset();
                OffsetAndMetadata done = committed.get(partition.getKey());
                return endOffset == 0 || (done != null && done.offset() >= endOffset);
            });
        }
    }
}
