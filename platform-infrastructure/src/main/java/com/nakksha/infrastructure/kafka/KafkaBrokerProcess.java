package com.nakksha.infrastructure.kafka;

import com.nakksha.infrastructure.process.FreePorts;
import com.nakksha.infrastructure.process.JavaRuntime;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller, one node) run as its own JVM from
 * the Kafka jars on the given class path, so it can be stopped, killed and started again on the same
 * data directory. The storage is formatted on the first start only; the configuration is rewritten on
 * every start so changes here reach existing data directories. Used by the local launcher (fixed
 * ports, a data directory that outlives it) and by tests that take the broker away (free ports, a
 * temporary directory).
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    /** How long {@link #start()} waits for the broker to answer; a cold JVM on a busy machine needs most of it. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** A single unreplicated broker keeps only what it flushed, so it gets time to shut down cleanly. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);

    // A broker whose heap runs out exits, so that the launcher restarts it instead of keeping a broker whose threads died.
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms16m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn");

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final Path logFile;
    private final JavaRuntime java;
    private Process process;

    /**
     * A broker on {@code directory} listening on {@code localhost:port} (clients) and
     * {@code controllerPort}; nothing runs until {@link #launch()} or {@link #start()}.
     *
     * @param logFile where the broker's output is appended, across restarts
     */
    public KafkaBrokerProcess(Path directory, int port, int controllerPort, Path logFile, JavaRuntime java) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.logFile = logFile;
        this.java = java;
    }

    /** A broker in a new temporary directory on two free ports, run with this JVM's runtime and class path; not started. */
    public static KafkaBrokerProcess temporary() {
        try {
            Path directory = Files.createTempDirectory("nakksha-kafka");
            int[] ports = FreePorts.distinct(2);
            return new KafkaBrokerProcess(directory, ports[0], ports[1], directory.resolve("broker.log"), JavaRuntime.current());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Starts the broker and waits until it answers, then creates the registry's topics it lacks.
     *
     * @return the topics it had to create
     * @throws BrokerFailed when the broker exits or does not answer within {@link #START_TIMEOUT}
     */
    public List<String> start() {
        launch();
        awaitReady(START_TIMEOUT);
        return createMissingTopics();
    }

    /**
     * Starts the broker process without waiting for it (the launcher starts Postgres meanwhile);
     * formats the storage first when the directory has none.
     *
     * @throws IllegalStateException when the broker already runs
     * @throws BrokerFailed when formatting fails or the JVM cannot be started
     */
    public synchronized void launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Kafka already runs as pid " + process.pid());
        }
        try {
            Files.createDirectories(directory);
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Path config = writeConfig();
            if (!Files.exists(logDirs().resolve("meta.properties"))) {
                format(config);
            }
            process = startJava(logFile, "kafka.Kafka", config.toString());
        } catch (IOException e) {
            throw new BrokerFailed("could not start Kafka in " + directory + ": " + e.getMessage());
        }
    }

    /**
     * Waits until the broker answers an admin request.
     *
     * @throws BrokerFailed when the process exits meanwhile or time runs out
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminConfig())) {
            while (true) {
                if (!isAlive()) {
                    throw new BrokerFailed("Kafka exited with code " + exitCode().orElse(-1) + " while starting (log: " + logFile + ")");
                }
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new BrokerFailed("Kafka did not answer on " + bootstrapServers() + " within "
                                + timeout.toSeconds() + " s (log: " + logFile + ")");
                    }
                    pause(Duration.ofMillis(300));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BrokerFailed("interrupted while waiting for Kafka");
                }
            }
        }
    }

    /**
     * Creates every registry topic and dead-letter topic the broker lacks ({@link PlatformTopics}).
     *
     * @return the topics it had to create
     * @throws BrokerFailed when the broker does not answer
     */
    public List<String> createMissingTopics() {
        try (Admin admin = Admin.create(adminConfig())) {
            return PlatformTopics.createMissing(admin);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerFailed("could not create the Kafka topics on " + bootstrapServers() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerFailed("interrupted while creating the Kafka topics");
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The exit code once the process has ended; empty while it runs or before it was started. */
    public synchronized OptionalInt exitCode() {
        return process == null || process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** The running (or last) broker process. */
    public synchronized Optional<ProcessHandle> handle() {
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    /**
     * SIGTERM, then SIGKILL after {@code grace}; returns once the client port is closed (at most 30 s more).
     *
     * @throws BrokerFailed when the port is still open 30 s after the process ended
     */
    public void stop(Duration grace) {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running != null && running.isAlive()) {
            running.destroy();
            if (!waitFor(running, grace)) {
                running.destroyForcibly();
                waitFor(running, Duration.ofSeconds(10));
            }
            awaitPortClosed(Duration.ofSeconds(30));
        }
    }

    /** {@link #stop(Duration)} with {@link #STOP_GRACE}. */
    public void stop() {
        stop(STOP_GRACE);
    }

    /** SIGKILL, as a crash would; waits until the process is gone. */
    public void kill() {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running != null) {
            running.destroyForcibly();
            waitFor(running, Duration.ofSeconds(10));
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** {@link #adminConfig(String)} for this broker. */
    public Properties adminConfig() {
        return adminConfig(bootstrapServers());
    }

    /** Admin client settings that give up quickly (3 s per request, 5 s per call), for callers that poll a broker. */
    public static Properties adminConfig(String bootstrapServers) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return config;
    }

    /** Thrown when the broker cannot be formatted, started or reached; the message names its log. */
    public static class BrokerFailed extends RuntimeException {
        BrokerFailed(String message) {
            super(message);
        }
    }

    private Path logDirs() {
        return directory.resolve("logs");
    }

    private Path writeConfig() throws IOException {
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
                num.partitions=%4$d
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
                # After a crash the broker serves again only once its previous incarnation's session ran out (9 s by
                # default); its controller runs in this process, so heartbeats stop only when the whole process does.
                broker.heartbeat.interval.ms=500
                broker.session.timeout.ms=3000
                # Every topic comes from the registry in schemas (PlatformTopics); a typo in a topic name fails loudly.
                auto.create.topics.enable=false
                log.retention.hours=-1
                log.segment.bytes=16777216
                """.formatted(port, controllerPort, logDirs(), PlatformTopics.PARTITIONS);
        Path file = directory.resolve("server.properties");
        Files.writeString(file, config);
        // Under a logback class path (tests) the broker would log at DEBUG; the launcher's slf4j-simple ignores this.
        Files.writeString(directory.resolve("logback.xml"), """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="out"/></root>
                </configuration>
                """);
        return file;
    }

    private void format(Path config) throws IOException {
        Path formatLog = logFile.resolveSibling(logFile.getFileName().toString().replaceFirst("\\.log$", "") + "-format.log");
        Process formatter = startJava(formatLog, "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", config.toString());
        if (!waitFor(formatter, Duration.ofSeconds(60)) || formatter.exitValue() != 0) {
            formatter.destroyForcibly();
            throw new BrokerFailed("formatting Kafka storage in " + logDirs() + " failed, see " + formatLog);
        }
    }

    private Process startJava(Path output, String mainClass, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.executable().toString());
        command.addAll(JVM_OPTIONS);
        command.add("-Dlogback.configurationFile=" + directory.resolve("logback.xml"));
        command.add("-cp");
        command.add(java.launcherClassPath());
        command.add(mainClass);
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    private void awaitPortClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isPortOpen()) {
            if (System.nanoTime() > deadline) {
                throw new BrokerFailed("Kafka port " + port + " still open " + timeout.toSeconds() + " s after the broker stopped");
            }
            pause(Duration.ofMillis(100));
        }
    }

    private boolean isPortOpen() {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerFailed("interrupted while waiting for Kafka");
        }
    }
}
