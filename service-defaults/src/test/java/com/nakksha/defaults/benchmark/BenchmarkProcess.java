package com.nakksha.defaults.benchmark;

/** A benchmark's JVM: its body runs on the main thread, and the process ends with the body's outcome. */
final class BenchmarkProcess {

    /** What a benchmark runs; it may throw anything, which ends the process with status 1. */
    interface Body {
        void run() throws Exception;
    }

    private BenchmarkProcess() {
    }

    static void runAndExit(Body body) {
        try {
            body.run();
        } catch (Throwable failure) {
            // The broker's and the services' threads would keep a JVM whose main thread failed running for good.
            failure.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
