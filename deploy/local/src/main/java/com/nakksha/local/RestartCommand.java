package com.nakksha.local;

import com.nakksha.local.control.ControlRequests;
import com.nakksha.local.process.PidFile;
import com.nakksha.local.services.ReadinessWatch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code nakksha-local restart NAME [--data-dir DIR] [--timeout SECONDS]}: has the launcher running on
 * the data dir restart one service ({@code booking-service} or {@code booking}), {@code kafka} or
 * {@code postgres}, and for a service waits until it is ready again. The rest of the stack keeps running.
 */
public final class RestartCommand {

    /**
     * The launcher stops the process cleanly first (a service writing its class-data archive gets up to 240 s), then
     * starts it again.
     */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(330);

    private RestartCommand() {
    }

    /** Returns the process exit code: 0 restarted (and ready), 1 not restarted or not ready in time, 2 bad usage. */
    public static int run(List<String> arguments) {
        if (arguments.isEmpty() || arguments.getFirst().startsWith("--")) {
            System.err.println("nakksha-local restart: name a service, kafka or postgres, e.g. restart booking-service");
            return 2;
        }
        String target = arguments.getFirst();
        LaunchSettings settings;
        try {
            settings = LaunchSettings.parse(new ArrayList<>(arguments.subList(1, arguments.size())), System.getenv(),
                    Path.of("").toAbsolutePath());
        } catch (LaunchSettings.InvalidOption e) {
            System.err.println("nakksha-local restart: " + e.getMessage());
            return 2;
        }
        Optional<PlatformService> service = PlatformService.byName(target);
        if (service.isEmpty() && !List.of("kafka", "postgres").contains(target)) {
            System.err.println("nakksha-local restart: no service called " + target + "; name a service, kafka or postgres");
            return 2;
        }
        String canonical = service.map(PlatformService::module).orElse(target);
        boolean launcherRuns = PidFile.of(settings.dataDir()).running(LocalStack.LAUNCHER).isPresent();
        if (!launcherRuns) {
            System.err.println("nakksha-local restart: no launcher runs on " + settings.dataDir()
                    + "; start the stack with bin/nakksha-local (or pass its --data-dir)");
            return 1;
        }
        try {
            Optional<String> answer = new ControlRequests(settings.dataDir()).restart(canonical, ANSWER_TIMEOUT);
            if (answer.isEmpty()) {
                System.err.println("nakksha-local restart: the launcher did not answer within " + ANSWER_TIMEOUT.toSeconds() + " s");
                return 1;
            }
            System.out.println(answer.get());
            if (!answer.get().startsWith(canonical + " restarted")) {
                return 1;
            }
        } catch (IOException e) {
            System.err.println("nakksha-local restart: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        return service.map(restarted -> awaitReady(restarted, settings)).orElse(0);
    }

    private static int awaitReady(PlatformService service, LaunchSettings settings) {
        ReadinessWatch readiness = new ReadinessWatch();
        long deadline = System.nanoTime() + settings.readinessTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (readiness.isReady(service)) {
                System.out.println(service.module() + " ready on :" + service.port());
                return 0;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        System.err.println(service.module() + " not ready after " + settings.readinessTimeout().toSeconds()
                + " s; see " + settings.logsDir().resolve(service.module() + ".log"));
        return 1;
    }
}
