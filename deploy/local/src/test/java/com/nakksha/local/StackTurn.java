package com.nakksha.local;

import com.nakksha.local.kafka.LocalKafka;
import com.nakksha.local.process.Port;
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
 * The stack listens on fixed ports, so a test run that starts it takes turns with every other run on the
 * machine: it holds {@code /tmp/nakksha-stack.lock} through flock(1), the lock deploy/bench holds too, and
 * then waits until the ports are free. Without flock (macOS) only the port wait remains. The turn is the
 * JVM's: the first class that needs it takes it, later ones (and {@link SharedStack}) find it held, and it is
 * given back when the run ends, so no other run slips in between two classes of this one.
 */
public class StackTurn implements BeforeAllCallback {

    private static final String LOCK_FILE = "/tmp/nakksha-stack.lock";
    private static final Duration WAIT = Duration.ofMinutes(30);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackTurn.class);

    /** The flock(1) process holding the lock for this JVM; null before the first turn, after the run, or without flock. */
    private static Process lockHolder;
    private static boolean held;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        take(context);
    }

    /**
     * Takes this JVM's turn unless it holds it already (waiting up to 30 minutes for the lock), gives it back
     * when the run ends, and waits (up to 30 minutes) until every stack port is free.
     *
     * @throws IllegalStateException when the lock cannot be taken or the ports stay busy
     */
    public static void take(ExtensionContext context) throws Exception {
        lock();
        context.getRoot().getStore(NAMESPACE).computeIfAbsent(Release.class, ignored -> new Release(), Release.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!stackPorts().stream().allMatch(Port::isFree)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the stack's ports stayed busy for " + WAIT.toMinutes() + " minutes");
            }
            Thread.sleep(2000);
        }
    }

    private static synchronized void lock() throws Exception {
        if (held) {
            return;
        }
        if (onPath("flock")) {
            Process holder = new ProcessBuilder("flock", LOCK_FILE, "-c", "echo locked; exec cat")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readLine(output)).get(WAIT.toMinutes(), TimeUnit.MINUTES);
            if (!"locked".equals(line)) {
                holder.destroy();
                throw new IllegalStateException("could not take " + LOCK_FILE);
            }
            lockHolder = holder;
        }
        held = true;
    }

    private static synchronized void release() {
        if (lockHolder != null) {
            lockHolder.destroy();
            lockHolder.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(ignored -> null).join();
            lockHolder = null;
        }
        held = false;
    }

    /** Closed by JUnit when the run ends, after whatever the classes registered later (the shared stack) is closed. */
    private static final class Release implements AutoCloseable {
        @Override
        public void close() {
            release();
        }
    }

    /** Every fixed port the stack listens on. */
    public static List<Port> stackPorts() {
        List<Port> ports = new ArrayList<>(List.of(new Port(LocalStack.POSTGRES_PORT, "Postgres"),
                new Port(LocalKafka.PORT, "Kafka"), new Port(LocalKafka.CONTROLLER_PORT, "Kafka controller")));
        for (PlatformService service : PlatformService.values()) {
            ports.add(new Port(service.port(), service.module()));
            if (service.managementPort() != service.port()) {
                ports.add(new Port(service.managementPort(), service.module() + " management"));
            }
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
