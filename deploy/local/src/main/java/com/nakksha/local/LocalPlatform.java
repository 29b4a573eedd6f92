package com.nakksha.local;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar deploy/local/target/nakksha-local.jar}: the whole platform on this machine, until Ctrl-C.
 * A process of the stack that dies is restarted by the launcher, which itself keeps running.
 * {@code nakksha-local restart NAME} asks the launcher running on the data dir to restart one service,
 * {@code kafka} or {@code postgres}.
 * Exit codes: 0 after a normal stop (or a done restart), 1 when the start failed (everything started is
 * stopped again) or a restart did not happen, 2 for options it does not understand.
 */
public final class LocalPlatform {

    private LocalPlatform() {
    }

    public static void main(String[] args) {
        // Library chatter (zonky, the Kafka admin client) stays out of the console; the launcher says what matters.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        // The admin client warns on every connection attempt while the broker is still starting.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka",
                System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error"));

        List<String> arguments = List.of(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.print(LaunchSettings.USAGE);
            return;
        }
        if (!arguments.isEmpty() && arguments.getFirst().equals("restart")) {
            System.exit(RestartCommand.run(arguments.subList(1, arguments.size())));
            return;
        }
        if (!arguments.isEmpty() && arguments.getFirst().equals("stop")) {
            System.exit(StopCommand.run(arguments.subList(1, arguments.size())));
            return;
        }
        if (!arguments.isEmpty() && arguments.getFirst().equals("sql")) {
            System.exit(SqlCommand.run(arguments.subList(1, arguments.size())));
            return;
        }
        LaunchSettings settings;
        try {
            settings = LaunchSettings.parse(arguments, System.getenv(), Path.of("").toAbsolutePath());
        } catch (LaunchSettings.InvalidOption e) {
            System.err.println("nakksha-local: " + e.getMessage());
            System.err.print(LaunchSettings.USAGE);
            System.exit(2);
            return;
        }

        LocalStack stack = new LocalStack(settings, System.out::println);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "nakksha-local-stop"));
        try {
            stack.start();
        } catch (LaunchFailure failure) {
            if (!stack.isStopping()) {
                System.err.println(failure.report());
            }
            stack.stop();
            System.exit(1);
        }
        System.out.print(stack.summary());
        watchUntilStopped(stack);
    }

    /** The stack's own supervisor watches the processes; this thread only keeps the launcher alive until Ctrl-C. */
    private static void watchUntilStopped(LocalStack stack) {
        while (!stack.isStopping()) {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
