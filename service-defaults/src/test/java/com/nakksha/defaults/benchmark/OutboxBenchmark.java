package com.nakksha.defaults.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.nakksha.defaults.it.ServiceInstances;
import com.nakksha.defaults.kafka.KafkaDefaultsAutoConfiguration;
import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.defaults.outbox.OutboxReader;
import com.nakksha.defaults.outbox.OutboxRelay;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import reactor.core.publisher.Flux;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.awaitility.Awaitility.await;

/**
 * Outbox relay throughput next to a plain KafkaProducer (same producer configuration) sending the
 * same encoded records to the same broker in the same run, and commit-to-consumable latency of
 * single committed events, from the return of the commit: until the broker acknowledged the record (from
 * then on any consumer can read it; recorded by a producer interceptor both services' producers carry) and
 * until a polling consumer in this JVM received it; and from the start of the transaction until the
 * acknowledgement, the figure earlier runs reported. Both are measured while a second service, in its
 * own schema of the same Postgres, keeps committing outbox events of its own, as neighbouring services
 * do in production. A third path sets a floor under any relay that deletes or marks its rows: the same records taken
 * from a bare table of this Postgres, 500 a statement ({@code DELETE ... RETURNING}, nothing claimed, ordered, leased or
 * kept) and sent by the plain producer, the next batch taken while the last is on its way; what it costs over the plain
 * producer is what reading each row once from Postgres and removing it costs, which every such relay pays. The floor is taken twice, through
 * the services' R2DBC driver and through pgjdbc (the JDBC driver Liquibase already brings), so that it does not hang on
 * one driver, and once more below it, the rows only read after the last id read and nothing deleted, as a relay that
 * drops whole partitions of published rows would read them ({@link ReadOnlyFloor}). With {@code -DneighbourWriters=0}
 * it also prints the CPU time of each path per event (this JVM, broker included, and the embedded Postgres): on a
 * machine whose cores all paths saturate, that ratio is the throughput ratio, and the plain producer's CPU an event
 * over itself plus what Postgres alone spends on the cheaper floor's row bounds what any relay that deletes or marks
 * each row can reach against the plain producer on this machine; the read-only floor's row bounds a relay of that
 * other kind.
 * Run: {@code mvn -B -pl service-defaults -am -Pbenchmark verify -DskipTests} (see README). Not a test: prints numbers.
 */
public final class OutboxBenchmark {

    private static final int EVENTS = Integer.getInteger("events", 20_000);
    private static final int ITERATIONS = Integer.getInteger("iterations", 3);
    private static final int WARM_UP_EVENTS = Integer.getInteger("warmUpEvents", 100_000);
    /**
     * Warm-up goes on, past {@link #WARM_UP_EVENTS}, until the JIT compiled for less than this share of a round's wall
     * time: a path's 20,000 events take a tenth of a second, and 100,000 of each left the JIT compiling the producer's
     * and the broker's code through the measured phases (-Xlog:jit+compilation, 2026-12-06 18:17).
     */
    private static final double MAX_WARM_JIT_SHARE = 0.05;
    private static final Duration MAX_WARM_UP = Duration.ofSeconds(Integer.getInteger("maxWarmUpSeconds", 300));
    private static final int LATENCY_SAMPLES = Integer.getInteger("latencySamples", 500);
    private static final int WARM_UP_COMMITS = 50;
    /** Pace of the single-event commits whose latency is measured: one commit, then this pause. */
    private static final Duration SAMPLE_SPACING = Duration.ofMillis(10);
    private static final int NEIGHBOUR_WRITERS = Integer.getInteger("neighbourWriters", 4);
    private static final Duration NEIGHBOUR_PAUSE = Duration.ofMillis(Integer.getInteger("neighbourPauseMillis", 5));
    private static final Duration BACKGROUND_SAMPLE = Duration.ofSeconds(3);
    private static final double MAX_BACKGROUND_CORES_FOR_CPU = 0.25;
    /**
     * With {@code -Dfloors=false} only the plain producer and the relay take turns: the floors' paths share code with
     * them (the producer, the drivers) and, run in between, make the JIT compile it again for each.
     */
    private static final boolean FLOORS = Boolean.parseBoolean(System.getProperty("floors", "true"));

    public static void main(String[] args) {
        BenchmarkProcess.runAndExit(OutboxBenchmark::run);
    }

