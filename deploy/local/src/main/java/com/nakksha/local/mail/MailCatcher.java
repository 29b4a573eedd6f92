package com.nakksha.local.mail;

import com.nakksha.infrastructure.process.JavaRuntime;
import com.nakksha.local.process.ManagedProcess;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Catches every mail notification-service sends on the local stack: GreenMail's standalone server
 * (copied from Maven into {@code deploy/local/target/mailcatcher} when the launcher is built) takes
 * SMTP on 3025 and shows what it caught through its REST API on 8025
 * ({@code GET /api/user/<address>/messages/}). Nothing leaves the machine.
 *
 * <p>GreenMail keeps every mail it caught in its heap ({@value #HEAP}, some tens of thousands of mails); a catcher
 * that fills it exits rather than running on with dead threads, and the launcher starts it again, empty, while
 * notification-service retries what it could not hand over. {@code POST /api/mail/purge} on its REST API empties it.
 */
public final class MailCatcher {

    public static final String HOST = "127.0.0.1";
    public static final int SMTP_PORT = 3025;
    public static final int API_PORT = 8025;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final String HEAP = "128m";

    /** What the launcher found or did about the mail catcher. */
    public sealed interface Outcome {
        String describe();
    }

    public record AlreadyRunning() implements Outcome {
        public String describe() {
            return "SMTP " + HOST + ":" + SMTP_PORT + " (already listening, not started by the launcher)";
        }
    }

    public record Started(ManagedProcess process) implements Outcome {
        public String describe() {
            return "SMTP " + HOST + ":" + SMTP_PORT + ", caught mails at http://localhost:" + API_PORT
                    + "/api/user/<address>/messages/";
        }
    }

    public record Unavailable(String reason) implements Outcome {
        public String describe() {
            return "not available (" + reason + "): notification-service retries its mails until an SMTP server answers";
        }
    }

    private MailCatcher() {
    }

    public static Path jarOf(Path repoRoot) {
        return repoRoot.resolve("deploy/local/target/mailcatcher/greenmail-standalone.jar");
    }

    public static Outcome ensure(Path repoRoot, JavaRuntime java, Path logFile, Path workingDir) throws IOException {
        return ensure(SMTP_PORT, API_PORT, repoRoot, java, logFile, workingDir);
    }

    static Outcome ensure(int smtpPort, int apiPort, Path repoRoot, JavaRuntime java, Path logFile, Path workingDir)
            throws IOException {
        if (isListening(smtpPort)) {
            return new AlreadyRunning();
        }
        Path jar = jarOf(repoRoot);
        if (!Files.isRegularFile(jar)) {
            return new Unavailable(jar + " is missing; build the launcher with mvn -pl deploy/local -am package");
        }
        if (isListening(apiPort)) {
            return new Unavailable("port " + apiPort + " for its REST API is taken");
        }
        ManagedProcess catcher = ManagedProcess.start("mailcatcher", List.of(java.executable().toString(), "-Xms16m", "-Xmx" + HEAP,
                        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                        "-Dgreenmail.smtp.hostname=" + HOST, "-Dgreenmail.smtp.port=" + smtpPort,
                        "-Dgreenmail.api.hostname=" + HOST, "-Dgreenmail.api.port=" + apiPort,
                        "-jar", jar.toString()),
                Map.of(), workingDir, logFile);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && catcher.isAlive()) {
            if (isListening(smtpPort) && isListening(apiPort)) {
                return new Started(catcher);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        catcher.kill();
        return new Unavailable("GreenMail did not open " + smtpPort + " and " + apiPort + " within "
                + START_TIMEOUT.toSeconds() + " s; see " + logFile);
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
