package com.nakksha.analytics;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.TestInfrastructure;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Thousands of random events, shuffled across topics and partly delivered twice: the live projection,
 * the projection rebuilt from the topics alone, and a recomputation of the definitions straight from
 * the event list all agree.
 */
class RebuildIT extends AbstractAnalyticsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void liveEqualsRebuiltEqualsTheDefinitions() {
        // -Danalytics.rebuild.seed=N repeats a failed run's events (their delivery order still varies).
        long seed = Long.getLong("analytics.rebuild.seed", System.nanoTime());
        EventStream stream = EventStream.random(seed, 2027, 6, 100);
        List<SpecificRecord> delivered = stream.shuffledWithDuplicates(seed, 0.1);
        publish(delivered);
        // A bound on waiting, not on speed: on a starved two-core machine the listener may need minutes for thousands of events.
        await().atMost(Duration.ofMinutes(10)).until(() -> applied(stream.events) == stream.events.size());
        Map<UUID, JsonNode> live = dashboards(stream);
        JsonNode livePlatform = platform(stream);

        // Events of other consultants (another year) keep arriving while the rebuild runs: the new generation must have them.
        EventStream during = EventStream.random(seed + 1, 2029, 2, 60);
        int before = activeGeneration();
        long startedAt = System.nanoTime();
        admin().post().uri("/api/v1/admin/analytics/rebuild").exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.state").isEqualTo("BUILDING");
        admin().post().uri("/api/v1/admin/analytics/rebuild").exchange().expectStatus().isEqualTo(409);
        publish(during.shuffledWithDuplicates(seed + 1, 0.1));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(() -> activeGeneration() != before);
        double rebuildSeconds = (System.nanoTime() - startedAt) / 1e9;
        long topicRecords = totalRecords();
        await().atMost(Duration.ofMinutes(10)).until(() -> applied(during.events) == during.events.size());

        assertThat(dashboards(stream)).as("seed %d", seed).isEqualTo(live);
        // Consultants by status are all-time figures: the consultants of the events published during the rebuild add to them.
        ObjectNode rebuiltPlatform = (ObjectNode) platform(stream);
        assertThat(count(rebuiltPlatform.remove("consultantsByStatus")))
                .isEqualTo(count(((ObjectNode) livePlatform).remove("consultantsByStatus")) + during.consultants.size());
        assertThat(rebuiltPlatform).as("seed %d", seed).isEqualTo(livePlatform);
        assertThat(database.sql("SELECT COUNT(*) FROM session_fact WHERE generation = :g").bind("g", before)
                .map(row -> row.get(0, Long.class)).one().block()).as("the retired generation's rows are gone").isZero();

        for (EventStream checked : List.of(stream, during)) {
            for (UUID consultant : checked.consultants) {
                Map<LocalDate, long[]> expected = checked.expectedDaily(consultant);
                Map<LocalDate, long[]> actual = parseCsv(consultant(consultant).get().uri("/api/v1/analytics/dashboard/daily.csv?" + checked.period())
                        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
                assertThat(actual).as("seed %d, consultant %s: days with figures", seed, consultant).isNotEmpty();
                for (LocalDate day : union(expected.keySet(), actual.keySet(), checked)) {
                    assertThat(actual.getOrDefault(day, new long[EventStream.COLUMNS]))
                            .as("seed %d, consultant %s, %s: sessions, pending, confirmed, completed, cancelled, no-shows, "
                                    + "abandoned, gross, captured, manual, refunded, new clients, quotations sent, accepted, withdrawn", seed, consultant, day)
                            .isEqualTo(expected.getOrDefault(day, new long[EventStream.COLUMNS]));
                }
            }
        }
        long plainStarted = System.nanoTime();
        long plainRead = readAllPlainly();
        double plainSeconds = (System.nanoTime() - plainStarted) / 1e9;
        System.out.printf("analytics rebuild: %d records on the topics; rebuild %.1f s = %.0f records/s;"
                        + " plain consumer read %d records in %.2f s = %.0f records/s%n",
                topicRecords, rebuildSeconds, topicRecords / rebuildSeconds, plainRead, plainSeconds, plainRead / plainSeconds);
    }

