package com.nakksha.local;

import com.nakksha.local.postgres.PlatformDatabase;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One launcher stack for every test class of a failsafe run that extends with it: the first such class
 * takes the run's turn on the stack's ports ({@link StackTurn}) and starts the stack; later classes find it running.
 * A whole stack costs minutes of nine JVMs starting on a shared machine, so classes share it and keep
 * their data apart (each onboards its own consultant) instead of starting one each. The stack runs without
 * class-data archives ({@code --no-class-data}): it starts once, and writing them would add half a minute to its stop.
 *
 * <p>Class order (deploy/local's failsafe configuration): classes run concurrently, as their journeys mostly wait
 * on the stack; classes that must have it to themselves are {@code @Isolated} and run after all the others, in
 * their {@code @Order}: {@code FaultsIT}, which kills its processes, then the class whose last step stops the stack
 * and checks it leaves nothing behind ({@link #STOPS_THE_STACK}), then classes that need its ports free
 * ({@link #AFTER_THE_STACK}, extended with {@link Stopped}). Whatever is still running when the run ends is
 * stopped then. A class asking for the stack after {@link #stop()} gets a new one.
 *
 * <p>The stack's services export their spans over OTLP to a collector the run owns ({@link #traceExports()});
 * sampling stays at the services' default, so only traces a test starts sampled are sure to be there.
 */
public final class SharedStack implements BeforeAllCallback {

    public static final int STOPS_THE_STACK = Integer.MAX_VALUE - 1;
    public static final int AFTER_THE_STACK = Integer.MAX_VALUE;
    /** Nine JVMs cold-starting at once on two cores that other builds share took longer than 480 s here. */
    private static final String READINESS_TIMEOUT_SECONDS = "900";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);

    private static Running running;
    /** A start that failed fails every later class at once instead of trying again for another 15 minutes. */
    private static RuntimeException failedStart;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start(context);
        // Closed by JUnit when the run ends, after every class: the safety net when no class stopped the stack.
        context.getRoot().getStore(NAMESPACE).computeIfAbsent(Closer.class, ignored -> new Closer(), Closer.class);
    }

    /** The running stack's launcher. */
    public static LocalStack stack() {
        return current().stack;
    }

    /** The stack's data directory: pid file, logs, {@code secrets.properties}. */
    public static Path dataDir() {
        return current().dataDir;
    }

    /** The secrets the launcher made for this stack (database passwords, Razorpay keys, link-token key). */
    public static Properties secrets() {
        return current().secrets;
    }

    /** The platform database of the launcher's Postgres, as JDBC names it. */
    public static String databaseUrl() {
        return "jdbc:postgresql://localhost:" + LocalStack.POSTGRES_PORT + "/" + PlatformDatabase.NAME;
    }

    /**
     * A connection to the platform database as a service's login role, which sees only the service's own schema.
     *
     * @param role a schema name ({@code identity}, {@code payment} ...), whose password the secrets hold
     */
    public static Connection connectAs(String role) throws SQLException {
        return DriverManager.getConnection(databaseUrl(), role, secrets().getProperty(role + ".password"));
    }

    /** Every line the launcher printed since it started. */
    public static List<String> launcherOutput() {
        return current().output;
    }

    /**
     * The bodies of the OTLP/HTTP trace exports the stack's services sent, oldest first: protobuf
     * {@code ExportTraceServiceRequest}s, each from one service.
     */
    public static List<byte[]> traceExports() {
        return current().traces.exports();
    }

    /** Stops the stack; nothing when none runs. The run keeps its turn on the ports until it ends. */
    public static synchronized void stop() {
        if (running != null) {
            try {
                running.stack.stop();
            } finally {
                running.traces.stop();
                running = null;
            }
        }
    }

    private static synchronized void start(ExtensionContext context) throws Exception {
        if (failedStart != null) {
            throw new IllegalStateException("the shared stack failed to start for an earlier class", failedStart);
        }
        if (running != null) {
            return;
        }
        StackTurn.take(context);
        List<String> output = new CopyOnWriteArrayList<>();
        LocalStack stack = null;
        TraceCollector traces = null;
        try {
            Path dataDir = Files.createTempDirectory("nakksha-journeys");
            traces = TraceCollector.start();
            LaunchSettings settings = LaunchSettings.parse(List.of("--data-dir", dataDir.toString(), "--timeout", READINESS_TIMEOUT_SECONDS,
                            "--no-class-data"),
                    Map.of(), Path.of("").toAbsolutePath())
                    .withServiceEnvironment(Map.of("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", traces.endpoint()));
            stack = new LocalStack(settings, line -> {
                output.add(line);
                System.out.println(line);
            });
            stack.start();
            running = new Running(stack, dataDir, secrets(dataDir), output, traces);
        } catch (RuntimeException | IOException | Error e) {
            // An Error too (an assertion, an OutOfMemoryError): a half-started stack left running would hold the ports.
            if (stack != null) {
                stack.stop();
            }
            if (traces != null) {
                traces.stop();
            }
            failedStart = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            throw e;
        }
    }

    private static synchronized Running current() {
        if (running == null) {
            throw new IllegalStateException("no shared stack runs: extend the test class with SharedStack");
        }
        return running;
    }

    private static Properties secrets(Path dataDir) throws IOException {
        Properties secrets = new Properties();
        try (Reader reader = Files.newBufferedReader(dataDir.resolve("secrets.properties"))) {
            secrets.load(reader);
        }
        return secrets;
    }

    /**
     * For a class that needs the stack's ports free: stops the shared stack if a class before it left it running
     * (the class that stops it failed before its last step), then takes the run's turn on the ports.
     */
    public static final class Stopped implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            stop();
            StackTurn.take(context);
        }
    }

    private record Running(LocalStack stack, Path dataDir, Properties secrets, List<String> output, TraceCollector traces) {
    }

    private static final class Closer implements AutoCloseable {
        @Override
        public void close() {
            stop();
        }
    }
}
