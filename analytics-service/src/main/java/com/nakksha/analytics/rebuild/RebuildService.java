package com.nakksha.analytics.rebuild;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.nakksha.analytics.AnalyticsProperties;
import com.nakksha.analytics.projection.Generation;
import com.nakksha.analytics.projection.Projection;
import com.nakksha.defaults.problem.ConflictProblem;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Rebuilds the projection from the domain topics alone into a new generation while the serving one
 * keeps answering, then swaps them in one transaction (see the service README, "Rebuild").
 */
@Service
public class RebuildService {

    private static final Logger log = LoggerFactory.getLogger(RebuildService.class);
    /** Transactions in flight when every event has its own (rebuild-transactions 0). */
    private static final int PER_EVENT_CONCURRENCY = 8;

    private final Projection projection;
    private final KafkaProperties kafka;
    private final AvroEventCodec codec;
    private final AnalyticsProperties properties;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("analytics-rebuild").daemon().factory());

    RebuildService(Projection projection, KafkaProperties kafka, AvroEventCodec codec, AnalyticsProperties properties) {
        this.projection = projection;
        this.kafka = kafka;
        this.codec = codec;
        this.properties = properties;
    }

    /**
     * Opens a new generation and starts filling it in the background.
     *
     * @return the generation being built
     * @throws ConflictProblem (409) while another rebuild runs
     */
    public Mono<Generation> start() {
        return start(properties.rebuildTransactions());
    }

    /**
     * As {@link #start()}, with the events of each poll applied in {@code transactions} transactions
     * side by side (0: one transaction per event), for measuring one against the other.
     */
    public Mono<Generation> start(int transactions) {
        return projection.openRebuild()
                .onErrorMap(DataIntegrityViolationException.class,
                        running -> new ConflictProblem("Rebuild running", "A rebuild of the projection is already running"))
                .flatMap(generation -> {
                    runner.execute(() -> run(generation, transactions));
                    return projection.generations().filter(candidate -> candidate.generation() == generation).next();
                });
    }

    /** Every generation, oldest first. */
    public Mono<List<Generation>> generations() {
        return projection.generations().collectList();
    }

    private void run(int generation, int transactions) {
        Instant started = Instant.now();
        try {
            Result result = fill(generation, transactions);
            long filled = System.nanoTime();
            long consultants = projection.recomputeDaily(generation).block();
            log.info("Rebuild of projection generation {} computed the daily table of {} consultants in {} ms",
                    generation, consultants, (System.nanoTime() - filled) / 1_000_000);
            projection.rebuilt(generation, result.applied(), result.newestEventAt()).block();
            projection.swap(generation).block();
            log.info("Rebuilt projection generation {}: {} records read, {} applied, {} undecodable, in {} ms",
                    generation, result.read(), result.applied(), result.undecodable(),
                    Instant.now().toEpochMilli() - started.toEpochMilli());
        } catch (RuntimeException failure) {
            log.error("Rebuild of projection generation {} failed", generation, failure);
            projection.failRebuild(generation, String.valueOf(failure.getMessage())).block();
        }
    }

    /** Reads every domain topic from its earliest offset up to the end offsets noted now, applying each event. */
    private Result fill(int generation, int transactions) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        AtomicLong applied = new AtomicLong();
        AtomicLong read = new AtomicLong();
        AtomicLong undecodable = new AtomicLong();
        AtomicReference<Instant> newest = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                for (PartitionInfo partition : consumer.partitionsFor(topic.topicName())) {
                    partitions.add(new TopicPartition(partition.topic(), partition.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            while (!caughtUp(consumer, end)) {
                ConsumerRecords<String, byte[]> records = consumer.poll(properties.rebuildPollTimeout());
                List<SpecificRecord> events = new ArrayList<>(records.count());
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.offset() >= end.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L)) {
                        continue;
                    }
                    read.incrementAndGet();
                    try {
                        events.add(codec.decode(record.value()));
                    } catch (RuntimeException notAnEvent) {
                        // The live listener dead-letters such a record, so the serving projection lacks it too.
                        undecodable.incrementAndGet();
                        log.warn("Rebuild skips undecodable record {}-{}@{}", record.topic(), record.partition(), record.offset());
                    }
                }
                apply(events, generation, transactions, applied, newest);
            }
        }
        return new Result(read.get(), applied.get(), undecodable.get(), newest.get());
    }

    /**
     * Applies a poll's events: split by consultant into {@code shares}, each
     * share in one transaction, the shares side by side. A consultant's events stay in one share,
     * so two shares never wait for each other's consultant lock (see {@link Projection}).
     */
    private void apply(List<SpecificRecord> events, int generation, int shares, AtomicLong applied,
                       AtomicReference<Instant> newest) {
        Flux<Projection.Applied> done;
        if (shares <= 0) {
            done = Flux.fromIterable(events)
                    .flatMap(event -> projection.applyToRebuild(event, generation)
                            .map(now -> new Projection.Applied(now ? 1 : 0, now ? EventMetadata.occurredAt(event) : null)), PER_EVENT_CONCURRENCY);
        } else {
            Map<Integer, List<SpecificRecord>> byShare = new HashMap<>();
            for (SpecificRecord event : events) {
                int share = Math.floorMod(EventMetadata.consultantId(event).hashCode(), shares);
                byShare.computeIfAbsent(share, key -> new ArrayList<>()).add(event);
            }
            done = Flux.fromIterable(byShare.values())
                    .flatMap(share -> projection.applyBatchToRebuild(share, generation), shares);
        }
        done.doOnNext(batch -> {
                    applied.addAndGet(batch.events());
                    if (batch.newestEventAt() != null) {
                        newest.accumulateAndGet(batch.newestEventAt(), (a, b) -> a == null || b.isAfter(a) ? b : a);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .blockLast();
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue());
    }

    private record Result(long read, long applied, long undecodable, Instant newestEventAt) {
    }

}
