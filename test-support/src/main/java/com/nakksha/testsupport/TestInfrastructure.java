package com.nakksha.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.nakksha.infrastructure.kafka.KafkaBrokerProcess;
import com.nakksha.infrastructure.kafka.PlatformTopics;
import com.nakksha.infrastructure.postgres.DatabaseProvisioner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import org.springframework.boot.SpringApplication;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Postgres and one real KRaft Kafka broker per test JVM, started on first use and stopped
 * when the JVM exits. Services get their own role and schema, as in production.
 */
public final class TestInfrastructure {

    public static final String DATABASE = DatabaseProvisioner.PLATFORM_DATABASE;
    private static final String SUPERUSER = "postgres";
    /** Where the machine's template cluster lives under the temporary directory; a new name when initdb's options change. */
    private static final String CLUSTER_TEMPLATE = "nakksha-pg-template-v1";

    private static volatile EmbeddedPostgres postgres;
    /** The cluster directory copied from the template, deleted after Postgres stopped; null when initdb made it. */
    private static volatile Path copiedCluster;
    private static volatile EmbeddedKafkaBroker kafka;
    private static volatile TestJwks jwks;
    private static final Map<String, DatabaseAccess> provisioned = new ConcurrentHashMap<>();

    private TestInfrastructure() {
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = startPostgres();
                try (Connection maintenance = DriverManager.getConnection(serverJdbcUrl("postgres"), SUPERUSER, "")) {
                    DatabaseProvisioner.ensureDatabase(maintenance, DATABASE);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("embedded Postgres did not start", e);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create database " + DATABASE, e);
            }
            EmbeddedPostgres started = postgres;
            stopAfterTheContexts(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // The JVM is exiting; the temporary cluster directory is removed either way.
                }
                if (copiedCluster != null) {
                    deleteTree(copiedCluster);
                }
            });
        }
        return postgres;
    }

    /**
     * A fresh cluster in a directory of its own, copied from a cluster that initdb made once per
     * machine (initdb costs seconds of CPU in every test JVM of a parallel build; a copy costs
     * milliseconds). The copy is deleted when the JVM exits, after Postgres stopped. Without a usable
     * template, initdb runs here as before.
     */
    private static EmbeddedPostgres startPostgres() throws IOException {
        Path template = clusterTemplate();
        if (template != null) {
            Path data = Files.createTempDirectory("nakksha-pg");
            try {
                copyTree(template, data);
                EmbeddedPostgres started = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
                copiedCluster = data;
                return started;
            } catch (IOException | RuntimeException unusable) {
                // A template from other binaries (another major version) or a damaged one does not start:
                // initdb below, and the next JVM makes a new template.
                deleteTree(data);
                deleteTree(template);
            }
        }
        return EmbeddedPostgres.builder().start();
    }

    /** The machine's initdb-made cluster, made now if missing; null when it cannot be made. */
    private static Path clusterTemplate() {
        Path template = Path.of(System.getProperty("java.io.tmpdir"), CLUSTER_TEMPLATE);
        if (Files.isRegularFile(template.resolve("PG_VERSION"))) {
            return template;
        }
        Path staging = null;
        try {
            staging = Files.createTempDirectory("nakksha-pg-template");
            // Started once and stopped cleanly, so the copies start without recovery.
            EmbeddedPostgres.builder().setDataDirectory(staging).setCleanDataDirectory(false).start().close();
            Files.deleteIfExists(staging.resolve("epg-lock"));
            // Parallel test JVMs may race here: the first move wins, the others use its cluster.
            Files.move(staging, template, StandardCopyOption.ATOMIC_MOVE);
            return template;
        } catch (IOException | RuntimeException lost) {
            if (staging != null) {
                deleteTree(staging);
            }
            return Files.isRegularFile(template.resolve("PG_VERSION")) ? template : null;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException failure) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // A temporary directory; the operating system clears what is left.
        }
    }

    public static synchronized EmbeddedKafkaBroker kafka() {
        if (kafka == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PlatformTopics.PARTITIONS);
            // Unlike the launcher's broker, tests may use topics of their own; the platform's come from the registry.
            broker.brokerProperty("auto.create.topics.enable", "true");
            broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
            broker.afterPropertiesSet();
            stopAfterTheContexts(broker::destroy);
            try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
                PlatformTopics.createMissing(admin);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("could not create the platform topics on the test broker", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating the platform topics", e);
            }
            kafka = broker;
        }
        return kafka;
    }

    /**
     * A broker of its own in a separate process, with the platform topics, for a test that stops,
     * kills or restarts it; the caller closes it. Takes 5-15 s to start.
     */
    public static KafkaBrokerProcess separateKafkaBroker() {
        KafkaBrokerProcess broker = KafkaBrokerProcess.temporary();
        broker.start();
        stopAfterTheContexts(broker::kill);
        return broker;
    }

    public static synchronized TestJwks jwks() {
        if (jwks == null) {
            jwks = TestJwks.start();
            TestJwks started = jwks;
            stopAfterTheContexts(started::stop);
        }
        return jwks;
    }

    /** The role and schema named {@code service}, created once per JVM with a fresh password. */
    public static DatabaseAccess provision(String service) {
        return provisioned.computeIfAbsent(service, name -> {
            postgres();
            String password = randomPassword();
            try (Connection superuser = superuserConnection()) {
                DatabaseProvisioner.provision(superuser, name, password);
            } catch (SQLException e) {
                throw new IllegalStateException("could not provision " + name, e);
            }
            int port = postgres.getPort();
            return new DatabaseAccess(
                    "r2dbc:postgresql://localhost:" + port + "/" + DATABASE,
                    "jdbc:postgresql://localhost:" + port + "/" + DATABASE,
                    name, password, name);
        });
    }

    /** A superuser connection to the platform database, for assertions that look across schemas. */
    public static Connection superuserConnection() throws SQLException {
        postgres();
        return DriverManager.getConnection(serverJdbcUrl(DATABASE), SUPERUSER, "");
    }

    private static String serverJdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** How a service reaches its schema: R2DBC for the application, JDBC for Liquibase. */
    public record DatabaseAccess(String r2dbcUrl, String jdbcUrl, String username, String password, String schema) {

        /** The Spring properties that point a service's R2DBC pool and Liquibase at this schema as its own role. */
        public Map<String, Object> springProperties() {
            return Map.of(
                    "spring.r2dbc.url", r2dbcUrl,
                    "spring.r2dbc.username", username,
                    "spring.r2dbc.password", password,
                    "spring.liquibase.url", jdbcUrl,
                    "spring.liquibase.user", username,
                    "spring.liquibase.password", password,
                    "spring.liquibase.default-schema", schema);
        }
    }

    /**
     * Stops a piece of the infrastructure when the JVM exits, after Spring Boot has closed every application context:
     * JVM shutdown hooks run side by side, and a broker stopped while a context was still closing left its listener
     * containers committing offsets to nobody until surefire killed the fork 30 s later (service-defaults, on the
     * build's critical path). Spring Boot runs these actions once its contexts are closed, last added first, one
     * after another, so one that fails must not keep the others from running.
     */
    private static void stopAfterTheContexts(Runnable stop) {
        SpringApplication.getShutdownHandlers().add(() -> {
            try {
                stop.run();
            } catch (RuntimeException e) {
                // Standard error, not a logger: Spring Boot stops the logging system among these same actions.
                System.err.println("test infrastructure did not stop cleanly: " + e);
            }
        });
    }
}
