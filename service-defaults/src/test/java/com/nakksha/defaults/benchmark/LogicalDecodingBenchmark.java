package com.nakksha.defaults.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import com.nakksha.defaults.it.ServiceInstances;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.TestInfrastructure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

import static org.awaitility.Awaitility.await;

/**
 * The one relay design {@link OutboxBenchmark}'s floors leave out: taking outbox rows from Postgres' write-ahead log by
 * logical decoding (a replication slot streamed with {@code pgoutput}, as Debezium does), next to reading the same
 * rows by position (500 a statement after the last id read, the progress kept in a row), in the same cluster and run.
 * Issue 16 asks for a relay at 0.8x of a plain producer; on two shared cores the ratio follows CPU an event, so what
 * Postgres spends handing a row to the relay bounds it: the plain producer's CPU an event over itself plus that.
 * <p>
 * A cluster of its own with {@code wal_level = logical} (the test cluster's other settings), one table of outbox rows
 * in a publication and one of the rows a booking writes beside it, not published, since a decoder reads every
 * record of the log and drops what no publication holds. Each iteration commits {@code events} transactions of one
 * row in each table (a server-side loop; payloads the size of an encoded {@code SessionCompleted}) while the slot is
 * streamed to a thread of this JVM that parses the inserts, as a relay would, and sends nothing; then reads the same
 * rows by position through pgjdbc. Postgres' CPU is counted by process: the walsender that decodes, the backend that
 * reads. The plain producer sends as many encoded events from memory, its CPU counted for the whole JVM (the broker
 * runs in it). The first {@code warmUpIterations} iterations are left out of the summary (the JIT compiles the parsers
 * and the producer in them). Not counted: what {@code wal_level = logical} adds to every writer's log, which would
 * lower the decoder's ceiling, and what a relay sends, which would lower both. The plain producer warms up on far fewer events than in
 * {@link OutboxBenchmark}, so it costs more an event and the printed ceilings flatter both designs alike: Postgres' CPU a
 * row is the figure to compare.
 * Run: {@code mvn -B -pl service-defaults -am -Pbenchmark verify -DskipTests
 * -Dbenchmark.main=com.nakksha.defaults.benchmark.LogicalDecodingBenchmark}. Not a test: prints numbers.
 */
public final class LogicalDecodingBenchmark {

