package com.nakksha.defaults.kafka;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
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
 * Two consumers of one group open at the same time in this JVM (two listener containers of one
 * group) would share an id and fence each other, so while one holds an id the next gets
 * {@code .2}, {@code .3}, ... in creation order, which is stable across restarts. An id is free
 * again once its consumer is closed, so a container restarted in the same JVM keeps its id.
 * Consumers without a group get no instance id.
 */
class StaticMembershipConsumerFactory<K, V> extends DefaultKafkaConsumerFactory<K, V> {

    private final Set<String> idsInUse = ConcurrentHashMap.newKeySet();
    private final Map<Consumer<K, V>, String> idOfConsumer = Collections.synchronizedMap(new IdentityHashMap<>());

    StaticMembershipConsumerFactory(Map<String, Object> configs, Deserializer<K> keys, Deserializer<V> values) {
        super(configs, keys, values);
        addListener(new Listener<>() {
            @Override
            public void consumerRemoved(String id, Consumer<K, V> consumer) {
                String held = idOfConsumer.remove(consumer);
                if (held != null) {
                    idsInUse.remove(held);
                }
            }
        });
    }

    @Override
    protected synchronized Consumer<K, V> createKafkaConsumer(Map<String, Object> configProps) {
        Object instanceId = configProps.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        if (instanceId == null) {
            return super.createKafkaConsumer(configProps);
        }
        Map<String, Object> adjusted = new HashMap<>(configProps);
        Object groupId = configProps.get(ConsumerConfig.GROUP_ID_CONFIG);
        if (groupId == null || groupId.toString().isBlank()) {
            adjusted.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
            return super.createKafkaConsumer(adjusted);
        }
        String chosen = instanceId.toString();
        for (int next = 2; !idsInUse.add(groupId + "\n" + chosen); next++) {
            chosen = instanceId + "." + next;
        }
        String held = groupId + "\n" + chosen;
        adjusted.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, chosen);
        try {
            Consumer<K, V> consumer = super.createKafkaConsumer(adjusted);
            idOfConsumer.put(consumer, held);
            return consumer;
        } catch (RuntimeException failed) {
            idsInUse.remove(held);
            throw failed;
        }
    }
}