    private static void run() throws Exception {
        String brokers = TestInfrastructure.kafka().getBrokersAsString();
        try (ConfigurableApplicationContext context = service("outboxbench", brokers);
             ConfigurableApplicationContext neighbour = service("outboxbench2", brokers)) {
            AvroEventCodec codec = context.getBean(AvroEventCodec.class);
            Outbox outbox = context.getBean(Outbox.class);
            OutboxRelay relay = context.getBean(OutboxRelay.class);
            TransactionalOperator transactions = context.getBean(TransactionalOperator.class);
            DatabaseClient database = context.getBean(DatabaseClient.class);
            Counter published = context.getBean(MeterRegistry.class).get("nakksha.outbox.published").counter();
            @SuppressWarnings("unchecked")
            KafkaTemplate<String, byte[]> template = (KafkaTemplate<String, byte[]>) context.getBean("outboxKafkaTemplate");

            try (NeighbourLoad load = new NeighbourLoad(neighbour);
                 Producer<String, byte[]> producer = template.getProducerFactory().createProducer();
                 Connection jdbc = ServiceInstances.jdbcConnection(context);
                 PreparedStatement jdbcTake = jdbc.prepareStatement(TAKE_FROM_BARE_TABLE.replace(":limit", "?"));
                 ReadOnlyFloor readOnly = new ReadOnlyFloor(jdbc);
                 PositionReading positionReading = new PositionReading(context, outbox, relay, transactions, database)) {
                // Warm up every path, in turns as measured, until the JIT has compiled each: with 2,000 events a path
                // the plain producer still ran three times faster in a tenth iteration than in the first.
                long warmUpStart = System.nanoTime();
                int warmedUp = 0;
                double jitShare = 1;
                while (warmedUp < WARM_UP_EVENTS || jitShare >= MAX_WARM_JIT_SHARE) {
                    if (System.nanoTime() - warmUpStart > MAX_WARM_UP.toNanos()) {
                        System.out.printf("  warm-up stopped after %s with the JIT still compiling %.0f %% of a round%n", MAX_WARM_UP, jitShare * 100);
                        break;
                    }
                    CpuTime roundBefore = CpuTime.now();
                    long roundStart = System.nanoTime();
                    plainKafka(producer, codec, EVENTS);
                    if (FLOORS) {
                        bareTable(producer, codec, database, EVENTS);
                        bareTableThroughJdbc(producer, codec, database, jdbcTake, EVENTS);
                        readOnly.run(producer, codec, database, EVENTS);
                        positionReading.run(producer, EVENTS);
                    }
                    relayed(outbox, relay, transactions, published, EVENTS);
                    warmedUp += EVENTS;
                    jitShare = CpuTime.now().minus(roundBefore).jitMillis() * 1e6 / (System.nanoTime() - roundStart);
                }
                System.out.printf("  warmed up on %,d events a path in %.0f s; the JIT compiled for %.1f %% of the last round%n",
                        warmedUp, seconds(warmUpStart), jitShare * 100);

                // What the neighbour service alone costs, subtracted from each phase's CPU.
                CpuTime backgroundBefore = CpuTime.now();
                long backgroundStart = System.nanoTime();
                Thread.sleep(BACKGROUND_SAMPLE);
                CpuTime background = CpuTime.now().minus(backgroundBefore);
                long backgroundNanos = System.nanoTime() - backgroundStart;
                double backgroundCores = (background.jvm() + background.postgres()) / (double) backgroundNanos;
                // On a machine the neighbour keeps busy, the phases take CPU from it and subtracting its share says nothing.
                boolean cpuComparable = backgroundCores < MAX_BACKGROUND_CORES_FOR_CPU;

                String loadBefore = loadAverage();
                long neighbourBefore = load.committed();
                long measureStart = System.nanoTime();
                List<Double> plainRates = new ArrayList<>();
                List<Double> relayRates = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                List<Double> bareRates = new ArrayList<>();
                List<Double> bareRatios = new ArrayList<>();
                List<Double> relayToBare = new ArrayList<>();
                List<Double> appendRates = new ArrayList<>();
                List<Double> plainCpu = new ArrayList<>();
                List<Double> relayJvmCpu = new ArrayList<>();
                List<Double> relayPostgresCpu = new ArrayList<>();
                List<Double> cpuRatios = new ArrayList<>();
                List<Double> bareJvmCpu = new ArrayList<>();
                List<Double> barePostgresCpu = new ArrayList<>();
                List<Double> jdbcBareRates = new ArrayList<>();
                List<Double> jdbcBareRatios = new ArrayList<>();
                List<Double> jdbcBareJvmCpu = new ArrayList<>();
                List<Double> jdbcBarePostgresCpu = new ArrayList<>();
                List<Double> ceilings = new ArrayList<>();
                List<Double> readOnlyRatios = new ArrayList<>();
                List<Double> readOnlyJvmCpu = new ArrayList<>();
                List<Double> readOnlyPostgresCpu = new ArrayList<>();
                List<Double> readOnlyCeilings = new ArrayList<>();
                List<Double> positionRates = new ArrayList<>();
                List<Double> positionRatios = new ArrayList<>();
                List<Double> positionJvmCpu = new ArrayList<>();
                List<Double> positionPostgresCpu = new ArrayList<>();
                List<Double> positionPurgePostgresCpu = new ArrayList<>();
                for (int i = 0; i < ITERATIONS; i++) {
                    // Back to back, so both see the same machine; the ratio is the figure to compare across runs.
                    Phase plain = plainKafka(producer, codec, EVENTS);
                    Phase bare = FLOORS ? bareTable(producer, codec, database, EVENTS) : null;
                    Phase jdbcBare = FLOORS ? bareTableThroughJdbc(producer, codec, database, jdbcTake, EVENTS) : null;
                    Phase readOnlyPhase = FLOORS ? readOnly.run(producer, codec, database, EVENTS) : null;
                    PositionPhase positionRun = FLOORS ? positionReading.run(producer, EVENTS) : null;
                    Relayed outboxRun = relayed(outbox, relay, transactions, published, EVENTS);
                    Phase relayedPhase = outboxRun.relay();
                    appendRates.add(outboxRun.appendRate());
                    plainRates.add(plain.rate());
                    relayRates.add(relayedPhase.rate());
                    ratios.add(relayedPhase.rate() / plain.rate());
                    CpuPerEvent plainCost = plain.cpuPerEvent(background, backgroundNanos, EVENTS);
                    CpuPerEvent relayCost = relayedPhase.cpuPerEvent(background, backgroundNanos, EVENTS);
                    plainCpu.add(plainCost.total());
                    relayJvmCpu.add(relayCost.jvm());
                    relayPostgresCpu.add(relayCost.postgres());
                    cpuRatios.add(plainCost.total() / relayCost.total());
                    if (!FLOORS) {
                        System.out.printf("  iteration %d: plain %,.0f events/s, relay %,.0f events/s, %.2f x%s%n",
                                i + 1, plain.rate(), relayedPhase.rate(), relayedPhase.rate() / plain.rate(), !cpuComparable ? "" : String.format(
                                        "; CPU per event: plain %.1f us, relay %.1f us (JVM %.1f, Postgres %.1f)",
                                        plainCost.total(), relayCost.total(), relayCost.jvm(), relayCost.postgres()));
                    } else {
                        Phase position = positionRun.reading();
                        bareRates.add(bare.rate());
                        bareRatios.add(bare.rate() / plain.rate());
                        relayToBare.add(relayedPhase.rate() / bare.rate());
                        CpuPerEvent bareCost = bare.cpuPerEvent(background, backgroundNanos, EVENTS);
                        bareJvmCpu.add(bareCost.jvm());
                        barePostgresCpu.add(bareCost.postgres());
                        jdbcBareRates.add(jdbcBare.rate());
                        jdbcBareRatios.add(jdbcBare.rate() / plain.rate());
                        CpuPerEvent jdbcBareCost = jdbcBare.cpuPerEvent(background, backgroundNanos, EVENTS);
                        jdbcBareJvmCpu.add(jdbcBareCost.jvm());
                        jdbcBarePostgresCpu.add(jdbcBareCost.postgres());
                        // A relay that deletes or marks each row pays Postgres at least what the cheaper floor does, on the cores the plain path saturates.
                        ceilings.add(plainCost.total() / (plainCost.total() + Math.min(bareCost.postgres(), jdbcBareCost.postgres())));
                        readOnlyRatios.add(readOnlyPhase.rate() / plain.rate());
                        CpuPerEvent readOnlyCost = readOnlyPhase.cpuPerEvent(background, backgroundNanos, EVENTS);
                        readOnlyJvmCpu.add(readOnlyCost.jvm());
                        readOnlyPostgresCpu.add(readOnlyCost.postgres());
                        readOnlyCeilings.add(plainCost.total() / (plainCost.total() + readOnlyCost.postgres()));
                        positionRates.add(position.rate());
                        positionRatios.add(position.rate() / plain.rate());
                        CpuPerEvent positionCost = position.cpuPerEvent(background, backgroundNanos, EVENTS);
                        positionJvmCpu.add(positionCost.jvm());
                        positionPostgresCpu.add(positionCost.postgres());
                        positionPurgePostgresCpu.add(positionRun.purge().cpuPerEvent(background, backgroundNanos, EVENTS).postgres());
                        System.out.printf("  iteration %d: plain %,.0f events/s, bare table %,.0f (pgjdbc %,.0f) events/s, relay %,.0f events/s, %.2f x,"
                                        + " position reader %,.0f events/s, %.2f x%s%n",
                                i + 1, plain.rate(), bare.rate(), jdbcBare.rate(), relayedPhase.rate(), relayedPhase.rate() / plain.rate(),
                                position.rate(), position.rate() / plain.rate(), !cpuComparable ? "" : String.format(
                                        "; CPU per event: plain %.1f us, bare table %.1f us (JVM %.1f, Postgres %.1f), through pgjdbc %.1f us (JVM %.1f, Postgres %.1f),"
                                                + " relay %.1f us (JVM %.1f, Postgres %.1f), position reader %.1f us (JVM %.1f, Postgres %.1f)",
                                        plainCost.total(), bareCost.total(), bareCost.jvm(), bareCost.postgres(),
                                        jdbcBareCost.total(), jdbcBareCost.jvm(), jdbcBareCost.postgres(),
                                        relayCost.total(), relayCost.jvm(), relayCost.postgres(),
                                        positionCost.total(), positionCost.jvm(), positionCost.postgres()));
                    }
                    if (cpuComparable) {
                        // Where the JVM's share goes, by thread: the same producer and broker on both sides, and what the relay adds;
                        // the paths take turns in one JVM, so the JIT recompiles shared code in each phase (deoptimised by the others' types).
                        System.out.printf("    JVM threads, us an event: plain: %s; relay: %s%n",
                                plain.cpu().topThreads(6, EVENTS), relayedPhase.cpu().topThreads(8, EVENTS));
                        System.out.printf("    Postgres, us an event: plain: %s; relay: %s%n",
                                plain.cpu().postgresKinds(EVENTS), relayedPhase.cpu().postgresKinds(EVENTS));
                    }
                }
                Latencies latencies = commitToConsumable(outbox, transactions, codec, brokers, LATENCY_SAMPLES);
                double neighbourRate = (load.committed() - neighbourBefore) / seconds(measureStart);

                System.out.printf("%nOutbox benchmark (%d events x %d iterations, 1 broker, same JVM, same run)%n", EVENTS, ITERATIONS);
                System.out.printf("  load average before / after      : %s / %s%n", loadBefore, loadAverage());
                System.out.printf("  neighbour service, same Postgres : %,10.0f single-event commits/s by %d writers throughout%n",
                        neighbourRate, NEIGHBOUR_WRITERS);
                printRates("plain KafkaProducer send+ack     ", plainRates);
                printRates("outbox relay (DB -> Kafka)       ", relayRates);
                printRatios("relay / plain, per iteration     ", ratios);
                if (FLOORS) {
                    printRates("bare table -> Kafka (the floor)  ", bareRates);
                    printRatios("bare table / plain, per iteration", bareRatios);
                    printRates("the same through pgjdbc          ", jdbcBareRates);
                    printRatios("pgjdbc bare / plain, iteration   ", jdbcBareRatios);
                    printRatios("read only, pgjdbc / plain        ", readOnlyRatios);
                    printRatios("relay / bare table, per iteration", relayToBare);
                    printRates("position reader -> Kafka         ", positionRates);
                    printRatios("position reader / plain          ", positionRatios);
                }
                if (cpuComparable && !FLOORS) {
                    System.out.printf("  CPU per event (background %.2f cores taken out): plain %.1f us, relay %.1f us (JVM %.1f, Postgres %.1f) median;"
                                    + " plain / relay %.2f x median (%.2f-%.2f)%n", backgroundCores, median(plainCpu),
                            median(relayJvmCpu) + median(relayPostgresCpu), median(relayJvmCpu), median(relayPostgresCpu),
                            median(cpuRatios), Collections.min(cpuRatios), Collections.max(cpuRatios));
                } else if (cpuComparable) {
                    System.out.printf("  CPU per event (background %.2f cores taken out): plain %.1f us, bare table %.1f us (JVM %.1f, Postgres %.1f),"
                                    + " through pgjdbc %.1f us (JVM %.1f, Postgres %.1f), relay %.1f us (JVM %.1f, Postgres %.1f) median;"
                                    + " plain / relay %.2f x median (%.2f-%.2f)%n", backgroundCores,
                            median(plainCpu), median(bareJvmCpu) + median(barePostgresCpu), median(bareJvmCpu), median(barePostgresCpu),
                            median(jdbcBareJvmCpu) + median(jdbcBarePostgresCpu), median(jdbcBareJvmCpu), median(jdbcBarePostgresCpu),
                            median(relayJvmCpu) + median(relayPostgresCpu), median(relayJvmCpu), median(relayPostgresCpu),
                            median(cpuRatios), Collections.min(cpuRatios), Collections.max(cpuRatios));
                    printRatios("ceiling of any relay / plain     ", ceilings);
                    System.out.printf("  read only (rows read, progress kept a batch at a time, nothing deleted): %.1f us an event (JVM %.1f, Postgres %.1f) median%n",
                            median(readOnlyJvmCpu) + median(readOnlyPostgresCpu), median(readOnlyJvmCpu), median(readOnlyPostgresCpu));
                    printRatios("ceiling of a read-only relay     ", readOnlyCeilings);
                    System.out.printf("  position reader (OutboxReader over outbox_event, position kept once acknowledged): %.1f us an event (JVM %.1f, Postgres %.1f) median%n",
                            median(positionJvmCpu) + median(positionPostgresCpu), median(positionJvmCpu), median(positionPostgresCpu));
                    System.out.printf("  deleting those rows afterwards, 10,000 a statement (not in the phase): Postgres %.1f us an event median%n",
                            median(positionPurgePostgresCpu));
                } else {
                    System.out.printf("  CPU per event                    : not shown, the background used %.2f cores; run with -DneighbourWriters=0%n",
                            backgroundCores);
                }
                printRates("outbox append, 500 a transaction ", appendRates);
                System.out.printf("  transaction start to broker ack  : %s%n", summary(latencies.transactionToAcknowledged()));
                System.out.printf("  commit to broker acknowledgement : %s%n", summary(latencies.commitToAcknowledged()));
                System.out.printf("  commit to a consumer's poll      : %s%n", summary(latencies.commitToReceived()));
            }
        }
    }