    private static final int EVENTS = Integer.getInteger("events", 100_000);
    private static final int ITERATIONS = Integer.getInteger("iterations", 6);
    private static final int WARM_UP_ITERATIONS = Integer.getInteger("warmUpIterations", 2);
    private static final int READ_BATCH = 500;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);
    private static final String SLOT = "bench_relay";
    private static final String PUBLICATION = "bench_outbox_publication";
    private static final String SCHEMA = """
            CREATE TABLE bench_outbox (id bigserial PRIMARY KEY, topic text NOT NULL, message_key text NOT NULL, payload bytea NOT NULL);
            CREATE TABLE bench_session (id bigserial PRIMARY KEY, status text NOT NULL, client_email text NOT NULL, starts_at timestamptz NOT NULL);
            CREATE TABLE bench_read_progress (last_id bigint NOT NULL);
            INSERT INTO bench_read_progress VALUES (0);
            CREATE PUBLICATION bench_outbox_publication FOR TABLE bench_outbox WITH (publish = 'insert');
            CREATE PROCEDURE bench_commit_bookings(bookings int, payload_bytes int, topic text) LANGUAGE plpgsql AS $$
            BEGIN
                FOR i IN 1..bookings LOOP
                    INSERT INTO bench_session (status, client_email, starts_at) VALUES ('PENDING_PAYMENT', 'client' || i || '@example.com', now());
                    INSERT INTO bench_outbox (topic, message_key, payload)
                    VALUES (topic, md5(i::text), substr(decode(repeat(md5(i::text), payload_bytes / 16 + 1), 'hex'), 1, payload_bytes));
                    COMMIT;
                END LOOP;
            END $$;
            """;

    public static void main(String[] args) {
        BenchmarkProcess.runAndExit(LogicalDecodingBenchmark::run);
    }

    private static void run() throws Exception {
        try (ConfigurableApplicationContext context = ServiceInstances.start("decodingbench", TestInfrastructure.kafka().getBrokersAsString(),
                Map.of("logging.level.root", "WARN"));
             EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                     .setServerConfig("wal_level", "logical")
                     .setServerConfig("max_wal_senders", "4")
                     .setServerConfig("max_replication_slots", "4")
                     .start();
             Connection session = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
             Connection reading = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"))) {
            AvroEventCodec codec = context.getBean(AvroEventCodec.class);
            @SuppressWarnings("unchecked")
            KafkaTemplate<String, byte[]> template = (KafkaTemplate<String, byte[]>) context.getBean("outboxKafkaTemplate");
            int payloadBytes = codec.encode(OutboxBenchmark.event()).length;
            try (Statement setUp = session.createStatement()) {
                setUp.execute(SCHEMA);
                setUp.execute("SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
            }
            System.out.printf("Logical decoding against reading by position: %,d transactions an iteration, payloads of %d bytes, %d iterations (%d warm-up), load %s%n",
                    EVENTS, payloadBytes, ITERATIONS, WARM_UP_ITERATIONS, OutboxBenchmark.loadAverage());
            List<Iteration> measured = new ArrayList<>();
            try (Producer<String, byte[]> producer = template.getProducerFactory().createProducer();
                 Decoder decoder = new Decoder(postgres.getJdbcUrl("postgres", "postgres"));
                 PositionReader reader = new PositionReader(reading)) {
                long walsender = walsenderPid(session);
                for (int i = 1; i <= ITERATIONS; i++) {
                    Iteration iteration = new Iteration(commitAndDecode(session, decoder, walsender, payloadBytes), reader.readAll(EVENTS),
                            plainProducer(producer, codec));
                    System.out.printf("  iteration %d%s: %s%n", i, i <= WARM_UP_ITERATIONS ? " (warm-up)" : "", iteration);
                    if (i > WARM_UP_ITERATIONS) {
                        measured.add(iteration);
                    }
                }
            }
            System.out.printf("%nMedians (min-max) over %d iterations, microseconds of CPU a row%n", measured.size());
            print("plain producer, this JVM with the broker   ", measured, iteration -> iteration.plain().jvm());
            print("decoding: Postgres (the walsender)         ", measured, iteration -> iteration.decoding().postgres());
            print("decoding: this JVM (parsing the stream)    ", measured, iteration -> iteration.decoding().jvm());
            print("by position: Postgres (the reading backend)", measured, iteration -> iteration.position().postgres());
            print("by position: this JVM (pgjdbc's results)   ", measured, iteration -> iteration.position().jvm());
            System.out.printf("%nCeiling against the plain producer (its CPU an event over itself plus what Postgres spends handing over a row)%n");
            print("a relay that decodes the log               ", measured, Iteration::decodingCeiling);
            print("a relay that reads by position             ", measured, Iteration::positionCeiling);
        }
    }

    /**
     * Commits {@code EVENTS} bookings in a server-side loop while the decoder streams the slot, and waits until it has
     * parsed every insert of them: what the walsender and the decoding thread spent meanwhile, a row.
     */
    private static Cost commitAndDecode(Connection session, Decoder decoder, long walsender, int payloadBytes) throws SQLException {
        long parsedBefore = decoder.inserts();
        long walsenderBefore = CpuTime.processNanos(walsender);
        long decoderBefore = decoder.cpuNanos();
        try (PreparedStatement commit = session.prepareStatement("CALL bench_commit_bookings(?, ?, ?)")) {
            commit.setInt(1, EVENTS);
            commit.setInt(2, payloadBytes);
            commit.setString(3, Topic.BOOKING_SESSION.topicName());
            commit.execute();
        }
        await().atMost(DRAIN_TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> decoder.inserts() - parsedBefore >= EVENTS);
        return new Cost((decoder.cpuNanos() - decoderBefore) / 1_000.0 / EVENTS, (CpuTime.processNanos(walsender) - walsenderBefore) / 1_000.0 / EVENTS);
    }

    private static long walsenderPid(Connection session) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> activePid(session), pid -> pid > 0);
    }

    private static long activePid(Connection session) throws SQLException {
        try (PreparedStatement query = session.prepareStatement("SELECT coalesce(active_pid, 0) FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, SLOT);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** {@code EVENTS} encoded events sent from memory until the broker acknowledged each: this JVM's CPU a record. */
    private static Cost plainProducer(Producer<String, byte[]> producer, AvroEventCodec codec) throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            SessionCompleted event = OutboxBenchmark.event();
            records.add(new ProducerRecord<>(Topic.BOOKING_SESSION.topicName(), event.getSessionId().toString(), codec.encode(event)));
        }
        long before = jvmNanos();
        List<Future<RecordMetadata>> acks = new ArrayList<>(EVENTS);
        for (ProducerRecord<String, byte[]> record : records) {
            acks.add(producer.send(record));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
        return new Cost((jvmNanos() - before) / 1_000.0 / EVENTS, 0);
    }

    private static long jvmNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void print(String label, List<Iteration> iterations, ToDoubleFunction<Iteration> figure) {
        List<Double> values = iterations.stream().map(figure::applyAsDouble).toList();
        System.out.printf("  %s: %.2f (%.2f-%.2f)%n", label, OutboxBenchmark.median(values), Collections.min(values), Collections.max(values));
    }

    /** Microseconds of CPU a row in this JVM and in Postgres. */
    private record Cost(double jvm, double postgres) {

        @Override
        public String toString() {
            return String.format("JVM %.2f us, Postgres %.2f us", jvm, postgres);
        }
    }

    private record Iteration(Cost decoding, Cost position, Cost plain) {

        double decodingCeiling() {
            return plain.jvm() / (plain.jvm() + decoding.postgres());
        }

        double positionCeiling() {
            return plain.jvm() / (plain.jvm() + position.postgres());
        }

        @Override
        public String toString() {
            return String.format("decoding %s; by position %s; plain producer %.2f us; ceilings %.2f decoding, %.2f by position",
                    decoding, position, plain.jvm(), decodingCeiling(), positionCeiling());
        }
    }

    /**
     * Streams the slot from its own replication connection on a thread of its own and parses each message as a relay
     * would: an insert's three columns (binary, as the {@code binary} option asks) into a topic, a key and a payload;
     * every commit acknowledges the log up to it, so the slot never holds back what was parsed.
     */
    private static final class Decoder implements AutoCloseable {

        private final Connection connection;
        private final PGReplicationStream stream;
        private final Thread thread;
        private final AtomicLong inserts = new AtomicLong();
        private volatile boolean running = true;

        Decoder(String jdbcUrl) throws SQLException {
            Properties properties = new Properties();
            PGProperty.USER.set(properties, "postgres");
            PGProperty.REPLICATION.set(properties, "database");
            PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "14");
            PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
            connection = DriverManager.getConnection(jdbcUrl, properties);
            stream = connection.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(SLOT)
                    .withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", PUBLICATION)
                    .withSlotOption("binary", "true")
                    .withStatusInterval(1, TimeUnit.SECONDS)
                    .start();
            thread = Thread.ofPlatform().name("logical-decoder").daemon().start(this::consume);
        }

        long inserts() {
            return inserts.get();
        }

        long cpuNanos() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            return threads.getThreadCpuTime(thread.threadId());
        }

        private void consume() {
            try {
                while (running) {
                    ByteBuffer message = stream.read();
                    byte kind = message.get();
                    if (kind == 'I') {
                        parseInsert(message);
                    } else if (kind == 'C') {
                        stream.setAppliedLSN(stream.getLastReceiveLSN());
                        stream.setFlushedLSN(stream.getLastReceiveLSN());
                    }
                }
            } catch (SQLException | RuntimeException stopped) {
                if (running) {
                    stopped.printStackTrace();
                }
            }
        }

        /** pgoutput's Insert: relation oid, 'N', then the tuple: a column count and each column as kind, length, bytes. */
        private void parseInsert(ByteBuffer message) {
            message.getInt();
            message.get();
            short columns = message.getShort();
            String topic = null;
            String key = null;
            byte[] payload = null;
            for (int column = 0; column < columns; column++) {
                byte format = message.get();
                if (format == 'n' || format == 'u') {
                    continue;
                }
                byte[] value = new byte[message.getInt()];
                message.get(value);
                switch (column) {
                    case 1 -> topic = new String(value, StandardCharsets.UTF_8);
                    case 2 -> key = new String(value, StandardCharsets.UTF_8);
                    case 3 -> payload = value;
                    default -> { }
                }
            }
            if (topic == null || key == null || payload == null) {
                throw new IllegalStateException("an insert without topic, key or payload");
            }
            inserts.incrementAndGet();
        }

        @Override
        public void close() throws Exception {
            running = false;
            stream.close();
            connection.close();
            thread.join(Duration.ofSeconds(5));
        }
    }

    /** Reads the rows after the last id read, 500 a statement, and keeps that id in a progress row once a batch. */
    private static final class PositionReader implements AutoCloseable {

        private final Connection connection;
        private final PreparedStatement read;
        private final PreparedStatement keepProgress;
        private final long backendPid;
        private long after;

        PositionReader(Connection connection) throws SQLException {
            this.connection = connection;
            this.read = connection.prepareStatement("SELECT id, topic, message_key, payload FROM bench_outbox WHERE id > ? ORDER BY id LIMIT ?");
            this.keepProgress = connection.prepareStatement("UPDATE bench_read_progress SET last_id = ?");
            try (Statement query = connection.createStatement(); ResultSet pid = query.executeQuery("SELECT pg_backend_pid()")) {
                pid.next();
                this.backendPid = pid.getLong(1);
            }
        }

        Cost readAll(int count) throws SQLException {
            long backendBefore = CpuTime.processNanos(backendPid);
            long threadBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long bytes = 0;
            int taken = 0;
            read.setInt(2, READ_BATCH);
            while (taken < count) {
                int before = taken;
                read.setLong(1, after);
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        String topic = rows.getString(2);
                        String key = rows.getString(3);
                        bytes += rows.getBytes(4).length + topic.length() + key.length();
                        taken++;
                    }
                }
                if (taken == before) {
                    throw new IllegalStateException("the outbox ran out after " + taken + " of " + count + " rows");
                }
                keepProgress.setLong(1, after);
                keepProgress.executeUpdate();
            }
            if (bytes == 0) {
                throw new IllegalStateException("no payload read");
            }
            return new Cost((ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadBefore) / 1_000.0 / count,
                    (CpuTime.processNanos(backendPid) - backendBefore) / 1_000.0 / count);
        }

        @Override
        public void close() throws SQLException {
            read.close();
            keepProgress.close();
            connection.close();
        }
    }
}
