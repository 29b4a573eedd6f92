package com.nakksha.defaults.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Gives each consumer a stable {@code group.instance.id} (KIP-345 static membership): a restarted
 * instance rejoins under its old identity and gets its partitions back at once, without the group
 * waiting out the dead member's session (about 43 s before this, see issue 16).
 *
 * <p>The id is the configured instance id; spring-kafka appends {@code -<n>} per concurrent consumer.
 * Two listener containers of one group in the same JVM would share an id and fence each other, so
 * the second and later get {@code #<n>} appended, in creation order (stable across restarts).
 * Consumers without a group get no instance id.
 */
class StaticMembershipConsumerFactory<K, V> extends DefaultKafkaConsumerFactory<K, V> {

    private final Map<String, Integer> idsInUse = new ConcurrentHashMap<>();

    StaticMembershipConsumerFactory(Map<String, Object> configs, Deserializer<K> keys, Deserializer<V> values) {
        super(configs, keys, values);
    }

    @Override
    protected Consumer<K, V> createKafkaConsumer(Map<String, Object> configProps) {
        Object instanceId = configProps.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        if (instanceId == null) {
            return super.createKafkaConsumer(configProps);
        }
        Map<String, Object> adjusted = new HashMap<>(configProps);
        Object groupId = configProps.get(ConsumerConfig.GROUP_ID_CONFIG);
        if (groupId == null || groupId.toString().isBlank()) {
            adjusted.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        } else {
            int uses = idsInUse.merge(groupId + "\n" + instanceId, 1, Integer::sum);
            if (uses > 1) {
                adjusted.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "#" + uses);
            }
        }
        return super.createKafkaConsumer(adjusted);
    }
}
