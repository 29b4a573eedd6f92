package com.nakksha.defaults.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nakksha.defaults.it.ServiceInstances;
import com.nakksha.testsupport.TestInfrastructure;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * What one statement round trip costs the JVM and Postgres through the services' R2DBC stack (Spring's
 * {@link DatabaseClient} over r2dbc-pool and r2dbc-postgresql, with service-defaults' settings), through the same pool
 * and driver without Spring's layer, and through pgjdbc, in the same run, in turns, 16 statements in flight on each.
 * The statement is a parameterised read of one row of four columns (a uuid, two texts, a timestamptz: the shape of a
 * booking's answers) that touches no table, so Postgres does the same small work each way and the difference is the
 * drivers' and the layers above them. Every path is compiled by the JIT during the early rounds; the summary takes the
 * later half. Issue 15 asks where a booking's CPU goes: a booking makes
 * nine round trips in booking-service (its five statements, the transaction's begin and commit, the relay's claim and
 * settle), so this says how much of its CPU the database driver can account for.
 * Run: {@code mvn -B -pl service-defaults -am -Pbenchmark verify -DskipTests
 * -Dbenchmark.main=com.nakksha.defaults.benchmark.DriverRoundTripBenchmark}. Not a test: prints numbers.
 */
public final class DriverRoundTripBenchmark {

    private static final int STATEMENTS = Integer.getInteger("statements", 20_000);
    private static final int ROUNDS = Integer.getInteger("rounds", 12);
    private static final int IN_FLIGHT = 16;
    private static final String STATEMENT = """
            SELECT id, status, starts_at, client_email
            FROM (VALUES (%s::uuid, 'PENDING_PAYMENT'::text, now(), %s::text)) AS answer (id, status, starts_at, client_email)""";

    public static void main(String[] args) throws Exception {
        try (ConfigurableApplicationContext context = ServiceInstances.start("roundtripbench", TestInfrastructure.kafka().getBrokersAsString(),
                Map.of("logging.level.root", "WARN"))) {
            DatabaseClient database = context.getBean(DatabaseClient.class);
            ConnectionFactory pool = context.getBean(ConnectionFactory.class);
            List<Cost> r2dbc = new ArrayList<>();
            List<Cost> driver = new ArrayList<>();
            List<Cost> jdbc = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                Cost viaR2dbc = throughDatabaseClient(database);
                Cost viaDriver = throughR2dbcDriver(pool);
                Cost viaJdbc = throughJdbc(context);
                r2dbc.add(viaR2dbc);
                driver.add(viaDriver);
                jdbc.add(viaJdbc);
                System.out.printf("  round %d: DatabaseClient %s; R2DBC driver alone %s; pgjdbc %s%n", round, viaR2dbc, viaDriver, viaJdbc);
            }
            System.out.printf("%nStatement round trips (%,d a round, %d in flight, rounds %d-%d of %d; median (min-max)), JVM / Postgres CPU a statement%n",
                    STATEMENTS, IN_FLIGHT, ROUNDS / 2 + 1, ROUNDS, ROUNDS);
            printWarm("DatabaseClient (the services')", r2dbc);
            printWarm("R2DBC pool and driver alone   ", driver);
            printWarm("pgjdbc                        ", jdbc);
        }
        System.exit(0);
    }

    private static void printWarm(String label, List<Cost> rounds) {
        List<Cost> warm = rounds.subList(ROUNDS / 2, ROUNDS);
        System.out.printf("  %s: %s us / %s us%n", label, spread(warm.stream().map(Cost::jvmMicros).toList()),
                spread(warm.stream().map(Cost::postgresMicros).toList()));
    }

    private static Cost throughDatabaseClient(DatabaseClient database) {
        CpuTime before = CpuTime.now();
        long start = System.nanoTime();
        long answered = Flux.range(0, STATEMENTS)
                .flatMap(i -> database.sql(STATEMENT.formatted(":id", ":email"))
                        .bind("id", UUID.randomUUID())
                        .bind("email", "client." + i + "@example.in")
                        .map(row -> row.get("id", UUID.class).hashCode() + row.get("status", String.class).length()
                                + row.get("starts_at", OffsetDateTime.class).getNano() + row.get("client_email", String.class).length())
                        .one(), IN_FLIGHT)
                .count().block();
        return Cost.of(answered, CpuTime.now().minus(before), System.nanoTime() - start);
    }

    /** The same statements on the services' pool and driver, without Spring's layer: positional parameters, no named ones to expand. */
    private static Cost throughR2dbcDriver(ConnectionFactory pool) {
        CpuTime before = CpuTime.now();
        long start = System.nanoTime();
        long answered = Flux.range(0, STATEMENTS)
                .flatMap(i -> Flux.usingWhen(pool.create(),
                        connection -> Flux.from(connection.createStatement(STATEMENT.formatted("$1", "$2"))
                                        .bind(0, UUID.randomUUID())
                                        .bind(1, "client." + i + "@example.in")
                                        .execute())
                                .flatMap(result -> result.map((row, metadata) -> row.get("id", UUID.class).hashCode()
                                        + row.get("status", String.class).length() + row.get("starts_at", OffsetDateTime.class).getNano()
                                        + row.get("client_email", String.class).length())),
                        connection -> connection.close()), IN_FLIGHT)
                .count().block();
        return Cost.of(answered, CpuTime.now().minus(before), System.nanoTime() - start);
    }

    /** One connection and one prepared statement a thread, opened before the clock starts, as a pool would hold them. */
    private static Cost throughJdbc(ConfigurableApplicationContext context) throws Exception {
        List<Connection> connections = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(IN_FLIGHT);
        try {
            for (int i = 0; i < IN_FLIGHT; i++) {
                connections.add(ServiceInstances.jdbcConnection(context));
            }
            CpuTime before = CpuTime.now();
            long start = System.nanoTime();
            List<Future<Long>> answered = new ArrayList<>();
            for (int t = 0; t < IN_FLIGHT; t++) {
                Connection connection = connections.get(t);
                int thread = t;
                answered.add(threads.submit(() -> {
                    long rows = 0;
                    try (PreparedStatement statement = connection.prepareStatement(STATEMENT.formatted("?", "?"))) {
                        for (int i = 0; i < STATEMENTS / IN_FLIGHT + (thread < STATEMENTS % IN_FLIGHT ? 1 : 0); i++) {
                            statement.setObject(1, UUID.randomUUID());
                            statement.setString(2, "client." + i + "@example.in");
                            try (ResultSet row = statement.executeQuery()) {
                                if (row.next() && row.getObject(1, UUID.class) != null && row.getString(2) != null
                                        && row.getObject(3, OffsetDateTime.class) != null && row.getString(4) != null) {
                                    rows++;
                                }
                            }
                        }
                    }
                    return rows;
                }));
            }
            long rows = 0;
            for (Future<Long> thread : answered) {
                rows += thread.get();
            }
            return Cost.of(rows, CpuTime.now().minus(before), System.nanoTime() - start);
        } finally {
            threads.shutdown();
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    private static String spread(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("%.1f (%.1f-%.1f)", sorted.get(sorted.size() / 2), sorted.getFirst(), sorted.getLast());
    }

    /** Statements a second, and microseconds of CPU a statement in this JVM and in Postgres. */
    private record Cost(double rate, double jvmMicros, double postgresMicros) {

        static Cost of(long statements, CpuTime used, long nanos) {
            if (statements != STATEMENTS) {
                throw new IllegalStateException(statements + " of " + STATEMENTS + " statements answered");
            }
            return new Cost(statements / (nanos / 1e9), used.jvm() / 1000.0 / statements, used.postgres() / 1000.0 / statements);
        }

        @Override
        public String toString() {
            return String.format("%,.0f statements/s, JVM %.1f us, Postgres %.1f us a statement", rate, jvmMicros, postgresMicros);
        }
    }
}
