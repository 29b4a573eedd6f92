package com.nakksha.defaults.kafka;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.defaults.kafka.DeadLetterErrorHandlerFactory.DeadLetterReason;
import com.nakksha.defaults.kafka.DeadLetterErrorHandlerFactory.FailureKind;
import com.nakksha.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Registers at zero, once the listener containers exist, the consumer counters of every topic a
 * {@code @KafkaListener} reads: retries by kind, dead letters by reason, failed dead-letter
 * publishes, and the inbox's applied and duplicate counts of the group for each event type the
 * topic carries. A tagged counter otherwise appears at its first increment, and an alert on
 * {@code increase()} or {@code rate()} cannot see that first one, nor tell a quiet topic from a
 * missing meter.
 */
class ListenerMeters implements ApplicationListener<ContextRefreshedEvent> {

    private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;
    private final MeterRegistry meters;

    ListenerMeters(ObjectProvider<KafkaListenerEndpointRegistry> listeners, MeterRegistry meters) {
        this.listeners = listeners;
        this.meters = meters;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent refreshed) {
        KafkaListenerEndpointRegistry registry = listeners.getIfAvailable();
        if (registry == null) {
            return; // no @KafkaListener support in this context
        }
        for (MessageListenerContainer container : registry.getListenerContainers()) {
            String[] topics = container.getContainerProperties().getTopics();
            for (String topic : topics == null ? new String[0] : topics) {
                register(container.getGroupId(), topic);
            }
        }
    }

    private void register(String group, String topic) {
        for (FailureKind kind : FailureKind.values()) {
            DeadLetterErrorHandlerFactory.retries(meters, topic, kind);
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            DeadLetterErrorHandlerFactory.deadLetters(meters, topic, reason);
        }
        DeadLetterErrorHandlerFactory.deadLetterFailures(meters, topic);
        if (group == null) {
            return;
        }
        // The services' listeners hand the inbox their group id as its consumer; analytics adds its projection generation.
        Topic registered = registeredTopic(topic);
        if (registered != null) {
            for (Class<? extends SpecificRecord> type : registered.valueTypes()) {
                Inbox.registerEvents(meters, group, schemaName(type));
            }
        }
    }

    private static Topic registeredTopic(String name) {
        try {
            return Topic.forName(name);
        } catch (IllegalArgumentException notRegistered) {
            return null;
        }
    }

    /** The name {@link Inbox} tags an event with: its schema's, which {@code SpecificData} reads from the generated class. */
    private static String schemaName(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type).getName();
    }
}
