package com.nakksha.local;

import com.nakksha.infrastructure.kafka.KafkaBrokerProcess;
import com.nakksha.local.control.ControlRequests;
import com.nakksha.local.kafka.LocalKafka;
import com.nakksha.infrastructure.kafka.PlatformTopics;
import com.nakksha.local.postgres.DatabaseEndpoint;
import com.nakksha.local.postgres.EmbeddedPostgresServer;
import com.nakksha.local.postgres.ExternalPostgresServer;
import com.nakksha.local.postgres.PlatformDatabase;
import com.nakksha.local.postgres.PostgresServer;
import com.nakksha.infrastructure.process.JavaRuntime;
import com.nakksha.local.process.ManagedProcess;
import com.nakksha.local.process.PidFile;
import com.nakksha.local.process.Port;
import com.nakksha.local.mail.MailCatcher;
import com.nakksha.local.redis.RedisForGateway;
import com.nakksha.local.secrets.LocalSecrets;
import com.nakksha.local.services.ReadinessWatch;
import com.nakksha.local.services.RunningJars;
import com.nakksha.local.services.ServiceLauncher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The whole platform on one machine: Postgres, a Kafka broker, Redis and the services, started in that
 * order and stopped in reverse. Everything it starts is stopped again when the start fails or when
 * {@link #stop()} runs (the launcher calls it from a shutdown hook, so Ctrl-C is enough).
 */
public final class LocalStack {

    public static final int POSTGRES_PORT = 15432;

    /** The launcher's own entry in the pid file. */
    static final String LAUNCHER = "launcher";

    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(20);
    /**
     * A JVM writing its class-data archive at exit needs longer, more so seven at once on two cores: their AOT caches
     * (JDK 25) took 100 s on 2026-12-02, when 90 s discarded all of them and every later start ran without.
     */
    private static final Duration ARCHIVING_SERVICE_STOP_GRACE = Duration.ofSeconds(240);
    private static final Duration KAFKA_STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration REDIS_STOP_GRACE = Duration.ofSeconds(5);
    private static final int LOG_LINES_ON_FAILURE = 40;
    private static final Duration SUPERVISION_INTERVAL = Duration.ofSeconds(1);
    private static final Duration FIRST_RESTART_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_RESTART_BACKOFF = Duration.ofSeconds(30);
    /** A process that ran this long since its restart counts as healthy again: its next crash waits 1 s. */
    private static final Duration STABLE_RUN = Duration.ofSeconds(60);

    private final LaunchSettings settings;
    private final Consumer<String> progress;
    private final PidFile pidFile;
    private final long createdAt = System.nanoTime();

    private final Object stateLock = new Object();
    private final Object stopLock = new Object();
    private boolean stopping;
    private boolean stopped;
    private volatile boolean ownsPidFile;
    private PostgresServer postgres;
    private KafkaBrokerProcess kafka;
    private RedisForGateway.Outcome redis;
    private MailCatcher.Outcome mailCatcher;
    private final Map<PlatformService, ManagedProcess> services = new LinkedHashMap<>();
    private final Map<PlatformService, RunningJars.Extracted> extracted = new LinkedHashMap<>();
    private DatabaseEndpoint database;
    private Duration startupTime;
    private LocalSecrets secrets;
    private ServiceLauncher serviceLauncher;
    private RunningJars runningJars;
    private final ReadinessWatch readiness = new ReadinessWatch();
    private final ControlRequests controlRequests;
    /** Touched only by the supervisor thread. */
    private final Map<String, CrashRecord> crashes = new HashMap<>();
    private final Map<PlatformService, Restart> restartsAwaitingReady = new LinkedHashMap<>();

    public LocalStack(LaunchSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
        this.pidFile = PidFile.of(settings.dataDir());
        this.controlRequests = new ControlRequests(settings.dataDir());
    }

    /** Starts everything and returns once every service is ready; throws {@link LaunchFailure} otherwise. */
    public void start() {
        try {
            startAll();
        } catch (LaunchFailure failure) {
            throw failure;
        } catch (IOException | SQLException | RuntimeException e) {
            throw new LaunchFailure(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private void startAll() throws IOException, SQLException {
        List<PlatformService> toStart = settings.servicesToStart();
        requireJars(toStart);
        requireFreePorts(toStart);
        prepareDataDir();
        say("Data in " + settings.dataDir());

        secrets = LocalSecrets.loadOrCreate(settings.dataDir().resolve("secrets.properties"), secretKeys());
        JavaRuntime java = JavaRuntime.current();
        runningJars = new RunningJars(settings.repoRoot(), RunningJars.cacheDirOf(settings.repoRoot()), java,
                settings.classDataArchives());
        CompletableFuture<Map<PlatformService, RunningJars.Extracted>> runnables = runningJars.prepare(toStart);

        // Kafka (formatting its storage first on a cold start) and the mail catcher boot on threads of their own while
        // Postgres starts and is provisioned; one after the other, they held the services back by another 0.5 s.
        KafkaBrokerProcess broker = LocalKafka.broker(settings.dataDir(), logFile("kafka"), java);
        ManagedProcess.keepPreviousLog(broker.logFile());
        CompletableFuture<Void> kafkaLaunched = alongside("kafka", () -> launchKafka(broker));
        CompletableFuture<Void> mailCatcherStarted = toStart.contains(PlatformService.NOTIFICATION)
                ? alongside("mailcatcher", () -> startMailCatcher(java))
                : CompletableFuture.completedFuture(null);
        try {
            startWith(toStart, java, broker, kafkaLaunched, mailCatcherStarted, runnables);
        } catch (IOException | SQLException | RuntimeException e) {
            // What they started is adopted before the failure reaches the caller, which then stops everything adopted.
            CompletableFuture.allOf(kafkaLaunched, mailCatcherStarted).exceptionally(failure -> null).join();
            throw e;
        }
    }

    private void startWith(List<PlatformService> toStart, JavaRuntime java, KafkaBrokerProcess broker,
            CompletableFuture<Void> kafkaLaunched, CompletableFuture<Void> mailCatcherStarted,
            CompletableFuture<Map<PlatformService, RunningJars.Extracted>> runnables) throws IOException, SQLException {
        PostgresServer postgresServer = startPostgres(secrets);
        adopt(() -> postgres = postgresServer, postgresServer::close);
        postgresServer.pid().stream().mapToObj(ProcessHandle::of).flatMap(Optional::stream)
                .forEach(handle -> pidFile.record("postgres", handle));
        Map<String, String> passwordBySchema = new LinkedHashMap<>();
        for (PlatformService service : PlatformService.values()) {
            service.schema().ifPresent(schema -> passwordBySchema.put(schema, secrets.get(schema + ".password")));
        }
        DatabaseEndpoint endpoint = PlatformDatabase.prepare(postgresServer, passwordBySchema);
        database = endpoint;
        say("Postgres ready on " + endpoint.host() + ":" + endpoint.port() + ", database " + endpoint.database()
                + " with schemas " + String.join(", ", passwordBySchema.keySet()));

        join(kafkaLaunched);
        try {
            broker.awaitReady(KafkaBrokerProcess.START_TIMEOUT);
            List<String> created = broker.createMissingTopics();
            say("Kafka ready on " + LocalKafka.BOOTSTRAP_SERVERS + (created.isEmpty()
                    ? ", all " + PlatformTopics.names().size() + " topics present"
                    : ", created topics " + String.join(", ", created)));
        } catch (KafkaBrokerProcess.BrokerFailed e) {
            throw new LaunchFailure(e.getMessage(), ManagedProcess.tailOf(broker.logFile(), LOG_LINES_ON_FAILURE));
        }

        if (toStart.contains(PlatformService.GATEWAY)) {
            RedisForGateway.Outcome outcome = RedisForGateway.ensure(logFile("redis"), settings.dataDir());
            if (outcome instanceof RedisForGateway.Started started) {
                adopt(() -> redis = outcome, () -> started.process().kill());
                pidFile.record("redis", started.process().handle());
            } else {
                redis = outcome;
            }
            say((outcome instanceof RedisForGateway.Unavailable ? "WARNING: Redis " : "Redis ") + outcome.describe());
        }

        join(mailCatcherStarted);

        ServiceLauncher launcher = new ServiceLauncher(settings.repoRoot(), settings.dataDir(), java, endpoint, secrets::get,
                settings.serviceEnvironment(), settings.jvmProfile());
        serviceLauncher = launcher;
        Map<PlatformService, RunningJars.Extracted> runnableJars = join(runnables);
        Map<PlatformService, ManagedProcess> starting = new LinkedHashMap<>();
        for (PlatformService service : toStart) {
            ManagedProcess process = launcher.start(service, runnableJars.get(service));
            adopt(() -> {
                services.put(service, process);
                extracted.put(service, runnableJars.get(service));
            }, process::kill);
            pidFile.record(service.module(), process.handle());
            starting.put(service, process);
        }
        say("Started " + toStart.size() + " services, waiting up to " + settings.readinessTimeout().toSeconds()
                + " s for them to be ready; logs in " + settings.logsDir());
        new ReadinessWatch().awaitAll(starting, settings.readinessTimeout(),
                service -> say(service.module() + " ready on :" + service.port()), this::isStopping);
        startupTime = Duration.ofNanos(System.nanoTime() - createdAt);
        Thread supervisor = new Thread(this::supervise, "nakksha-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** Runs {@code step} on a thread of its own (the common pool has one thread on two cores). */
    private static CompletableFuture<Void> alongside(String name, Runnable step) {
        return CompletableFuture.runAsync(step,
                command -> Thread.ofPlatform().name("nakksha-start-" + name).daemon().start(command));
    }

    private void launchKafka(KafkaBrokerProcess broker) {
        try {
            broker.launch();
        } catch (KafkaBrokerProcess.BrokerFailed e) {
            throw new LaunchFailure(e.getMessage(), ManagedProcess.tailOf(broker.logFile(), LOG_LINES_ON_FAILURE));
        }
        adopt(() -> kafka = broker, broker::kill);
        broker.handle().ifPresent(handle -> pidFile.record("kafka", handle));
    }

    private void startMailCatcher(JavaRuntime java) {
        MailCatcher.Outcome outcome = launchMailCatcher(java);
        if (!(outcome instanceof MailCatcher.Started)) {
            synchronized (stateLock) {
                mailCatcher = outcome;
            }
        }
        say((outcome instanceof MailCatcher.Unavailable ? "WARNING: mail catcher " : "Mail catcher ") + outcome.describe());
    }

    /** Starts the mail catcher unless one listens already; one it started is adopted and recorded in the pid file. */
    private MailCatcher.Outcome launchMailCatcher(JavaRuntime java) {
        MailCatcher.Outcome outcome;
        try {
            outcome = MailCatcher.ensure(settings.repoRoot(), java, logFile("mailcatcher"), settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (outcome instanceof MailCatcher.Started started) {
            adopt(() -> mailCatcher = outcome, () -> started.process().kill());
            pidFile.record("mailcatcher", started.process().handle());
        }
        return outcome;
    }

    /**
     * What the launcher says as it stops {@code running} services, of which {@code archiving} (module names) write
     * their class-data archive as they exit. That happens after each extraction of a jar (a new data dir or a
     * rebuilt jar) and after a stop that killed it while writing, not at every stop, so the message says which.
     */
    static String stopAnnouncement(int running, List<String> archiving) {
        String stopping = "Stopping " + running + (running == 1 ? " service" : " services");
        if (archiving.isEmpty()) {
            return stopping;
        }
        String who;
        if (archiving.size() == running && running > 1) {
            who = "each writes its class-data archive for faster starts as it exits";
        } else if (archiving.size() == 1) {
            who = archiving.getFirst() + " writes its class-data archive for faster starts as it exits";
        } else {
            who = String.join(", ", archiving) + " write their class-data archives for faster starts as they exit";
        }
        return stopping + " (" + who + ", which takes longer)";
    }

    /**
     * Stops what was started, services first, then Redis, Kafka and Postgres: each gets SIGTERM and a
     * grace period, then SIGKILL. Safe to call from several threads and more than once.
     */
    public void stop() {
        synchronized (stopLock) {
            Map<PlatformService, ManagedProcess> serviceProcesses;
            Map<PlatformService, RunningJars.Extracted> serviceJars;
            KafkaBrokerProcess kafkaProcess;
            PostgresServer postgresServer;
            RedisForGateway.Outcome redisOutcome;
            MailCatcher.Outcome mailOutcome;
            synchronized (stateLock) {
                if (stopped) {
                    return;
                }
                stopping = true;
                serviceProcesses = new LinkedHashMap<>(services);
                serviceJars = new LinkedHashMap<>(extracted);
                kafkaProcess = kafka;
                postgresServer = postgres;
                redisOutcome = redis;
                mailOutcome = mailCatcher;
            }
            if (serviceProcesses.isEmpty() && kafkaProcess == null && postgresServer == null && redisOutcome == null
                    && mailOutcome == null) {
                synchronized (stateLock) {
                    stopped = true;
                }
                return;
            }
            if (!serviceProcesses.isEmpty()) {
                // Decided now, not at start: a service restarted meanwhile wrote its archive when it died.
                List<PlatformService> archiving = serviceProcesses.keySet().stream()
                        .filter(service -> serviceJars.containsKey(service) && serviceJars.get(service).writesArchiveAtExit())
                        .toList();
                Duration grace = archiving.isEmpty() ? SERVICE_STOP_GRACE : ARCHIVING_SERVICE_STOP_GRACE;
                say(stopAnnouncement(serviceProcesses.size(), archiving.stream().map(PlatformService::module).toList()));
                serviceProcesses.values().forEach(ManagedProcess::requestStop);
                long deadline = System.nanoTime() + grace.toNanos();
                serviceProcesses.forEach((service, process) -> awaitExitOrKill(process,
                        archiving.contains(service) ? serviceJars.get(service) : null, Duration.ofNanos(deadline - System.nanoTime()), grace));
            }
            if (redisOutcome instanceof RedisForGateway.Started started) {
                started.process().stop(REDIS_STOP_GRACE);
            }
            if (mailOutcome instanceof MailCatcher.Started started) {
                started.process().stop(REDIS_STOP_GRACE);
            }
            if (kafkaProcess != null) {
                say("Stopping Kafka");
                try {
                    kafkaProcess.stop(KAFKA_STOP_GRACE);
                } catch (RuntimeException e) {
                    say("Kafka did not stop cleanly: " + e.getMessage());
                }
            }
            if (postgresServer != null) {
                say("Stopping Postgres");
                try {
                    postgresServer.close();
                } catch (RuntimeException e) {
                    say("Postgres did not stop cleanly: " + e.getMessage());
                }
            }
            if (ownsPidFile) {
                pidFile.clear();
            }
            synchronized (stateLock) {
                stopped = true;
            }
            say("Stopped");
        }
    }

    public boolean isStopping() {
        synchronized (stateLock) {
            return stopping;
        }
    }

    /**
     * Watches every process the launcher runs, once a second, until the stack stops: a process that
     * dies is reported with the end of its log and started again after a backoff (1 s, doubling up to
     * {@link #MAX_RESTART_BACKOFF}; back to 1 s once it has run for {@link #STABLE_RUN}). Restart
     * requests from {@code nakksha-local restart} are served here too. Nothing a child does stops the
     * launcher: every round's failure is reported and the next round runs.
     */
    private void supervise() {
        while (!isStopping()) {
            try {
                superviseOnce();
            } catch (Throwable e) {
                // Also StackOverflowError and friends: the supervisor is the last thing that may die.
                say("WARNING: supervisor round failed, continuing: " + e);
            }
            try {
                Thread.sleep(SUPERVISION_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void superviseOnce() {
        for (ControlRequests.Request request : controlRequests.take()) {
            controlRequests.answer(request, restartOnRequest(request.target()));
        }
        PostgresServer postgresServer;
        KafkaBrokerProcess broker;
        MailCatcher.Outcome catcher;
        Map<PlatformService, ManagedProcess> running;
        synchronized (stateLock) {
            postgresServer = postgres;
            broker = kafka;
            catcher = mailCatcher;
            running = new LinkedHashMap<>(services);
        }
        if (postgresServer != null) {
            watch("postgres", postgresServer::isRunning,
                    () -> "Postgres (" + postgresServer.describe() + ") is gone; services answer 503 and retry meanwhile",
                    () -> ManagedProcess.tailOf(logFile("postgres"), 10), this::restartPostgres);
        }
        if (broker != null) {
            watch("kafka", broker::isAlive,
                    () -> "Kafka exited with code " + broker.exitCode().orElse(-1)
                            + "; services keep events in their outboxes until it is back (log: " + relative(broker.logFile()) + ")",
                    () -> ManagedProcess.tailOf(broker.logFile(), 10), this::restartKafka);
        }
        if (catcher instanceof MailCatcher.Started started) {
            ManagedProcess process = started.process();
            watch("mailcatcher", process::isAlive,
                    () -> "The mail catcher exited with code " + process.exitCode().orElse(-1)
                            + "; mails caught so far are gone, notification-service retries its mails until it is back (log: "
                            + relative(process.logFile()) + ")",
                    () -> process.logTail(10), this::restartMailCatcher);
        }
        running.forEach((service, process) -> watch(service.module(), process::isAlive,
                () -> service.module() + " (pid " + process.pid() + ") exited with code " + process.exitCode().orElse(-1)
                        + "; the rest keep running (log: " + relative(process.logFile()) + ")",
                () -> process.logTail(15), () -> restartService(service, crashes.get(service.module()).downSince)));
        for (var waiting : Map.copyOf(restartsAwaitingReady).entrySet()) {
            if (readiness.isReady(waiting.getKey())) {
                restartsAwaitingReady.remove(waiting.getKey());
                long now = System.nanoTime();
                say(waiting.getKey().module() + " ready again on :" + waiting.getKey().port()
                        + String.format(", %.1f s after it went down (started again %.1f s ago)",
                        (now - waiting.getValue().downSince()) / 1e9, (now - waiting.getValue().startedAt()) / 1e9));
            }
        }
    }

    /** Reports a death once, then restarts after the backoff; a failed restart is reported and tried again later. */
    private void watch(String name, BooleanSupplier alive, Supplier<String> death, Supplier<List<String>> logTail, Runnable restart) {
        CrashRecord record = crashes.computeIfAbsent(name, ignored -> new CrashRecord());
        long now = System.nanoTime();
        if (alive.getAsBoolean()) {
            if (!record.down && record.restarts > 0 && now - record.upSince > STABLE_RUN.toNanos()) {
                record.restarts = 0;
            }
            return;
        }
        if (isStopping()) {
            return;
        }
        if (!record.down) {
            record.down = true;
            record.downSince = now;
            Duration wait = restartBackoff(record.restarts);
            record.nextAttempt = now + wait.toNanos();
            StringBuilder report = new StringBuilder("WARNING: ").append(death.get())
                    .append(". Restarting it in ").append(wait.toMillis()).append(" ms.");
            logTail.get().forEach(line -> report.append(System.lineSeparator()).append("  | ").append(line));
            say(report.toString());
            return;
        }
        if (now < record.nextAttempt) {
            return;
        }
        record.restarts++;
        try {
            restart.run();
            record.down = false;
            record.upSince = System.nanoTime();
            say(name + " restarted" + String.format(" %.1f s after it died", (record.upSince - record.downSince) / 1e9)
                    + (record.restarts > 1 ? " (restart " + record.restarts + " in a row)" : ""));
        } catch (RuntimeException e) {
            Duration wait = restartBackoff(record.restarts);
            record.nextAttempt = System.nanoTime() + wait.toNanos();
            say("WARNING: could not restart " + name + ": " + e.getMessage() + "; next attempt in " + wait.toSeconds() + " s");
        }
    }

    private static Duration restartBackoff(int restartsInARow) {
        Duration backoff = FIRST_RESTART_BACKOFF.multipliedBy(1L << Math.min(restartsInARow, 10));
        return backoff.compareTo(MAX_RESTART_BACKOFF) > 0 ? MAX_RESTART_BACKOFF : backoff;
    }

    /**
     * Stops one service cleanly; one writing its class-data archive as it exits gets the archiving grace, and an
     * archive it was killed while writing is discarded (a broken file would otherwise be mapped, and refused, at every
     * later start, and never written again).
     */
    private void stopForRestart(PlatformService service, ManagedProcess process) {
        RunningJars.Extracted jar;
        synchronized (stateLock) {
            jar = extracted.get(service);
        }
        RunningJars.Extracted archiving = jar != null && jar.writesArchiveAtExit() ? jar : null;
        Duration grace = archiving != null ? ARCHIVING_SERVICE_STOP_GRACE : SERVICE_STOP_GRACE;
        process.requestStop();
        awaitExitOrKill(process, archiving, grace, grace);
    }

    /**
     * Waits for a service asked to stop; one still there after {@code wait} is killed, and the archive it was writing
     * ({@code archiving}, null when none) discarded. {@code grace} is the whole grace period, for the message.
     */
    private void awaitExitOrKill(ManagedProcess process, RunningJars.Extracted archiving, Duration wait, Duration grace) {
        if (process.awaitExit(wait)) {
            return;
        }
        say(process.name() + " did not stop within " + grace.toSeconds() + " s, killing it"
                + (archiving != null ? "; its unfinished class-data archive is discarded and written again at its next stop" : ""));
        process.kill();
        if (archiving != null) {
            archiving.discardArchive();
        }
    }

    /** A service started again, not ready yet: since when it was down (its death seen, or a restart asked for) and started again ({@link System#nanoTime}). */
    private record Restart(long downSince, long startedAt) {
    }

    /** Starts the service again, from its built jar as it is now: a {@code mvn package} since the launch is picked up. */
    private void restartService(PlatformService service, long downSince) {
        RunningJars.Extracted jar = runningJars.prepare(List.of(service)).join().get(service);
        synchronized (stateLock) {
            extracted.put(service, jar);
        }
        ManagedProcess process;
        try {
            process = serviceLauncher.start(service, jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        adopt(() -> services.put(service, process), process::kill);
        pidFile.record(service.module(), process.handle());
        restartsAwaitingReady.put(service, new Restart(downSince, System.nanoTime()));
    }

    private void restartKafka() {
        KafkaBrokerProcess broker;
        synchronized (stateLock) {
            broker = kafka;
        }
        broker.launch();
        if (isStopping()) {
            broker.kill();
            throw new LaunchFailure("stopped while restarting Kafka");
        }
        broker.handle().ifPresent(handle -> pidFile.record("kafka", handle));
    }

    /**
     * Starts the mail catcher again (the dead one's log moves aside); throws, to be tried again after the backoff, when
     * it does not start, and the dead one stays the one watched meanwhile.
     */
    private void restartMailCatcher() {
        MailCatcher.Outcome outcome = launchMailCatcher(JavaRuntime.current());
        if (!(outcome instanceof MailCatcher.Started)) {
            throw new LaunchFailure("mail catcher " + outcome.describe());
        }
    }

    private void restartPostgres() {
        PostgresServer old;
        synchronized (stateLock) {
            old = postgres;
        }
        try {
            old.close();
        } catch (RuntimeException e) {
            // The postmaster is gone already; closing only releases the data directory's lock.
        }
        PostgresServer fresh = startPostgres(secrets);
        adopt(() -> postgres = fresh, fresh::close);
        fresh.pid().stream().mapToObj(ProcessHandle::of).flatMap(Optional::stream)
                .forEach(handle -> pidFile.record("postgres", handle));
    }

    /** What {@code nakksha-local restart NAME} asks for: a clean stop, then a start; the answer is one line. */
    private String restartOnRequest(String target) {
        if (isStopping()) {
            return "refused: the launcher is stopping";
        }
        try {
            switch (target) {
                case "kafka" -> {
                    KafkaBrokerProcess broker;
                    synchronized (stateLock) {
                        broker = kafka;
                    }
                    say("Restarting Kafka on request");
                    broker.stop(KAFKA_STOP_GRACE);
                    restartKafka();
                    crashes.remove("kafka");
                    return "kafka restarted as pid " + broker.handle().map(ProcessHandle::pid).orElse(-1L);
                }
                case "postgres" -> {
                    if (settings.externalPostgres().isPresent()) {
                        return "refused: Postgres is an existing server the launcher does not run";
                    }
                    say("Restarting Postgres on request");
                    restartPostgres();
                    crashes.remove("postgres");
                    return "postgres restarted";
                }
                default -> {
                    Optional<PlatformService> service = PlatformService.byName(target);
                    ManagedProcess process;
                    synchronized (stateLock) {
                        process = service.map(services::get).orElse(null);
                    }
                    if (process == null) {
                        return "refused: " + target + " is not a service this launcher runs (known: "
                                + String.join(", ", services.keySet().stream().map(PlatformService::module).toList())
                                + ", kafka, postgres)";
                    }
                    say("Restarting " + process.name() + " on request");
                    long requested = System.nanoTime();
                    stopForRestart(service.get(), process);
                    restartService(service.get(), requested);
                    crashes.remove(service.get().module());
                    return service.get().module() + " restarted as pid " + services.get(service.get()).pid();
                }
            }
        } catch (RuntimeException e) {
            say("WARNING: restart of " + target + " on request failed: " + e.getMessage());
            return "failed: " + e.getMessage();
        }
    }

    /** The supervisor's memory of one process: whether it is down, since when, and how often it was restarted in a row. */
    private static final class CrashRecord {
        private boolean down;
        private long downSince;
        private long nextAttempt;
        private long upSince;
        private int restarts;
    }

    /** The table printed once everything is ready. */
    public String summary() {
        StringBuilder table = new StringBuilder();
        String row = "  %-22s %-7s %-8s %s%n";
        table.append(String.format("Nakksha platform ready in %.1f s. Gateway: http://localhost:%d  (Ctrl-C or bin/nakksha-local stop --data-dir %s stops everything)%n",
                startupTime == null ? 0.0 : startupTime.toMillis() / 1000.0, PlatformService.GATEWAY.port(), settings.dataDir()));
        table.append(String.format(row, "SERVICE", "PORT", "PID", "LOG"));
        synchronized (stateLock) {
            services.forEach((service, process) -> table.append(String.format(row,
                    service.module(), service.port(), process.pid(), relative(process.logFile()))));
            settings.leftOut().forEach(service -> table.append(String.format(row,
                    service.module(), service.port(), "-", "left out (--without)")));
            table.append(String.format(row, "postgres", database == null ? "" : database.port(),
                    postgres == null ? "" : postgres.pid().stream().mapToObj(Long::toString).findFirst().orElse("-"),
                    postgres == null ? "" : postgres.describe()));
            table.append(String.format(row, "kafka", LocalKafka.PORT,
                    kafka == null ? "" : kafka.handle().map(handle -> String.valueOf(handle.pid())).orElse("-"),
                    kafka == null ? "" : relative(kafka.logFile())
                            + " (controller :" + LocalKafka.CONTROLLER_PORT + ")"));
            table.append(String.format(row, "redis", RedisForGateway.PORT,
                    redis instanceof RedisForGateway.Started started ? started.process().pid() : "-",
                    redis == null ? "not needed" : redis.describe()));
        }
        String secretsFile = relative(settings.dataDir().resolve("secrets.properties"));
        if (database != null) {
            table.append(String.format("  JDBC %s  (role = schema name; passwords in %s)%n", database.jdbcUrl(), secretsFile));
        }
        if (settings.servicesToStart().contains(PlatformService.IDENTITY)) {
            table.append(String.format("  Admin login %s  (password: admin.password in %s)%n", ServiceLauncher.ADMIN_EMAIL, secretsFile));
        }
        if (settings.servicesToStart().contains(PlatformService.RAZORPAY_SIMULATOR)) {
            table.append(String.format("  Razorpay simulator: pay an order at %s/simulator/checkout/{orderId}  (keys: razorpay.* in %s)%n",
                    ServiceLauncher.RAZORPAY_SIMULATOR_URL, secretsFile));
        }
        return table.toString();
    }

    public LaunchSettings settings() {
        return settings;
    }

    private PostgresServer startPostgres(LocalSecrets secrets) {
        if (settings.externalPostgres().isPresent()) {
            ExternalPostgresServer server = new ExternalPostgresServer(settings.externalPostgres().get());
            say("Using Postgres at " + server.host() + ":" + server.port());
            return server;
        }
        Path log = logFile("postgres");
        try {
            return EmbeddedPostgresServer.start(settings.dataDir().resolve("postgres"), POSTGRES_PORT,
                    secrets.get("postgres.password"), log);
        } catch (EmbeddedPostgresServer.PostgresStartFailed e) {
            throw new LaunchFailure(e.getMessage() + " (log: " + log + ")", ManagedProcess.tailOf(log, LOG_LINES_ON_FAILURE));
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LaunchFailure failure) {
                throw failure;
            }
            throw new LaunchFailure(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Keeps a started component for {@link #stop()}, unless a stop already began: then it is undone at once. */
    private void adopt(Runnable keep, Runnable undo) {
        synchronized (stateLock) {
            if (!stopping) {
                keep.run();
                return;
            }
        }
        undo.run();
        throw new LaunchFailure("stopped while starting");
    }

    private Map<String, LocalSecrets.Kind> secretKeys() {
        Map<String, LocalSecrets.Kind> keys = new LinkedHashMap<>();
        if (settings.externalPostgres().isEmpty()) {
            keys.put("postgres.password", LocalSecrets.Kind.PASSWORD);
        }
        for (PlatformService service : PlatformService.values()) {
            service.schema().ifPresent(schema -> keys.put(schema + ".password", LocalSecrets.Kind.PASSWORD));
        }
        keys.putAll(ServiceLauncher.SERVICE_SECRETS);
        return keys;
    }

    private void requireJars(List<PlatformService> toStart) {
        List<String> missing = toStart.stream()
                .map(service -> ServiceLauncher.jarOf(settings.repoRoot(), service))
                .filter(jar -> !Files.isRegularFile(jar))
                .map(jar -> settings.repoRoot().relativize(jar).toString())
                .toList();
        if (!missing.isEmpty()) {
            throw new LaunchFailure("service jars missing: " + String.join(", ", missing)
                    + ". Build them with 'mvn -B -DskipTests package' in " + settings.repoRoot()
                    + " (bin/nakksha-local does that for you), or leave services out with --without.");
        }
    }

    private void requireFreePorts(List<PlatformService> toStart) {
        List<Port> needed = new ArrayList<>();
        if (settings.externalPostgres().isEmpty()) {
            needed.add(new Port(POSTGRES_PORT, "Postgres"));
        }
        needed.add(new Port(LocalKafka.PORT, "Kafka"));
        needed.add(new Port(LocalKafka.CONTROLLER_PORT, "Kafka controller"));
        toStart.forEach(service -> needed.add(new Port(service.port(), service.module())));
        List<Port> taken = needed.stream().filter(port -> !port.isFree()).toList();
        if (taken.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("port")
                .append(taken.size() > 1 ? "s " : " ")
                .append(String.join(", ", taken.stream().map(Port::toString).toList()))
                .append(taken.size() > 1 ? " are" : " is").append(" already in use; nothing was started.");
        List<PidFile.Entry> leftovers = pidFile.stillRunning();
        Optional<PidFile.Entry> otherLauncher = leftovers.stream().filter(entry -> entry.name().equals(LAUNCHER)).findFirst();
        if (otherLauncher.isPresent()) {
            message.append(" Another launcher (pid ").append(otherLauncher.get().pid())
                    .append(") runs the stack on this data dir: use that one, or stop it with Ctrl-C in its terminal or ")
                    .append("nakksha-local stop --data-dir ").append(settings.dataDir()).append('.');
        } else if (!leftovers.isEmpty()) {
            message.append(" Still running from an earlier launch with this data dir: ")
                    .append(String.join(", ", leftovers.stream().map(PidFile.Entry::toString).toList()))
                    .append(". Stop them with: kill ")
                    .append(String.join(" ", leftovers.stream().map(entry -> String.valueOf(entry.pid())).toList()));
        } else {
            message.append(" Find the owner with e.g. 'ss -ltnp | grep :").append(taken.getFirst().number()).append("'.");
        }
        throw new LaunchFailure(message.toString());
    }

    private void prepareDataDir() throws IOException {
        Path dataDir = settings.dataDir();
        if (!Files.exists(dataDir)) {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dataDir);
            }
        }
        Files.createDirectories(settings.logsDir());
        pidFile.clear();
        pidFile.record(LAUNCHER, ProcessHandle.current());
        // Requests left from an earlier launch were meant for that one.
        controlRequests.take();
        ownsPidFile = true;
    }

    private Path logFile(String name) {
        return settings.logsDir().resolve(name + ".log");
    }

    private String relative(Path path) {
        Path workingDir = Path.of("").toAbsolutePath();
        return path.startsWith(workingDir) ? workingDir.relativize(path).toString() : path.toString();
    }

    private void say(String message) {
        double seconds = (System.nanoTime() - createdAt) / 1e9;
        progress.accept(String.format("[%6.1fs] %s", seconds, message));
    }
}
