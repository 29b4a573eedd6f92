package com.nakksha.local.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The processes of the running launch, written to the data dir. When a launcher is killed hard its
 * children live on and hold the ports; the next start reads this file to name them.
 */
public final class PidFile {

    private final Path file;

    public PidFile(Path file) {
        this.file = file;
    }

    /** The pid file of the launch on {@code dataDir}: {@code <data-dir>/launcher.pids}. */
    public static PidFile of(Path dataDir) {
        return new PidFile(dataDir.resolve("launcher.pids"));
    }

    /** A process recorded by a launch; its start time tells it apart from a later process that reuses the pid. */
    public record Entry(String name, long pid, long startedAtMillis) {

        public boolean isStillRunning() {
            return ProcessHandle.of(pid)
                    .flatMap(handle -> handle.info().startInstant())
                    .map(start -> start.toEpochMilli() == startedAtMillis)
                    .orElse(false);
        }

        @Override
        public String toString() {
            return name + " (pid " + pid + ")";
        }
    }

    public synchronized void record(String name, ProcessHandle process) {
        long startedAt = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        String line = name + " " + process.pid() + " " + startedAt + System.lineSeparator();
        try {
            Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Entry> stillRunning() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Entry> running = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                parse(line).filter(Entry::isStillRunning).ifPresent(running::add);
            }
        } catch (IOException e) {
            return List.of();
        }
        return running;
    }

    /** The still-running process recorded under {@code name} (a service's module, {@code kafka}, the launcher), if any. */
    public Optional<ProcessHandle> running(String name) {
        return stillRunning().stream()
                .filter(entry -> entry.name().equals(name))
                .flatMap(entry -> ProcessHandle.of(entry.pid()).stream())
                .findFirst();
    }

    private static Optional<Entry> parse(String line) {
        String[] fields = line.trim().split(" ");
        if (fields.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Entry(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