    private static long count(JsonNode byStatus) {
        long total = 0;
        for (JsonNode n : byStatus) {
            total += n.asLong();
        }
        return total;
    }

    private int activeGeneration() {
        return database.sql("SELECT generation FROM projection_generation WHERE state = 'ACTIVE'")
                .map(row -> row.get(0, Integer.class)).one().block();
    }

    private Map<UUID, JsonNode> dashboards(EventStream stream) {
        Map<UUID, JsonNode> answers = new HashMap<>();
        for (UUID consultant : stream.consultants) {
            String body = consultant(consultant).get().uri("/api/v1/analytics/dashboard?" + stream.period()).exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            answers.put(consultant, withoutFreshness(body));
        }
        return answers;
    }

    private JsonNode platform(EventStream stream) {
        return withoutFreshness(admin().get().uri("/api/v1/admin/analytics?" + stream.period() + "&zone=Asia/Kolkata").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private static JsonNode withoutFreshness(String body) {
        ObjectNode node = (ObjectNode) JSON.readTree(body);
        node.remove("dataAsOf");
        node.remove("newestEventAt");
        return node;
    }

    private static Map<LocalDate, long[]> parseCsv(String csv) {
        Map<LocalDate, long[]> days = new HashMap<>();
        csv.lines().skip(1).forEach(line -> {
            String[] cells = line.split(",");
            // date,sessions,pending,confirmed,completed,cancelled,no_shows,abandoned,revenue_gross,revenue_net,captured,manual,
            // refunded,provider_fees,platform_fees,new_clients,quotations_sent,quotations_accepted,quotations_withdrawn
            long[] row = {
                    Long.parseLong(cells[1]), Long.parseLong(cells[2]), Long.parseLong(cells[3]), Long.parseLong(cells[4]),
                    Long.parseLong(cells[5]), Long.parseLong(cells[6]), Long.parseLong(cells[7]), paise(cells[8]),
                    paise(cells[10]), paise(cells[11]), paise(cells[12]), Long.parseLong(cells[15]), Long.parseLong(cells[16]),
                    Long.parseLong(cells[17]), Long.parseLong(cells[18])};
            boolean empty = true;
            for (long value : row) {
                empty &= value == 0;
            }
            if (!empty) {
                days.put(LocalDate.parse(cells[0]), row);
            }
        });
        return days;
    }

    private static long paise(String rupees) {
        return new BigDecimal(rupees).movePointRight(2).longValueExact();
    }

    private static Set<LocalDate> union(Set<LocalDate> a, Set<LocalDate> b, EventStream stream) {
        Set<LocalDate> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        all.removeIf(day -> day.isBefore(stream.from.minusDays(40)) || day.isAfter(stream.to.plusDays(30)));
        return all;
    }

    private static long totalRecords() {
        try (KafkaConsumer<byte[], byte[]> consumer = plainConsumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            return consumer.endOffsets(partitions).entrySet().stream().mapToLong(end -> end.getValue() - begin.get(end.getKey())).sum();
        }
    }

    /** What a consumer that only reads and decodes nothing costs on the same topics: the rebuild's baseline. */
    static long readAllPlainly() {
        try (KafkaConsumer<byte[], byte[]> consumer = plainConsumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long read = 0;
            while (end.entrySet().stream().anyMatch(p -> consumer.position(p.getKey()) < p.getValue())) {
                read += consumer.poll(Duration.ofSeconds(1)).count();
            }
            return read;
        }
    }

    private static KafkaConsumer<byte[], byte[]> plainConsumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            for (PartitionInfo info : consumer.partitionsFor(topic.topicName())) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
        }
        return partitions;
    }
}
