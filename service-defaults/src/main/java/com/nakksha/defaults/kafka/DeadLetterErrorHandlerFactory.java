package com.nakksha.defaults.kafka;

import java.util.Arrays;
import java.util.Map;

import com.nakksha.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.serializer.DeserializationException;

/** Builds the listener error handler: bounded retries with backoff, then the dead-letter topic, with metrics for both. */
class DeadLetterErrorHandlerFactory {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterErrorHandlerFactory.class);

    private final KafkaDefaultsProperties properties;
    private final MeterRegistry meters;

    DeadLetterErrorHandlerFactory(KafkaDefaultsProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
    }

    DefaultErrorHandler create(Map<Class<?>, KafkaOperations<?, ?>> templates) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(templates,
                (record, error) -> new TopicPartition(deadLetterTopic(record.topic()), -1));
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(properties.maxRetries());
        backOff.setInitialInterval(properties.initialBackoff().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(properties.maxBackoff().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler((record, error) -> {
            String reason = isDeserializationFailure(error) ? "deserialization" : "processing";
            meters.counter("nakksha.kafka.consumer.dead.letters", "topic", record.topic(), "reason", reason).increment();
            log.error("Moving record {}-{}@{} to the dead-letter topic after {} failure: {}",
                    record.topic(), record.partition(), record.offset(), reason, rootMessage(error));
            publisher.accept(record, error);
        }, backOff);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception error, int deliveryAttempt) {
                meters.counter("nakksha.kafka.consumer.retries", "topic", record.topic()).increment();
                log.warn("Delivery attempt {} of {}-{}@{} failed: {}", deliveryAttempt,
                        record.topic(), record.partition(), record.offset(), rootMessage(error));
            }
        });
        return handler;
    }

    static String deadLetterTopic(String topic) {
        boolean registered = Arrays.stream(Topic.values()).anyMatch(known -> known.topicName().equals(topic));
        return registered ? Topic.forName(topic).deadLetterTopicName() : topic + "-dlt";
    }

    private static boolean isDeserializationFailure(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof DeserializationException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
