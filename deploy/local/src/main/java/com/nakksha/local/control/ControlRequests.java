package com.nakksha.local.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Requests to a running launcher through files in {@code <data-dir>/control}: a command such as
 * {@code nakksha-local restart booking-service} drops {@code <id>.request} naming what to restart, the
 * launcher's supervisor picks it up within a second, does it and answers in {@code <id>.reply}. Files,
 * not a port: nothing more listens on the machine, and only the data dir's owner can ask.
 */
public final class ControlRequests {

    private static final String REQUEST = ".request";
    private static final String REPLY = ".reply";

    private final Path directory;

    public ControlRequests(Path dataDir) {
        this.directory = dataDir.resolve("control");
    }

    /** One request read by the launcher. */
    public record Request(String id, String target) {
    }

    /**
     * Asks the launcher to restart {@code target} and waits for its answer.
     *
     * @return the launcher's one-line answer; empty when none came within {@code timeout}
     */
    public Optional<String> restart(String target, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        String id = UUID.randomUUID().toString();
        writeAtomically(directory.resolve(id + REQUEST), target);
        Path reply = directory.resolve(id + REPLY);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(reply)) {
                String answer = Files.readString(reply, StandardCharsets.UTF_8).strip();
                Files.deleteIfExists(reply);
                return Optional.of(answer);
            }
            Thread.sleep(200);
        }
        Files.deleteIfExists(directory.resolve(id + REQUEST));
        return Optional.empty();
    }

    /** Takes the waiting requests (each only once), oldest first. */
    public List<Request> take() {
        List<Request> requests = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return requests;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + REQUEST)) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()));
            for (Path file : sorted) {
                String name = file.getFileName().toString();
                String target = Files.readString(file, StandardCharsets.UTF_8).strip();
                Files.deleteIfExists(file);
                requests.add(new Request(name.substring(0, name.length() - REQUEST.length()), target));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + directory, e);
        }
        return requests;
    }

    public void answer(Request request, String answer) {
        try {
            writeAtomically(directory.resolve(request.id() + REPLY), answer);
        } catch (IOException e) {
            throw new UncheckedIOException("could not answer in " + directory, e);
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content + System.lineSeparator(), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
