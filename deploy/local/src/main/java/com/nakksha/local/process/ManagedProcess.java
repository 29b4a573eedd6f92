package com.nakksha.local.process;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** A child process the launcher started, with its output in one log file. */
public final class ManagedProcess {

    private static final int LOG_TAIL_BYTES = 64 * 1024;

    private final String name;
    private final Process process;
    private final Path logFile;

    private ManagedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts the command with stdout and stderr going to the log file. The previous run's log is kept
     * beside it as {@code <name>.previous.log}, so a restart does not wipe the evidence of a crash.
     */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> environment,
                                       Path workingDir, Path logFile) throws IOException {
        keepPreviousLog(logFile);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        return new ManagedProcess(name, builder.start(), logFile);
    }

    /** Moves an existing log to {@code <name>.previous.log} beside it, so a new run starts a fresh log. */
    public static void keepPreviousLog(Path logFile) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        if (Files.exists(logFile)) {
            String previous = logFile.getFileName().toString().replaceFirst("\\.log$", "") + ".previous.log";
            Files.move(logFile, logFile.resolveSibling(previous), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Asks politely (SIGTERM): Spring Boot, Kafka and Redis all shut down cleanly on it. */
    public void requestStop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** SIGTERM, then SIGKILL for whatever is still there after the grace period. */
    public void stop(Duration grace) {
        requestStop();
        if (!awaitExit(grace)) {
            kill();
        }
    }

    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** The last lines of the log, made readable, read from its end so a large log costs nothing. */
    public List<String> logTail(int lines) {
        return tailOf(logFile, lines);
    }

    public static List<String> tailOf(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
            long length = log.length();
            long start = Math.max(0, length - LOG_TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - start)];
            log.seek(start);
            log.readFully(bytes);
            List<String> all = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R")));
            if (start > 0 && !all.isEmpty()) {
                all.removeFirst();
            }
            return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                    .map(line -> new LogLine(line).readable())
                    .toList();
        } catch (IOException e) {
            return List.of("(could not read " + file + ": " + e.getMessage() + ")");
        }
    }
}
