package com.nakksha.defaults.kafka;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.schemas.store.SchemaStore;
import com.nakksha.schemas.store.SchemaTopic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Moves dead letters of a topic back to the topic after the cause was fixed (issue 16, "Re-drive"):
 * reads {@code <topic>-dlt} from its start to its current end, selects records by event id and by
 * the time they were dead-lettered, and republishes each with its key, value and own headers (the
 * {@code kafka_dlt-*} headers dropped, {@value #REDRIVEN_FROM_HEADER} added). Dead letters stay in
 * the DLT; consumers are idempotent through the inbox, so re-driving one that was already applied,
 * or re-driving twice, has no second effect as long as its inbox row is younger than
 * {@code nakksha.inbox.retention}.
 *
 * <p>Run it against the local stack from the launcher's jar, which has this class, schemas and the
 * Kafka clients on its class path (README, "Dead letters"):
 * <pre>
 * java -cp deploy/local/target/nakksha-local.jar com.nakksha.defaults.kafka.DeadLetterRedrive \
 *     --topic identity.consultant [--event-id UUID[,UUID...]] [--from 2026-11-30T01:00:00Z] [--to ...] [--execute]
 * </pre>
 * Without {@code --execute} it only lists what it would move (dry run).
 */
public final class DeadLetterRedrive implements AutoCloseable {

    /** Header on a re-driven record naming the dead letter it came from, {@code <dlt>@<partition>:<offset>}. */
    public static final String REDRIVEN_FROM_HEADER = "nakksha-redriven-from";

    private static final String DLT_HEADER_PREFIX = "kafka_dlt-";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> clientProperties;
    private final AvroEventCodec codec;
    private final SchemaTopic schemaTopic;

    /** @param clientProperties Kafka client properties: at least {@code bootstrap.servers}, plus any security settings */
    public DeadLetterRedrive(Map<String, Object> clientProperties) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.schemaTopic = new SchemaTopic(clientProperties, Duration.ZERO);
        this.codec = new AvroEventCodec(SchemaStore.classpath(), schemaTopic);
    }

    /**
     * Which dead letters to move.
     *
     * @param topic    the original topic, e.g. {@code identity.consultant}; its DLT is read
     * @param eventIds only these events; empty for all (records whose event id cannot be read match only "all")
     * @param from     dead-lettered at or after this instant; {@code null} for no lower bound
     * @param to       dead-lettered before this instant; {@code null} for no upper bound
     */
    public record Selection(String topic, Set<UUID> eventIds, Instant from, Instant to) {

        public Selection {
            eventIds = Set.copyOf(eventIds);
        }

        /** Every dead letter of {@code topic}. */
        public static Selection all(String topic) {
            return new Selection(topic, Set.of(), null, null);
        }

        boolean matches(DeadLetter letter) {
            return (eventIds.isEmpty() || (letter.eventId() != null && eventIds.contains(letter.eventId())))
                    && (from == null || !letter.deadLetteredAt().isBefore(from))
                    && (to == null || letter.deadLetteredAt().isBefore(to));
        }
    }

    /**
     * One record of a dead-letter topic.
     *
     * @param eventId   {@code null} when the value cannot be decoded
     * @param eventType the event's schema name, or {@code unreadable}
     * @param reason    the exception message the DLT recorded
     */
    public record DeadLetter(String deadLetterTopic, int partition, long offset, Instant deadLetteredAt, String key,
                             UUID eventId, String eventType, String reason) {

        @Override
        public String toString() {
            return deadLetterTopic + "@" + partition + ":" + offset + " dead-lettered " + deadLetteredAt + " key=" + key
                    + " event=" + eventType + " " + (eventId == null ? "-" : eventId) + " reason=" + reason;
        }
    }

    /** The dead letters {@code selection} picks, oldest first per partition; moves nothing (dry run). */
    public List<DeadLetter> list(Selection selection) {
        List<DeadLetter> selected = new ArrayList<>();
        read(selection, (record, letter) -> selected.add(letter));
        return selected;
    }

    /**
     * Publishes the selected dead letters to their original topic and waits for the broker's
     * acknowledgement of each.
     *
     * @return what was moved
     * @throws KafkaException when the broker did not acknowledge every record within 30 s; running it
     *         again is safe, consumers being idempotent
     */
    public List<DeadLetter> redrive(Selection selection) {
        List<DeadLetter> moved = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            read(selection, (record, letter) -> {
                RecordHeaders headers = new RecordHeaders();
                for (Header header : record.headers()) {
                    if (!header.key().startsWith(DLT_HEADER_PREFIX)) {
                        headers.add(header);
                    }
                }
                headers.add(REDRIVEN_FROM_HEADER, (letter.deadLetterTopic() + "@" + letter.partition() + ":" + letter.offset())
                        .getBytes(StandardCharsets.UTF_8));
                sends.add(producer.send(new ProducerRecord<>(selection.topic(), null, record.key(), record.value(), headers)));
                moved.add(letter);
            });
            for (Future<RecordMetadata> send : sends) {
                send.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while re-driving " + selection.topic(), interrupted);
        } catch (ExecutionException | TimeoutException failed) {
            throw new KafkaException("Re-drive of " + selection.topic() + " was not acknowledged: " + failed.getMessage(), failed);
        }
        return moved;
    }

    private void read(Selection selection, java.util.function.BiConsumer<ConsumerRecord<String, byte[]>, DeadLetter> onSelected) {
        String deadLetterTopic = deadLetterTopicOf(selection.topic());
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, TIMEOUT).stream()
                    .map(info -> new TopicPartition(deadLetterTopic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition, TIMEOUT) < end.get(partition))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new KafkaException("Could not read " + deadLetterTopic + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue;
                    }
                    DeadLetter letter = describe(record);
                    if (selection.matches(letter)) {
                        onSelected.accept(record, letter);
                    }
                }
            }
        }
    }

    /**
     * {@code <topic>-dlt}, as the registry in schemas names it for registered topics. Kept here, free
     * of Spring, so that the command runs on the launcher's class path, which has no Spring.
     */
    static String deadLetterTopicOf(String topic) {
        return Arrays.stream(Topic.values())
                .filter(known -> known.topicName().equals(topic))
                .findFirst()
                .map(Topic::deadLetterTopicName)
                .orElse(topic + "-dlt");
    }

    private DeadLetter describe(ConsumerRecord<String, byte[]> record) {
        UUID eventId = null;
        String eventType = "unreadable";
        if (record.value() != null) {
            try {
                SpecificRecord event = codec.decode(record.value());
                eventId = EventMetadata.eventId(event);
                eventType = event.getSchema().getName();
            } catch (RuntimeException unreadable) {
                // Listed anyway: an undecodable record can be re-driven once the consumer can read it.
            }
        }
        Header reason = record.headers().lastHeader(DLT_HEADER_PREFIX + "exception-message");
        return new DeadLetter(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), eventId, eventType, reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() {
        schemaTopic.close();
    }

    /** Command-line entry; see the class comment. Exits 2 on bad arguments, 1 when the broker fails. */
    public static void main(String[] args) {
        PrintStream out = System.out;
        String bootstrap = "localhost:9092";
        String topic = null;
        Set<UUID> eventIds = new LinkedHashSet<>();
        Instant from = null;
        Instant to = null;
        boolean execute = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--bootstrap-servers" -> bootstrap = args[++i];
                    case "--topic" -> topic = args[++i];
                    case "--event-id" -> {
                        for (String id : args[++i].split(",")) {
                            eventIds.add(UUID.fromString(id.trim()));
                        }
                    }
                    case "--from" -> from = Instant.parse(args[++i]);
                    case "--to" -> to = Instant.parse(args[++i]);
                    case "--execute" -> execute = true;
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (topic == null) {
                throw new IllegalArgumentException("--topic is required");
            }
        } catch (RuntimeException invalid) {
            System.err.println("Invalid arguments: " + invalid.getMessage());
            System.err.println("Usage: --topic <topic> [--bootstrap-servers host:port] [--event-id UUID[,UUID...]]"
                    + " [--from ISO-instant] [--to ISO-instant] [--execute]");
            System.exit(2);
            return;
        }
        Selection selection = new Selection(topic, eventIds, from, to);
        try (DeadLetterRedrive redrive = new DeadLetterRedrive(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<DeadLetter> letters = execute ? redrive.redrive(selection) : redrive.list(selection);
            letters.forEach(letter -> out.println(letter));
            out.println(execute
                    ? "Re-drove " + letters.size() + " dead letter(s) to " + topic
                    : "Dry run: " + letters.size() + " dead letter(s) of " + topic + " would be re-driven; add --execute to move them");
        } catch (KafkaException failed) {
            System.err.println("Re-drive failed: " + failed.getMessage());
            System.exit(1);
        }
    }
}
