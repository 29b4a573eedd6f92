package com.nakksha.local.kafka;

import com.nakksha.local.process.JavaRuntime;
import com.nakksha.local.process.ManagedProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller, one node) run as its own JVM from
 * the Kafka jars on the launcher's class path. Its storage is formatted once; later starts reuse it.
 */
public final class KafkaBroker {

    public static final int PORT = 9092;
    public static final int CONTROLLER_PORT = 9093;
    public static final String BOOTSTRAP_SERVERS = "localhost:" + PORT;

    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn");

    private final Path kafkaDir;
    private final Path logFile;
    private final JavaRuntime java;

    public KafkaBroker(Path kafkaDir, Path logFile, JavaRuntime java) {
        this.kafkaDir = kafkaDir;
        this.logFile = logFile;
        this.java = java;
    }

    /** Starts the broker process without waiting for it: Postgres comes up meanwhile. */
    public ManagedProcess start() throws IOException {
        Files.createDirectories(kafkaDir);
        Path config = writeConfig();
        if (!Files.exists(logDirs().resolve("meta.properties"))) {
            format(config);
        }
        return ManagedProcess.start("kafka", command("kafka.Kafka", config.toString()), Map.of(), kafkaDir, logFile);
    }

    /** Waits until the broker answers an admin request, or fails if the process dies or time runs out. */
    public void awaitReady(ManagedProcess broker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminConfig())) {
            while (true) {
                if (!broker.isAlive()) {
                    throw new BrokerFailed("Kafka exited with code " + broker.exitCode().orElse(-1) + " while starting");
                }
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new BrokerFailed("Kafka did not answer on " + BOOTSTRAP_SERVERS + " within " + timeout.toSeconds() + " s");
                    }
                    sleep(Duration.ofMillis(300));
                }
            }
        }
    }

    /** Thrown when the broker cannot be formatted or does not come up; the broker log says why. */
    public static class BrokerFailed extends RuntimeException {
        BrokerFailed(String message) {
            super(message);
        }
    }

    public static Properties adminConfig() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP_SERVERS);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return config;
    }

    private Path logDirs() {
        return kafkaDir.resolve("logs");
    }

    private Path writeConfig() throws IOException {
        // Rewritten on every start so changes here reach existing data dirs; the cluster id lives in meta.properties.
        String config = """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@localhost:%2$d
                listeners=PLAINTEXT://localhost:%1$d,CONTROLLER://localhost:%2$d
                advertised.listeners=PLAINTEXT://localhost:%1$d
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=10
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=10
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                # Every topic comes from the registry in schemas; a typo in a topic name fails loudly.
                auto.create.topics.enable=false
                log.retention.hours=-1
                log.segment.bytes=16777216
                """.formatted(PORT, CONTROLLER_PORT, logDirs());
        Path file = kafkaDir.resolve("server.properties");
        Files.writeString(file, config);
        return file;
    }

    private void format(Path config) throws IOException {
        String clusterId = Uuid.randomUuid().toString();
        ManagedProcess format = ManagedProcess.start("kafka-format",
                command("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()),
                Map.of(), kafkaDir, logFile.resolveSibling("kafka-format.log"));
        if (!format.awaitExit(Duration.ofSeconds(60)) || format.exitCode().orElse(-1) != 0) {
            format.kill();
            throw new BrokerFailed("formatting Kafka storage in " + logDirs() + " failed: "
                    + String.join(" / ", format.logTail(5)));
        }
    }

    private List<String> command(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java.executable().toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(java.launcherClassPath());
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerFailed("interrupted while waiting for Kafka");
        }
    }
}
