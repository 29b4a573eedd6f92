package com.nakksha.defaults.kafka;

import java.util.Map;

import com.nakksha.defaults.failure.PrerequisiteNotYetApplied;
import com.nakksha.defaults.failure.TransientFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ExceptionClassifier;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Builds the listener error handler. Failures fall in four kinds (issue 16, "Consumers"):
 * <ul>
 *   <li>transient infrastructure failures ({@link TransientFailures}: database or broker unreachable,
 *       serialization failures, deadlocks, an unknown writer schema) are retried without limit, the
 *       wait doubling up to {@code nakksha.kafka.transient-max-backoff}; they never reach the DLT;</li>
 *   <li>a prerequisite from another topic not applied yet ({@link PrerequisiteNotYetApplied}, issue 13)
 *       is retried with the same waits for at most {@code nakksha.kafka.prerequisite-max-wait}, then goes
 *       to the DLT;</li>
 *   <li>records that cannot be read at all go to {@code <topic>-dlt} at once;</li>
 *   <li>other failures (a record the handler refuses, a bug) go there after {@code max-retries}.</li>
 * </ul>
 * A record counts as dead-lettered only once the DLT acknowledged it. When the DLT publish fails the
 * record is not committed: it is delivered again and the cycle repeats, and
 * {@code nakksha.kafka.consumer.dead.letter.failures} counts the failed publish.
 */
class DeadLetterErrorHandlerFactory {

