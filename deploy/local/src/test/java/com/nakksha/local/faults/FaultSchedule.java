package com.nakksha.local.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import com.nakksha.local.PlatformService;
import com.nakksha.local.services.ReadinessWatch;

import static org.awaitility.Awaitility.await;

/**
 * Faults on the launcher's processes, seeded: {@code kill -9} of a service, of the Kafka broker or of the
 * Postgres postmaster; SIGSTOP of a process for longer than the gateway's (5–10 s) and the inbox's (10 s)
 * timeouts, then SIGCONT; and (long form) an outage: the broker killed again each time the launcher brings it back,
 * for {@link #OUTAGE}, while clients keep booking. The processes are found in the launcher's pid file ({@code <data-dir>/launcher.pids},
 * the newest line per name is the running one); the launcher restarts what died (README: 1 s, doubling while it
 * keeps dying), so after each fault the schedule waits until the process has a new pid and every service
 * reports ready again, up to {@link #RECOVERY_BOUND}, before the next one.
 */
final class FaultSchedule {

    /** What one service restart took here with nine JVMs on two busy cores, several times over. */
    static final Duration RECOVERY_BOUND = Duration.ofMinutes(10);
    /** Past the longest timeout it must outlast (10 s) with room to spare; 25 s showed nothing more and cost every build 10 s. */
    static final Duration PAUSE = Duration.ofSeconds(15);
    static final Duration OUTAGE = Duration.ofSeconds(30);

    /** The services a fault may hit: the platform's own, not the Razorpay simulator (Razorpay's side). */
    static final List<PlatformService> TARGET_SERVICES = List.of(PlatformService.GATEWAY, PlatformService.IDENTITY,
            PlatformService.BOOKING, PlatformService.PAYMENT, PlatformService.QUOTATION, PlatformService.NOTIFICATION,
            PlatformService.ANALYTICS);

    enum Kind { KILL, PAUSE, OUTAGE }

    /** @param process a name in the pid file: a service's module, {@code kafka} or {@code postgres} */
    record Fault(Kind kind, String process) {
        @Override
        public String toString() {
            return switch (kind) {
                case KILL -> "kill -9 " + process;
                case PAUSE -> "SIGSTOP " + PAUSE.toSeconds() + " s " + process;
                case OUTAGE -> "kill -9 " + process + " again and again for " + OUTAGE.toSeconds() + " s";
            };
        }
    }

    /** One fault as it went: the pid hit, when, and how long until everything was ready again (null: not within the bound). */
    record Outcome(Fault fault, long pid, Instant at, Duration recovered) {
        @Override
        public String toString() {
            return at + " " + fault + " (pid " + pid + "): " + (recovered == null ? "NOT recovered within " + RECOVERY_BOUND
                    : "ready again after " + recovered.toSeconds() + " s");
        }
    }

    private final Path pidFile;
    private final Random random;
    private final List<Fault> faults;
    /** The seconds of load before each fault: at least the first, up to the first plus the second. */
    private final int gapSeconds;
    private final int gapSpreadSeconds;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FaultSchedule(Path dataDir, Random random, List<Fault> faults, int gapSeconds, int gapSpreadSeconds) {
        this.pidFile = dataDir.resolve("launcher.pids");
        this.random = random;
        this.faults = faults;
        this.gapSeconds = gapSeconds;
        this.gapSpreadSeconds = gapSpreadSeconds;
    }

    /** One of each kind: a kill of a service the seed picks, of Kafka, of Postgres, and a pause of another service. */
    static FaultSchedule shortForm(Path dataDir, long seed) {
        Random random = new Random(seed);
        List<PlatformService> services = new ArrayList<>(TARGET_SERVICES);
        Collections.shuffle(services, random);
        PlatformService paused = services.stream().skip(1).filter(FaultSchedule::mayPause).findFirst().orElseThrow();
        List<Fault> faults = new ArrayList<>(List.of(new Fault(Kind.KILL, services.get(0).module()), new Fault(Kind.KILL, "kafka"),
                new Fault(Kind.KILL, "postgres"), new Fault(Kind.PAUSE, paused.module())));
        Collections.shuffle(faults, random);
        // Every build runs it: two to four seconds of load between faults is enough to have work in flight at each (the
        // load's four workers each take about three seconds for one booking's money loop).
        return new FaultSchedule(dataDir, random, faults, 2, 3);
    }

