package com.nakksha.analytics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nakksha.analytics.projection.Projection;
import com.nakksha.analytics.rebuild.RebuildService;
import com.nakksha.events.BookingSource;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionType;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.awaitility.Awaitility.await;

/**
 * Not a test: measurements for the closing note, run on demand with
 * {@code mvn -B -pl analytics-service verify -Dit.test=DashboardLatencyBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 * (1) SessionBooked acknowledged by the broker → visible on the dashboard API, next to the same
 * record's produce → consume time for a plain consumer on the same broker; (2) dashboard answer
 * times for a consultant with 100,000 sessions over three years; (3) rebuild throughput with one
 * transaction per event and batched, next to a plain consumer. Every line carries the load average.
 */
class DashboardLatencyBenchmark extends AbstractAnalyticsIT {

    private static final int BOOKINGS = Integer.getInteger("bookings", 1000);

    @Autowired
    private Projection projection;
    @Autowired
    private RebuildService rebuilds;
    @Autowired
    private AnalyticsProperties properties;

    @Test
    void bookingToDashboardNextToKafka() throws Exception {
        UUID consultant = UUID.randomUUID();
        Map<UUID, Long> consumedAt = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread plain = Thread.ofPlatform().start(() -> plainConsumer(consumedAt, running));
        Thread.sleep(3000);
        long[] visible = new long[BOOKINGS];
        long[] kafka = new long[BOOKINGS];
        Instant day = Instant.parse("2032-01-10T05:00:00Z");
        // One client and token (valid 15 minutes) for the whole run: signing an RS256 token per poll took about
        // half of the benchmark thread's CPU, which the projection it waits for then lacked on two cores.
        var dashboard = consultant(consultant);
        for (int i = 0; i < BOOKINGS; i++) {
            var booked = TestEvents.booked(consultant, UUID.randomUUID(), UUID.randomUUID(), SessionType.PERSONAL, BookingSource.PUBLIC,
                    day.plusSeconds(i), 100000, PaymentStatus.PENDING, null, Instant.now());
            long sent = System.nanoTime();
            publish(booked);
            int expected = i + 1;
            while (true) {
                String body = dashboard.get().uri("/api/v1/analytics/dashboard?timeframe=custom&from=2032-01-10&to=2032-01-10")
                        .exchange().expectBody(String.class).returnResult().getResponseBody();
                if (body.contains("\"totalSessions\":" + expected + ",")) {
                    break;
                }
                Thread.sleep(2);
            }
            visible[i] = System.nanoTime() - sent;
            UUID id = EventMetadata.eventId(booked);
            while (!consumedAt.containsKey(id)) {
                Thread.sleep(1);
            }
            kafka[i] = consumedAt.get(id) - sent;
        }
        running.set(false);
        plain.join();
        System.out.printf("benchmark: %d bookings; acknowledged -> visible on the dashboard p50 %.1f ms p99 %.1f ms; "
                        + "same records produce -> plain consume p50 %.1f ms p99 %.1f ms; p99 ratio %.1fx (%s)%n",
                BOOKINGS, percentile(visible, 50), percentile(visible, 99), percentile(kafka, 50), percentile(kafka, 99),
                percentile(visible, 99) / percentile(kafka, 99), load());
    }

