package com.nakksha.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real Kafka broker (KRaft, broker and controller in one) in its own JVM, with a data directory
 * that outlives the process, so a test can take the broker away and bring the same cluster back.
 */
public final class KafkaServerProcess implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaServerProcess(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public static KafkaServerProcess formatAndStart() {
        try {
            Path directory = Files.createTempDirectory("nakksha-kafka");
            KafkaServerProcess server = new KafkaServerProcess(directory, freePort(), freePort());
            server.writeConfiguration();
            server.format();
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public synchronized void start() {
        process = java("kafka.Kafka", directory.resolve("server.properties").toString()).startProcess("broker.log");
        awaitPort(true, Duration.ofSeconds(60));
    }

    /**
     * Stops the broker, so clients see it gone. A single unreplicated broker only keeps what it
     * flushed, so it is asked to shut down cleanly first and killed only if it does not.
     */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        awaitPort(false, Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        stop();
    }

    private void writeConfiguration() throws IOException {
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + directory.resolve("logs"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
        Files.writeString(directory.resolve("server.properties"), properties);
        Files.writeString(directory.resolve("logback.xml"), """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="out"/></root>
                </configuration>
                """);
    }

    private void format() {
        Process formatter = java("kafka.tools.StorageTool", "format", "-t", UUID.randomUUID().toString(),
                "-c", directory.resolve("server.properties").toString()).startProcess("format.log");
        try {
            if (formatter.waitFor() != 0) {
                throw new IllegalStateException("kafka storage format failed, see " + directory.resolve("format.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Launch java(String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + directory.resolve("logback.xml"),
                "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(arguments));
        return new Launch(command, directory);
    }

    private void awaitPort(boolean open, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (isOpen() == open) {
                return;
            }
            if (open && process != null && !process.isAlive()) {
                throw new IllegalStateException("kafka exited, see " + directory.resolve("broker.log"));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("kafka port " + port + " did not become " + (open ? "open" : "closed"));
    }

    private boolean isOpen() {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Launch(List<String> command, Path directory) {
        Process startProcess(String logName) {
            try {
                Path log = directory.resolve(logName);
                return new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
