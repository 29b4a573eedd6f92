package com.nakksha.defaults.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;

import org.springframework.kafka.core.MicrometerConsumerListener;

/**
 * Binds each consumer's Kafka client metrics ({@code kafka_consumer_*}, Micrometer's {@link KafkaClientMetrics})
 * to the service's registry, with every consumer's bind, refresh and unbind taking turns.
 *
 * <p>Why they take turns: Kafka reports {@code records-lag-max} and similar metrics both per client and per
 * partition, and Prometheus wants one set of label names per metric name, so a refresh that finds a consumer's
 * per-partition metrics removes every client-level meter of that name (other consumers' too) before binding them.
 * Left to Micrometer's default, each consumer refreshes on its own thread, and consumers that start together
 * refresh at the same instants. A refresh working from a snapshot taken before another's swap binds a client-level
 * meter beside the new per-partition ones; Prometheus refuses the mismatched label names without an error, the
 * meter stays registered but is missing from every scrape, and the next swap removes what was left: the metric
 * the lag alert and dashboards query was gone from payment-service's scrape for good (CI run of e5bb2e9). One lock
 * around all of them keeps each refresh's view of the registry true.
 *
 * @param refreshInterval how often each consumer's metrics are compared with the registry, so that per-partition
 *        metrics (the {@code topic} label the lag alert groups by) appear after an assignment and go after a revocation
 */
final class ConsumerClientMeters<K, V> extends MicrometerConsumerListener<K, V> {

    private final Object turns = new Object();
    private final Duration refreshInterval;

    ConsumerClientMeters(MeterRegistry registry, Duration refreshInterval) {
        super(registry);
        this.refreshInterval = refreshInterval;
    }

    @Override
    protected MeterBinder createClientMetrics(Consumer<K, V> consumer, List<Tag> tags) {
        TakingTurns refreshes = new TakingTurns(turns);
        return new ClientMetrics(new KafkaClientMetrics(consumer, tags, refreshes, refreshInterval), refreshes, turns);
    }

    /** One consumer's metrics; closing it stops its refreshes, which Micrometer leaves running on a scheduler it was given. */
    private record ClientMetrics(KafkaClientMetrics metrics, TakingTurns refreshes, Object turns) implements MeterBinder, AutoCloseable {

        @Override
        public void bindTo(MeterRegistry registry) {
            synchronized (turns) {
                metrics.bindTo(registry);
            }
        }

        @Override
        public void close() {
            refreshes.shutdownNow();
            synchronized (turns) {
                metrics.close();
            }
        }
    }

    /** A consumer's refresh thread whose periodic work holds the lock shared by all consumers' meters. */
    private static final class TakingTurns extends ScheduledThreadPoolExecutor {

        private final Object turns;

        TakingTurns(Object turns) {
            super(1, Thread.ofPlatform().name("kafka-consumer-meters").daemon().factory());
            this.turns = turns;
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable refresh, long initialDelay, long period, TimeUnit unit) {
            return super.scheduleAtFixedRate(() -> {
                synchronized (turns) {
                    refresh.run();
                }
            }, initialDelay, period, unit);
        }
    }
}