    /**
     * Every service killed in turn, Kafka and Postgres killed twice each, Postgres, Kafka and two services paused, and
     * a {@link #OUTAGE} of the broker; in a seeded order.
     */
    static FaultSchedule longForm(Path dataDir, long seed) {
        Random random = new Random(seed);
        List<Fault> faults = new ArrayList<>();
        TARGET_SERVICES.forEach(service -> faults.add(new Fault(Kind.KILL, service.module())));
        for (int i = 0; i < 2; i++) {
            faults.add(new Fault(Kind.KILL, "kafka"));
            faults.add(new Fault(Kind.KILL, "postgres"));
        }
        faults.add(new Fault(Kind.PAUSE, "postgres"));
        faults.add(new Fault(Kind.PAUSE, "kafka"));
        List<PlatformService> paused = new ArrayList<>(TARGET_SERVICES.stream().filter(FaultSchedule::mayPause).toList());
        Collections.shuffle(paused, random);
        faults.add(new Fault(Kind.PAUSE, paused.get(0).module()));
        faults.add(new Fault(Kind.PAUSE, paused.get(1).module()));
        faults.add(new Fault(Kind.OUTAGE, "kafka"));
        Collections.shuffle(faults, random);
        return new FaultSchedule(dataDir, random, faults, 5, 11);
    }

    /**
     * Not the gateway: while it is stopped nothing can answer the client at all, and what the issue bounds is
     * the gateway's own timeout on a service that does not answer. It is killed, like every service.
     */
    private static boolean mayPause(PlatformService service) {
        return service != PlatformService.GATEWAY;
    }

    List<Fault> faults() {
        return List.copyOf(faults);
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** Runs every fault, a seeded few seconds apart, each after the stack recovered from the one before. */
    void run() throws InterruptedException {
        for (Fault fault : faults) {
            Thread.sleep(Duration.ofSeconds(gapSeconds + random.nextInt(gapSpreadSeconds)));
            long pid = pidOf(fault.process()).orElseThrow(() -> new IllegalStateException("no running " + fault.process() + " in " + pidFile));
            Instant at = Instant.now();
            System.out.println("faults: " + at + " " + fault + " (pid " + pid + ")");
            long started = System.nanoTime();
            switch (fault.kind()) {
                case KILL -> {
                    signal("KILL", pid);
                    awaitNewPid(fault.process(), pid);
                }
                case PAUSE -> {
                    signal("STOP", pid);
                    Thread.sleep(PAUSE);
                    signal("CONT", pid);
                }
                case OUTAGE -> {
                    // Each restart is killed as soon as the launcher records it, so its backoff grows over the outage.
                    long until = System.nanoTime() + OUTAGE.toNanos();
                    long current = pid;
                    while (System.nanoTime() < until) {
                        signal("KILL", current);
                        awaitNewPid(fault.process(), current);
                        // The restarted broker may die on its own before its pid is read: wait for the launcher's next one.
                        current = await().atMost(RECOVERY_BOUND).pollInterval(Duration.ofMillis(100))
                                .until(() -> pidOf(fault.process()), Optional::isPresent).orElseThrow();
                    }
                }
            }
            boolean ready = awaitEveryServiceReady(started);
            Duration took = ready ? Duration.ofNanos(System.nanoTime() - started) : null;
            Outcome outcome = new Outcome(fault, pid, at, took);
            outcomes.add(outcome);
            System.out.println("faults: " + outcome);
        }
    }

    /** The newest pid the launcher recorded for {@code name} that is still alive. */
    Optional<Long> pidOf(String name) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String[] fields = lines.get(i).trim().split(" ");
                if (fields.length == 3 && fields[0].equals(name)) {
                    long pid = Long.parseLong(fields[1]);
                    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitNewPid(String name, long old) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Long> now = pidOf(name);
            if (now.isPresent() && now.get() != old) {
                return;
            }
            Thread.sleep(500);
        }
    }

    /** Whether every platform service answered its readiness probe UP, waiting from {@code startedNanos} up to the bound. */
    boolean awaitEveryServiceReady(long startedNanos) throws InterruptedException {
        long deadline = startedNanos + RECOVERY_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            if (TARGET_SERVICES.stream().allMatch(this::isReady)) {
                return true;
            }
            Thread.sleep(1000);
        }
        return false;
    }

    private boolean isReady(PlatformService service) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ReadinessWatch.readinessUri(service))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + kill.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Resumes every process the schedule may have left stopped (a failed run must not leave a frozen stack). */
    void resumeAll() {
        for (Fault fault : faults) {
            if (fault.kind() == Kind.PAUSE) {
                pidOf(fault.process()).ifPresent(pid -> {
                    try {
                        new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
                    } catch (IOException | InterruptedException ignored) {
                        // Best effort on the way out; the stack is stopped right after.
                    }
                });
            }
        }
    }
}