    @Test
    void dashboardOfAConsultantWithOneHundredThousandSessions() {
        UUID consultant = UUID.randomUUID();
        // Facts as the projection writes them, in the serving generation: 100k sessions over 2024-2026, 60k captures, 5k clients.
        database.sql("""
                        INSERT INTO session_fact (generation, session_id, consultant_id, booked_at, booked_event_id, client_id, session_type,
                            source, amount_minor, currency, starts_at, starts_stamp_at, starts_stamp_rank, starts_stamp_id,
                            status, status_at, status_rank, status_event_id, payment_status, payment_method, payment_at, payment_rank,
                            payment_event_id)
                        SELECT g.generation, gen_random_uuid(), :c, ts - interval '3 days', gen_random_uuid(),
                            ('00000000-0000-0000-0000-' || lpad((n % 5000)::text, 12, '0'))::uuid,
                            CASE WHEN n % 4 = 0 THEN 'WEBINAR' ELSE 'PERSONAL' END, CASE WHEN n % 2 = 0 THEN 'PUBLIC' ELSE 'MANUAL' END,
                            100000, 'INR', ts, ts, 0, gen_random_uuid(),
                            (ARRAY['COMPLETED','CONFIRMED','CANCELLED','NO_SHOW','ABANDONED','PENDING'])[1 + n % 6], ts, 2, gen_random_uuid(),
                            CASE WHEN n % 2 = 1 AND n % 3 = 0 THEN 'PAID' ELSE 'PENDING' END,
                            CASE WHEN n % 2 = 1 AND n % 3 = 0 THEN 'CASH' END, ts - interval '1 day', 1, gen_random_uuid()
                        FROM generate_series(1, 100000) n
                        CROSS JOIN (SELECT generation FROM projection_generation WHERE state = 'ACTIVE') g
                        CROSS JOIN LATERAL (SELECT timestamptz '2024-01-01 00:00Z' + (n * interval '946 seconds') AS ts) t""")
                .bind("c", consultant).then().block();
        database.sql("""
                        INSERT INTO payment_fact (generation, payment_id, consultant_id, payable_type, payable_id, currency, captured_at,
                            captured_event_id, captured_minor, provider_fee_minor, platform_fee_minor)
                        SELECT generation, gen_random_uuid(), consultant_id, 'SESSION', session_id, 'INR', booked_at + interval '5 minutes',
                            gen_random_uuid(), amount_minor, 2360, 0
                        FROM session_fact WHERE consultant_id = :c AND source = 'PUBLIC' AND status <> 'ABANDONED'""")
                .bind("c", consultant).then().block();
        database.sql("""
                        INSERT INTO client_fact (generation, client_id, consultant_id, created_at)
                        SELECT g.generation, gen_random_uuid(), :c, timestamptz '2024-01-01 00:00Z' + n * interval '5 hours'
                        FROM generate_series(1, 5000) n CROSS JOIN (SELECT generation FROM projection_generation WHERE state = 'ACTIVE') g""")
                .bind("c", consultant).then().block();
        int generation = projection.active().block().generation();
        long filling = System.nanoTime();
        projection.recomputeDaily(generation, consultant).block();
        System.out.printf("benchmark: 100k sessions, daily table filled from the facts in %.1f s (%s)%n",
                (System.nanoTime() - filling) / 1e9, load());
        database.sql("ANALYZE").then().block();
        for (String query : List.of("timeframe=month", "timeframe=year", "timeframe=custom&from=2024-01-01&to=2026-12-31")) {
            long[] times = new long[60];
            for (int i = -5; i < times.length; i++) {
                long started = System.nanoTime();
                consultant(consultant).get().uri("/api/v1/analytics/dashboard?" + query).exchange().expectStatus().isOk()
                        .expectBody(String.class).returnResult();
                if (i >= 0) {
                    times[i] = System.nanoTime() - started;
                }
            }
            System.out.printf("benchmark: 100k sessions, dashboard %s: p50 %.1f ms p99 %.1f ms (60 requests; %s)%n", query,
                    percentile(times, 50), percentile(times, 99), load());
        }
    }

    /**
     * The same events rebuilt with one transaction per event (the way before batching) and with the
     * configured batching, alternately twice, next to a plain consumer reading the same topics
     * without writing.
     */
    @Test
    void rebuildPerEventNextToBatchedNextToAPlainConsumer() {
        long seed = 20261130L;
        EventStream stream = EventStream.random(seed, 2036, 6, 70);
        publish(stream.shuffledWithDuplicates(seed, 0.1));
        await().atMost(Duration.ofMinutes(15)).until(() -> applied(stream.events) == stream.events.size());
        List<String> results = new ArrayList<>();
        for (int transactions : new int[] {0, properties.rebuildTransactions(), 0, properties.rebuildTransactions()}) {
            int generation = rebuilds.start(transactions).block().generation();
            var built = await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> rebuilds.generations().block().stream().filter(g -> g.generation() == generation).findFirst().orElseThrow(),
                            g -> g.finishedAt() != null);
            double seconds = Duration.between(built.startedAt(), built.finishedAt()).toMillis() / 1000.0;
            results.add(String.format("%s: %d events in %.1f s = %.0f events/s",
                    transactions == 0 ? "one transaction per event" : transactions + " transactions per poll",
                    built.eventsApplied(), seconds, built.eventsApplied() / seconds));
        }
        long plainStarted = System.nanoTime();
        long plainRead = RebuildIT.readAllPlainly();
        double plainSeconds = (System.nanoTime() - plainStarted) / 1e9;
        System.out.printf("benchmark: rebuild %s; plain consumer %d records in %.2f s = %.0f records/s (%s)%n",
                String.join("; ", results), plainRead, plainSeconds, plainRead / plainSeconds, load());
    }

    /** The machine's load average as uptime shows it, printed next to every measurement. */
    private static String load() {
        try {
            return "load average " + Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException unreadable) {
            return "load average unknown";
        }
    }

    private static void plainConsumer(Map<UUID, Long> consumedAt, AtomicBoolean running) {
        AvroEventCodec codec = new AvroEventCodec();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topic.BOOKING_SESSION.topicName())) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    consumedAt.put(EventMetadata.eventId(codec.decode(record.value())), now);
                }
            }
        }
    }

    private static double percentile(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
