package com.nakksha.local;

import com.nakksha.local.kafka.LocalKafka;
import com.nakksha.local.process.Port;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The stack listens on fixed ports, so test classes that start it take turns with every other run on
 * the machine: they hold {@code /tmp/nakksha-stack.lock} through flock(1), the lock deploy/bench holds
 * too, and then wait until the ports are free. Without flock (macOS) only the port wait remains.
 * {@link SharedStack} takes its turn through {@link #take()} and holds it until the stack stops.
 */
public class StackTurn implements BeforeAllCallback, AfterAllCallback {

    private static final String LOCK_FILE = "/tmp/nakksha-stack.lock";
    private static final Duration WAIT = Duration.ofMinutes(30);

    private Held held;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        held = take();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (held != null) {
            held.close();
        }
    }

    /** A turn on the stack's ports, until {@link #close()}. */
    public static final class Held implements AutoCloseable {

        private final Process lockHolder;

        private Held(Process lockHolder) {
            this.lockHolder = lockHolder;
        }

        @Override
        public void close() {
            if (lockHolder != null) {
                lockHolder.destroy();
                lockHolder.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(ignored -> null).join();
            }
        }
    }

    /**
     * Waits (up to 30 minutes) for the lock and then for every stack port to be free.
     *
     * @throws IllegalStateException when the lock cannot be taken or the ports stay busy
     */
    public static Held take() throws Exception {
        Process lockHolder = null;
        if (onPath("flock")) {
            lockHolder = new ProcessBuilder("flock", LOCK_FILE, "-c", "echo locked; exec cat")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            BufferedReader output = new BufferedReader(new InputStreamReader(lockHolder.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readLine(output)).get(WAIT.toMinutes(), TimeUnit.MINUTES);
            if (!"locked".equals(line)) {
                lockHolder.destroy();
                throw new IllegalStateException("could not take " + LOCK_FILE);
            }
        }
        Held held = new Held(lockHolder);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!stackPorts().stream().allMatch(Port::isFree)) {
            if (System.nanoTime() > deadline) {
                held.close();
                throw new IllegalStateException("the stack's ports stayed busy for " + WAIT.toMinutes() + " minutes");
            }
            Thread.sleep(2000);
        }
        return held;
    }

    /** Every fixed port the stack listens on. */
    public static List<Port> stackPorts() {
        List<Port> ports = new ArrayList<>(List.of(new Port(LocalStack.POSTGRES_PORT, "Postgres"),
                new Port(LocalKafka.PORT, "Kafka"), new Port(LocalKafka.CONTROLLER_PORT, "Kafka controller")));
        for (PlatformService service : PlatformService.values()) {
            ports.add(new Port(service.port(), service.module()));
        }
        return ports;
    }

    private static String readLine(BufferedReader output) {
        try {
            return output.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