    static final String DEAD_LETTERS = "nakksha.kafka.consumer.dead.letters";
    static final String DEAD_LETTER_FAILURES = "nakksha.kafka.consumer.dead.letter.failures";
    static final String RETRIES = "nakksha.kafka.consumer.retries";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterErrorHandlerFactory.class);
    private static final BackOff NO_RETRIES = new FixedBackOff(0, 0);

    private final KafkaDefaultsProperties properties;
    private final MeterRegistry meters;

    DeadLetterErrorHandlerFactory(KafkaDefaultsProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
    }

    DefaultErrorHandler create(Map<Class<?>, KafkaOperations<?, ?>> templates) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(templates,
                (record, error) -> new TopicPartition(deadLetterTopic(record.topic()), -1));
        publisher.setFailIfSendResultIsError(true);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, error) -> deadLetter(publisher, record, error), boundedBackOff());
        // Everything is "retryable" to the framework; the back-off function below decides how often.
        handler.setClassifications(Map.of(), true);
        // Called once per failing record (and again when its failure changes kind): each gets a fresh execution.
        handler.setBackOffFunction((record, error) -> backOffFor(kindOf(error)));
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception error, int deliveryAttempt) {
                FailureKind kind = kindOf(error);
                retries(meters, record.topic(), kind).increment();
                if (kind == FailureKind.TRANSIENT) {
                    log.warn("Delivery attempt {} of {}-{}@{} failed on the infrastructure; retrying until it is back: {}",
                            deliveryAttempt, record.topic(), record.partition(), record.offset(), rootMessage(error));
                } else if (kind == FailureKind.PREREQUISITE) {
                    // Expected after a consumer of another topic fell behind: one line, no stack trace.
                    log.info("Delivery attempt {} of {}-{}@{} waits for a prerequisite from another topic; retrying for up to {}: {}",
                            deliveryAttempt, record.topic(), record.partition(), record.offset(),
                            properties.prerequisiteMaxWait(), rootMessage(error));
                } else {
                    log.warn("Delivery attempt {} of {}-{}@{} failed: {}", deliveryAttempt,
                            record.topic(), record.partition(), record.offset(), rootMessage(error));
                }
            }
        });
        return handler;
    }

    private void deadLetter(DeadLetterPublishingRecoverer publisher, ConsumerRecord<?, ?> record, Exception error) {
        DeadLetterReason reason = kindOf(error) == FailureKind.UNREADABLE ? DeadLetterReason.DESERIALIZATION : DeadLetterReason.PROCESSING;
        try {
            publisher.accept(record, recordFailure(error));
        } catch (RuntimeException publishFailed) {
            deadLetterFailures(meters, record.topic()).increment();
            log.error("Could not publish {}-{}@{} to {}; its offset stays uncommitted and it is delivered again: {}",
                    record.topic(), record.partition(), record.offset(), deadLetterTopic(record.topic()), rootMessage(publishFailed));
            throw publishFailed;
        }
        deadLetters(meters, record.topic(), reason).increment();
        log.error("Moved record {}-{}@{} to {} after a {} failure: {}", record.topic(), record.partition(), record.offset(),
                deadLetterTopic(record.topic()), reason.tag(), rootMessage(error));
    }

    /**
     * The failure as a record listener would have thrown it: a batch listener's {@link BatchListenerFailedException}
     * taken out, so the dead letter's exception headers name the record's own failure, not which record of a poll it was.
     */
    static Exception recordFailure(Exception error) {
        if (error instanceof ListenerExecutionFailedException listener && listener.getCause() instanceof BatchListenerFailedException batch
                && batch.getCause() instanceof Exception cause) {
            return new ListenerExecutionFailedException(listener.getMessage(), listener.getGroupId(), cause);
        }
        return error;
    }

    private BackOff boundedBackOff() {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(properties.maxRetries());
        backOff.setInitialInterval(properties.initialBackoff().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(properties.maxBackoff().toMillis());
        return backOff;
    }

    /** The back-off of a record failing with {@code kind}; null means the handler's bounded default. */
    BackOff backOffFor(FailureKind kind) {
        return switch (kind) {
            case TRANSIENT -> transientBackOff(Long.MAX_VALUE);
            case PREREQUISITE -> transientBackOff(properties.prerequisiteMaxWait().toMillis());
            case UNREADABLE -> NO_RETRIES;
            case PERMANENT -> null;
        };
    }

    /** Doubling up to the transient cap; {@code maxElapsedMillis} bounds the sum of the waits. */
    private BackOff transientBackOff(long maxElapsedMillis) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.initialBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(properties.transientMaxBackoff().toMillis());
        backOff.setMaxAttempts(Long.MAX_VALUE);
        backOff.setMaxElapsedTime(maxElapsedMillis);
        return backOff;
    }

    static FailureKind kindOf(Throwable error) {
        if (TransientFailures.isTransient(error)) {
            return FailureKind.TRANSIENT;
        }
        for (Throwable current = error; current != null; current = current.getCause() == current ? null : current.getCause()) {
            if (current instanceof PrerequisiteNotYetApplied) {
                return FailureKind.PREREQUISITE;
            }
        }
        for (Throwable current = error; current != null; current = current.getCause() == current ? null : current.getCause()) {
            Throwable candidate = current;
            if (ExceptionClassifier.defaultFatalExceptionsList().stream().anyMatch(type -> type.isInstance(candidate))) {
                return FailureKind.UNREADABLE;
            }
        }
        return FailureKind.PERMANENT;
    }

    enum FailureKind {
        TRANSIENT, PREREQUISITE, UNREADABLE, PERMANENT;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Why a record went to its DLT: it could not be read, or its handling kept failing. */
    enum DeadLetterReason {
        DESERIALIZATION, PROCESSING;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Counter retries(MeterRegistry meters, String topic, FailureKind kind) {
        return Counter.builder(RETRIES)
                .description("Failed deliveries of a listener's records that are retried, by kind of failure")
                .tag("topic", topic).tag("kind", kind.tag())
                .register(meters);
    }

    static Counter deadLetters(MeterRegistry meters, String topic, DeadLetterReason reason) {
        return Counter.builder(DEAD_LETTERS)
                .description("Records moved to their dead-letter topic, acknowledged by it")
                .tag("topic", topic).tag("reason", reason.tag())
                .register(meters);
    }

    static Counter deadLetterFailures(MeterRegistry meters, String topic) {
        return Counter.builder(DEAD_LETTER_FAILURES)
                .description("Publishes to a dead-letter topic that failed; the record is delivered again")
                .tag("topic", topic)
                .register(meters);
    }

    static String deadLetterTopic(String topic) {
        return DeadLetterRedrive.deadLetterTopicOf(topic);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