    private static ConfigurableApplicationContext service(String schema, String brokers) {
        return ServiceInstances.start(schema, brokers, Map.of("logging.level.root", "WARN",
                "spring.kafka.producer.properties.interceptor.classes", AcknowledgementTimes.class.getName()));
    }

    private static Phase plainKafka(Producer<String, byte[]> producer, AvroEventCodec codec, int count) throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SessionCompleted event = event();
            payloads.add(codec.encode(event));
            keys.add(event.getSessionId().toString());
        }
        CpuTime cpuBefore = CpuTime.now();
        long start = System.nanoTime();
        List<Future<RecordMetadata>> acks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            acks.add(producer.send(new ProducerRecord<>(Topic.BOOKING_SESSION.topicName(), keys.get(i), payloads.get(i))));
        }
        return acknowledged(acks, cpuBefore, start);
    }

    /**
     * Takes the first rows of the bare table in id order and removes them. {@code :limit} is a bound parameter, so the
     * driver asks for the results in binary, as it does for the relay's claim: a statement without parameters goes as a
     * simple query, whose results come as text, every payload in hex.
     */
    private static final String TAKE_FROM_BARE_TABLE = """
            DELETE FROM bench_bare_outbox WHERE id IN (SELECT id FROM bench_bare_outbox ORDER BY id LIMIT :limit)
            RETURNING topic, message_key, payload""";
    private static final int BARE_TAKE = 500;
    private static final String CREATE_BARE_TABLE =
            "CREATE TABLE IF NOT EXISTS bench_bare_outbox (id bigserial PRIMARY KEY, topic text NOT NULL, message_key text NOT NULL, payload bytea NOT NULL)";

    /** Waits until the broker acknowledged every send: the phase from {@code start}, with the CPU used since {@code cpuBefore}. */
    private static Phase acknowledged(List<Future<RecordMetadata>> acks, CpuTime cpuBefore, long start) throws Exception {
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
        return new Phase(acks.size() / seconds(start), CpuTime.now().minus(cpuBefore), System.nanoTime() - start);
    }

    /** A take from the bare table that found no row before {@code count} were taken means the table was filled short. */
    private static void requireTaken(int takenNow, int takenSoFar, int count) {
        if (takenNow == 0) {
            throw new IllegalStateException("the bare table ran out after " + takenSoFar + " of " + count + " records");
        }
    }

    /**
     * The floor under any relay: {@code count} records, inserted untimed into a bare table of this service's schema, then
     * timed while they are taken 500 a statement ({@link #TAKE_FROM_BARE_TABLE}, one autocommit call) and handed
     * to the plain producer, the next batch taken while the last is on its way, until the broker acknowledged them all.
     * Nothing is claimed, leased, ordered by key or kept, and a crash would lose what was taken and not yet acknowledged:
     * no relay that deletes or marks each row it sends can cost less.
     */
    private static Phase bareTable(Producer<String, byte[]> producer, AvroEventCodec codec, DatabaseClient database, int count)
            throws Exception {
        fillBareTable(codec, database, count);
        CpuTime cpuBefore = CpuTime.now();
        long start = System.nanoTime();
        List<Future<RecordMetadata>> acks = new ArrayList<>(count);
        while (acks.size() < count) {
            // Sent from the driver's thread, with no hand-over, as a floor should be; a phase's records fit the
            // producer's buffer, so send never waits for room there.
            List<Future<RecordMetadata>> batch = database.sql(TAKE_FROM_BARE_TABLE)
                    .bind("limit", BARE_TAKE)
                    .map(row -> producer.send(new ProducerRecord<>(row.get("topic", String.class), row.get("message_key", String.class),
                            row.get("payload", byte[].class))))
                    .all().collectList().block();
            acks.addAll(batch);
            requireTaken(batch.size(), acks.size(), count);
        }
        return acknowledged(acks, cpuBefore, start);
    }

    /**
     * The same floor through pgjdbc on one connection: the same statement, prepared once (pgjdbc makes it a server-side
     * prepared statement from its fifth run, as r2dbc-postgresql caches the relay's), run on this thread, each row handed
     * to the producer as it is read.
     */
    private static Phase bareTableThroughJdbc(Producer<String, byte[]> producer, AvroEventCodec codec, DatabaseClient database,
            PreparedStatement take, int count) throws Exception {
        fillBareTable(codec, database, count);
        take.setInt(1, BARE_TAKE);
        CpuTime cpuBefore = CpuTime.now();
        long start = System.nanoTime();
        List<Future<RecordMetadata>> acks = new ArrayList<>(count);
        while (acks.size() < count) {
            int before = acks.size();
            try (ResultSet rows = take.executeQuery()) {
                while (rows.next()) {
                    acks.add(producer.send(new ProducerRecord<>(rows.getString(1), rows.getString(2), rows.getBytes(3))));
                }
            }
            requireTaken(acks.size() - before, acks.size(), count);
        }
        return acknowledged(acks, cpuBefore, start);
    }

    /**
     * Below the floor: rows only read, through pgjdbc, 500 a statement after the last id read, with that id kept in a
     * progress row once a batch and nothing deleted while timed; the table is emptied afterwards in one untimed
     * {@code TRUNCATE}, as a relay of this kind would drop a whole partition of published rows. It says what Postgres
     * spends on a row when a relay neither deletes nor marks it. It keeps no order across rows that commit out of id
     * order, which such a relay would still have to solve.
     */
    private static final class ReadOnlyFloor implements AutoCloseable {

        private final Connection connection;
        private final PreparedStatement read;
        private final PreparedStatement keepProgress;

        ReadOnlyFloor(Connection connection) throws SQLException {
            this.connection = connection;
            try (var create = connection.createStatement()) {
                create.execute(CREATE_BARE_TABLE);
                create.execute("CREATE TABLE IF NOT EXISTS bench_read_progress (last_id bigint NOT NULL)");
                create.execute("INSERT INTO bench_read_progress SELECT 0 WHERE NOT EXISTS (SELECT FROM bench_read_progress)");
            }
            this.read = connection.prepareStatement("SELECT id, topic, message_key, payload FROM bench_bare_outbox WHERE id > ? ORDER BY id LIMIT ?");
            this.keepProgress = connection.prepareStatement("UPDATE bench_read_progress SET last_id = ?");
        }

        Phase run(Producer<String, byte[]> producer, AvroEventCodec codec, DatabaseClient database, int count) throws Exception {
            fillBareTable(codec, database, count);
            long after;
            try (var first = connection.createStatement(); ResultSet min = first.executeQuery("SELECT coalesce(min(id), 1) - 1 FROM bench_bare_outbox")) {
                min.next();
                after = min.getLong(1);
            }
            read.setInt(2, BARE_TAKE);
            CpuTime cpuBefore = CpuTime.now();
            long start = System.nanoTime();
            List<Future<RecordMetadata>> acks = new ArrayList<>(count);
            while (acks.size() < count) {
                int before = acks.size();
                read.setLong(1, after);
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        acks.add(producer.send(new ProducerRecord<>(rows.getString(2), rows.getString(3), rows.getBytes(4))));
                    }
                }
                requireTaken(acks.size() - before, acks.size(), count);
                keepProgress.setLong(1, after);
                keepProgress.executeUpdate();
            }
            Phase phase = acknowledged(acks, cpuBefore, start);
            try (var empty = connection.createStatement()) {
                empty.execute("TRUNCATE bench_bare_outbox");
            }
            return phase;
        }

        @Override
        public void close() throws SQLException {
            read.close();
            keepProgress.close();
        }
    }

    /**
     * The read-only design with its order rule: rows appended through {@link Outbox} with the relay stopped, as for the
     * relay's path, then read by {@link OutboxReader} (no row of a transaction still open is passed, nor any after it)
     * and sent by the plain producer; the position is written to a row of its own once every record of a round is
     * acknowledged, checked at each round, so reading goes on while sends are on their way. Nothing is deleted while
     * timed; the rows are truncated afterwards, untimed, as a relay of this kind would drop a partition of published
     * ones. Not the relay: it keeps no order behind a refused row and takes no lease.
     */
    private static final class PositionReading implements AutoCloseable {

        private final ConfigurableApplicationContext context;
        private final Outbox outbox;
        private final OutboxRelay relay;
        private final TransactionalOperator transactions;
        private final DatabaseClient database;
        private final Connection connection;
        private final PreparedStatement keepPosition;
        private final PreparedStatement purge;

        PositionReading(ConfigurableApplicationContext context, Outbox outbox, OutboxRelay relay, TransactionalOperator transactions,
                DatabaseClient database) throws SQLException {
            this.context = context;
            this.outbox = outbox;
            this.relay = relay;
            this.transactions = transactions;
            this.database = database;
            this.connection = ServiceInstances.jdbcConnection(context);
            try (var create = connection.createStatement()) {
                create.execute("CREATE TABLE IF NOT EXISTS bench_relay_position (last_id bigint NOT NULL)");
                create.execute("INSERT INTO bench_relay_position SELECT 0 WHERE NOT EXISTS (SELECT FROM bench_relay_position)");
            }
            this.keepPosition = connection.prepareStatement("UPDATE bench_relay_position SET last_id = ?");
            this.purge = connection.prepareStatement(
                    "DELETE FROM outbox_event WHERE ctid = ANY(ARRAY(SELECT ctid FROM outbox_event WHERE id <= ? LIMIT 10000))");
        }

        PositionPhase run(Producer<String, byte[]> producer, int count) throws Exception {
            relay.stop();
            List<SessionCompleted> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                events.add(event());
            }
            Flux.fromIterable(events).buffer(500)
                    .concatMap(chunk -> transactions.transactional(Flux.fromIterable(chunk)
                            .concatMap(event -> outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event)).then()))
                    .blockLast();
            long after;
            try (var first = connection.createStatement(); ResultSet min = first.executeQuery("SELECT coalesce(min(id), 1) - 1 FROM outbox_event")) {
                min.next();
                after = min.getLong(1);
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(count);
            ArrayDeque<SentRound> unacknowledged = new ArrayDeque<>();
            CpuTime cpuBefore;
            long start;
            try (Connection readerConnection = ServiceInstances.jdbcConnection(context);
                 OutboxReader reader = new OutboxReader(readerConnection, after, BARE_TAKE)) {
                cpuBefore = CpuTime.now();
                start = System.nanoTime();
                while (acks.size() < count) {
                    List<Future<RecordMetadata>> round = new ArrayList<>(BARE_TAKE);
                    for (OutboxReader.Row row : reader.next()) {
                        round.add(producer.send(new ProducerRecord<>(row.topic(), row.key(), row.payload())));
                    }
                    acks.addAll(round);
                    requireTaken(round.size(), acks.size(), count);
                    unacknowledged.add(new SentRound(round, reader.position()));
                    keepAcknowledgedPosition(unacknowledged);
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(1, TimeUnit.MINUTES);
                }
                keepAcknowledgedPosition(unacknowledged);
            }
            Phase phase = new Phase(count / seconds(start), CpuTime.now().minus(cpuBefore), System.nanoTime() - start);
            // What the design defers: deleting the rows read, after the phase, as a retention purge without partitions would.
            CpuTime purgeBefore = CpuTime.now();
            long purgeStart = System.nanoTime();
            int deleted;
            do {
                purge.setLong(1, Long.MAX_VALUE);
                deleted = purge.executeUpdate();
            } while (deleted > 0);
            Phase purged = new Phase(count / seconds(purgeStart), CpuTime.now().minus(purgeBefore), System.nanoTime() - purgeStart);
            // So that the relay's phase, next, does not pay for vacuuming what this one deleted.
            try (var vacuum = connection.createStatement()) {
                vacuum.execute("VACUUM outbox_event");
            }
            return new PositionPhase(phase, purged);
        }

        /** Writes the position of the newest round whose records, and every earlier round's, the broker acknowledged. */
        private void keepAcknowledgedPosition(ArrayDeque<SentRound> unacknowledged) throws SQLException {
            long acknowledged = -1;
            while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().acknowledged()) {
                acknowledged = unacknowledged.pollFirst().position();
            }
            if (acknowledged >= 0) {
                keepPosition.setLong(1, acknowledged);
                keepPosition.executeUpdate();
            }
        }

        private record SentRound(List<Future<RecordMetadata>> acks, long position) {

            boolean acknowledged() {
                for (Future<RecordMetadata> ack : acks) {
                    if (!ack.isDone()) {
                        return false;
                    }
                }
                return true;
            }
        }

        @Override
        public void close() throws SQLException {
            keepPosition.close();
            purge.close();
            connection.close();
        }
    }

    /** The position reader's phase, and the deletion of the rows it read, untimed by the phase, 10,000 a statement. */
    private record PositionPhase(Phase reading, Phase purge) {
    }

    /** {@code count} records inserted into the bare table, untimed, then the table vacuumed and analysed. */
    private static void fillBareTable(AvroEventCodec codec, DatabaseClient database, int count) {
        database.sql(CREATE_BARE_TABLE)
                .then().block();
        List<SessionCompleted> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event());
        }
        // One parameter a value, as Outbox binds its rows: r2dbc-postgresql leaks a buffer encoding a bytea[] parameter.
        Flux.fromIterable(events).buffer(500).concatMap(chunk -> {
            StringBuilder values = new StringBuilder();
            Map<String, Object> parameters = new HashMap<>();
            for (int i = 0; i < chunk.size(); i++) {
                values.append(i == 0 ? "" : ", ").append("(:topic, :k").append(i).append(", :p").append(i).append("::bytea)");
                parameters.put("k" + i, chunk.get(i).getSessionId().toString());
                parameters.put("p" + i, codec.encode(chunk.get(i)));
            }
            parameters.put("topic", Topic.BOOKING_SESSION.topicName());
            return database.sql("INSERT INTO bench_bare_outbox (topic, message_key, payload) VALUES " + values).bindValues(parameters).then();
        }).blockLast();
        database.sql("VACUUM ANALYZE bench_bare_outbox").then().block();
    }

    /** A timed phase: events per second, and the CPU the JVM and Postgres used meanwhile over {@code nanos} of wall time. */
    private record Phase(double rate, CpuTime cpu, long nanos) {

        /** CPU per event, less what the background (the neighbour service) would have used in as long. */
        CpuPerEvent cpuPerEvent(CpuTime background, long backgroundNanos, int events) {
            double share = (double) nanos / backgroundNanos;
            return new CpuPerEvent(Math.max(0, cpu.jvm() - background.jvm() * share) / 1_000.0 / events,
                    Math.max(0, cpu.postgres() - background.postgres() * share) / 1_000.0 / events);
        }
    }

    /** Microseconds of CPU per event in this JVM (broker included) and in Postgres. */
    private record CpuPerEvent(double jvm, double postgres) {

        double total() {
            return jvm + postgres;
        }
    }

    /**
     * Rows are committed while the relay is stopped, 500 a transaction (timed as the append rate), then timed from relay
     * start until its counter of published rows says all are (each acknowledged, and the position written past it).
     */
    private static Relayed relayed(Outbox outbox, OutboxRelay relay, TransactionalOperator transactions, Counter published, int count) {
        relay.stop();
        List<SessionCompleted> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event());
        }
        long appendStart = System.nanoTime();
        Flux.fromIterable(events).buffer(500)
                .concatMap(chunk -> transactions.transactional(Flux.fromIterable(chunk)
                        .concatMap(event -> outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event)).then()))
                .blockLast();
        double appendRate = count / seconds(appendStart);
        double target = published.count() + count;
        CpuTime cpuBefore = CpuTime.now();
        long start = System.nanoTime();
        relay.start();
        // Watched in memory, on this thread: polling the database for the end cost the driver's event loops 0.14 us an
        // event, and asking outbox_unpublished made Postgres scan a table not yet analysed.
        await().atMost(Duration.ofMinutes(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).pollInSameThread()
                .until(() -> published.count() >= target);
        return new Relayed(appendRate, new Phase(count / seconds(start), CpuTime.now().minus(cpuBefore), System.nanoTime() - start));
    }

    private record Relayed(double appendRate, Phase relay) {
    }

    /**
     * Commits {@code samples} single-event transactions {@link #SAMPLE_SPACING} apart, after {@link #WARM_UP_COMMITS} the consumer
     * received first, and waits until it received each.
     *
     * @return per event, in milliseconds: from the start of its transaction until the broker acknowledged it, and from the
     *         return of its commit until the broker acknowledged it and until the consumer received it (0 when that came first)
     */
    private static Latencies commitToConsumable(Outbox outbox, TransactionalOperator transactions, AvroEventCodec codec,
            String brokers, int samples) throws InterruptedException {
        Map<UUID, Long> startedAt = new ConcurrentHashMap<>();
        Map<UUID, Long> committedAt = new ConcurrentHashMap<>();
        Map<UUID, ReceivedRecord> received = new ConcurrentHashMap<>();
        Set<UUID> warmUp = ConcurrentHashMap.newKeySet();
        CountDownLatch warmedUp = new CountDownLatch(WARM_UP_COMMITS);
        AcknowledgementTimes.recording = true;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                // The listeners' fetch wait: the broker answers a waiting fetch when a record arrives, whatever the wait.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaDefaultsAutoConfiguration.IDLE_FETCH_WAIT_MILLIS),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.BOOKING_SESSION.topicName()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            Thread reader = Thread.ofPlatform().start(() -> {
                while (received.size() < samples && !Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                        long now = System.nanoTime();
                        UUID eventId = EventMetadata.eventId(codec.decode(record.value()));
                        if (warmUp.remove(eventId)) {
                            warmedUp.countDown();
                        } else if (startedAt.containsKey(eventId)) {
                            received.put(eventId, new ReceivedRecord(now, record.topic(), record.partition(), record.offset()));
                        }
                    }
                }
            });
            // The consumer's first fetches after seeking lag by a few hundred milliseconds; the samples start once it has caught up.
            for (int i = 0; i < WARM_UP_COMMITS; i++) {
                SessionCompleted event = event();
                warmUp.add(event.getEventId());
                commit(outbox, transactions, event);
                Thread.sleep(SAMPLE_SPACING);
            }
            if (!warmedUp.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the consumer received " + (WARM_UP_COMMITS - warmedUp.getCount()) + " of " + WARM_UP_COMMITS + " warm-up events");
            }
            for (int i = 0; i < samples; i++) {
                SessionCompleted event = event();
                startedAt.put(event.getEventId(), System.nanoTime());
                commit(outbox, transactions, event);
                committedAt.put(event.getEventId(), System.nanoTime());
                Thread.sleep(SAMPLE_SPACING);
            }
            reader.join(Duration.ofSeconds(60));
        } finally {
            AcknowledgementTimes.recording = false;
        }
        // Computed afterwards: the consumer can receive a record before the producer has processed the broker's
        // acknowledgement, and both before this thread sees its commit return.
        List<Long> transactionToAcknowledged = new ArrayList<>();
        List<Long> commitToAcknowledged = new ArrayList<>();
        List<Long> commitToReceived = new ArrayList<>();
        received.forEach((eventId, record) -> {
            long committed = committedAt.get(eventId);
            commitToReceived.add(Math.max(0, record.receivedAt() - committed) / 1_000_000);
            Long acknowledged = AcknowledgementTimes.at(record.topic(), record.partition(), record.offset());
            if (acknowledged != null) {
                transactionToAcknowledged.add((acknowledged - startedAt.get(eventId)) / 1_000_000);
                commitToAcknowledged.add(Math.max(0, acknowledged - committed) / 1_000_000);
            }
        });
        return new Latencies(transactionToAcknowledged, commitToAcknowledged, commitToReceived);
    }

    private record ReceivedRecord(long receivedAt, String topic, int partition, long offset) {
    }

    private record Latencies(List<Long> transactionToAcknowledged, List<Long> commitToAcknowledged, List<Long> commitToReceived) {
    }

    /**
     * Producer interceptor of both services: when the broker acknowledged each record, by topic, partition and
     * offset, while {@link #recording}. Runs on the producer's network thread as the acknowledgement is processed.
     */
    public static final class AcknowledgementTimes implements ProducerInterceptor<Object, Object> {

        static volatile boolean recording;
        private static final Map<String, Long> TIMES = new ConcurrentHashMap<>();

        static Long at(String topic, int partition, long offset) {
            return TIMES.get(topic + "-" + partition + "@" + offset);
        }

        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            if (recording && exception == null && metadata.hasOffset()) {
                TIMES.put(metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset(), System.nanoTime());
            }
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    /** Appends {@code event} in a transaction of its own and waits for its commit. */
    private static void commit(Outbox outbox, TransactionalOperator transactions, SessionCompleted event) {
        transactions.transactional(outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event)).block();
    }

    static SessionCompleted event() {
        return SessionCompleted.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setConsultantId(UUID.randomUUID()).setSessionId(UUID.randomUUID()).build();
    }

    private static void printRates(String label, List<Double> rates) {
        System.out.printf("  %s: %,10.0f events/s median (%,.0f-%,.0f)%n", label, median(rates), Collections.min(rates), Collections.max(rates));
    }

    private static void printRatios(String label, List<Double> ratios) {
        System.out.printf("  %s: %.2f x median (%.2f-%.2f)%n", label, median(ratios), Collections.min(ratios), Collections.max(ratios));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The 1, 5 and 15 minute load averages; the machine may be shared, so each run says how busy it was. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String summary(List<Long> millis) {
        return String.format("p50 %d ms, p90 %d ms, p99 %d ms, max %d ms over %d single-event commits",
                percentile(millis, 50), percentile(millis, 90), percentile(millis, 99), Collections.max(millis), millis.size());
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * CPU time used so far, in nanoseconds, by this JVM (the broker runs in it) and by the embedded Postgres cluster: its
     * postmaster with the children it has reaped, and its live backends. Linux only; read from /proc in clock ticks.
     */
    /** Another service committing single-event transactions to its own outbox on the same Postgres, with its relay running. */
    private static final class NeighbourLoad implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong committed = new AtomicLong();
        private final List<Thread> writers = new ArrayList<>();

        NeighbourLoad(ConfigurableApplicationContext neighbour) {
            Outbox outbox = neighbour.getBean(Outbox.class);
            TransactionalOperator transactions = neighbour.getBean(TransactionalOperator.class);
            for (int i = 0; i < NEIGHBOUR_WRITERS; i++) {
                writers.add(Thread.ofPlatform().daemon().name("neighbour-" + i).start(() -> {
                    while (running.get()) {
                        SessionCompleted event = event();
                        commit(outbox, transactions, event);
                        committed.incrementAndGet();
                        try {
                            Thread.sleep(NEIGHBOUR_PAUSE);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
        }

        long committed() {
            return committed.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread writer : writers) {
                writer.join(Duration.ofSeconds(10));
            }
        }
    }
}
