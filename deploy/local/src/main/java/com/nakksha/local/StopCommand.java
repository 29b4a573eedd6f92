package com.nakksha.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.nakksha.local.process.PidFile;

/**
 * {@code nakksha-local stop [--data-dir DIR]}: stops the launcher running on the data dir the way Ctrl-C in its
 * terminal does (a SIGTERM: the services first, then Kafka and Postgres) and waits until it has exited. For a stack
 * started in the background or in another terminal, where there is no Ctrl-C to press.
 */
public final class StopCommand {

    /** Services writing their class-data archives get up to 240 s ({@link LocalStack}); Kafka and Postgres stop after. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(300);

    private StopCommand() {
    }

    /** Returns the process exit code: 0 stopped, 1 no launcher runs there or it did not stop in time, 2 bad usage. */
    public static int run(List<String> arguments) {
        LaunchSettings settings;
        try {
            settings = LaunchSettings.parse(new ArrayList<>(arguments), System.getenv(), Path.of("").toAbsolutePath());
        } catch (LaunchSettings.InvalidOption e) {
            System.err.println("nakksha-local stop: " + e.getMessage());
            return 2;
        }
        Optional<ProcessHandle> launcher = PidFile.of(settings.dataDir()).running(LocalStack.LAUNCHER);
        if (launcher.isEmpty()) {
            System.err.println("nakksha-local stop: no launcher runs on " + settings.dataDir() + " (or pass its --data-dir)");
            return 1;
        }
        ProcessHandle running = launcher.get();
        System.out.println("Stopping the launcher (pid " + running.pid() + ") on " + settings.dataDir()
                + ": services first, then Kafka and Postgres...");
        running.destroy();
        try {
            running.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("nakksha-local stop: the launcher (pid " + running.pid() + ") still runs after "
                    + STOP_TIMEOUT.toSeconds() + " s; see " + settings.logsDir());
            return 1;
        } catch (ExecutionException e) {
            System.err.println("nakksha-local stop: " + e.getCause());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        System.out.println("Stopped");
        return 0;
    }
}
