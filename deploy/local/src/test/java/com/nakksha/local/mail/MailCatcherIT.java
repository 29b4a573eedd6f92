package com.nakksha.local.mail;

import com.nakksha.infrastructure.process.FreePorts;
import com.nakksha.infrastructure.process.JavaRuntime;
import com.nakksha.local.process.Port;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The catcher the launcher starts, on spare ports: a mail sent over SMTP can be read back over its REST API. */
class MailCatcherIT {

    /** The module runs in deploy/local; the catcher's jar is found from the repository's root. */
    private static final Path REPO_ROOT = Path.of("").toAbsolutePath().getParent().getParent();

    @TempDir
    Path dir;

    @Test
    void catchesAMailOverSmtpAndShowsItThroughItsRestApi() throws Exception {
        int[] ports = FreePorts.distinct(2);
        int smtp = ports[0];
        int api = ports[1];

        MailCatcher.Outcome outcome = MailCatcher.ensure(smtp, api, REPO_ROOT, JavaRuntime.current(), dir.resolve("mail.log"), dir);

        assertThat(outcome).isInstanceOf(MailCatcher.Started.class);
        MailCatcher.Started started = (MailCatcher.Started) outcome;
        try {
            assertThat(MailCatcher.ensure(smtp, api, REPO_ROOT, JavaRuntime.current(), dir.resolve("mail.log"), dir))
                    .isInstanceOf(MailCatcher.AlreadyRunning.class);
            send(smtp, "asha@example.test", "Confirm your email address for Nakksha",
                    "Open http://localhost:8080/verify-email?token=abc123");

            HttpResponse<String> caught = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + api + "/api/user/asha@example.test/messages/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(caught.statusCode()).isEqualTo(200);
            assertThat(caught.body()).contains("Confirm your email address for Nakksha")
                    .contains("http://localhost:8080/verify-email?token=abc123");
        } finally {
            started.process().stop(Duration.ofSeconds(5));
        }
        assertThat(new Port(smtp, "mail catcher").isFree()).isTrue();
    }

    @Test
    void aCatcherWhoseHeapFillsUpExitsInsteadOfRunningOnBroken() throws Exception {
        int[] ports = FreePorts.distinct(2);
        Path log = dir.resolve("mail.log");
        MailCatcher.Started started = (MailCatcher.Started) MailCatcher.ensure(ports[0], ports[1], REPO_ROOT,
                JavaRuntime.current(), log, dir);
        // 1 MiB in lines of SMTP's 998 characters at most.
        String body = ("x".repeat(998) + "\r\n").repeat(1050);
        try {
            // Each mail stays in GreenMail's heap; a few hundred of these are several times what it holds.
            for (int sent = 0; sent < 400 && started.process().isAlive(); sent++) {
                try {
                    send(ports[0], "bulk" + sent + "@example.test", "Bulk " + sent, body);
                } catch (IOException | AssertionError refused) {
                    break;
                }
            }
            assertThat(started.process().awaitExit(Duration.ofSeconds(30))).as("the catcher exited").isTrue();
            assertThat(Files.readString(log)).contains("Terminating due to java.lang.OutOfMemoryError");
        } finally {
            started.process().kill();
        }
    }

    /** A plain SMTP dialogue, as notification-service's mail client has with it. */
    private static void send(int port, String to, String subject, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             OutputStream out = socket.getOutputStream()) {
            in.readLine();
            for (String line : new String[]{"HELO localhost", "MAIL FROM:<no-reply@nakksha.local>", "RCPT TO:<" + to + ">", "DATA"}) {
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.readLine();
            }
            out.write(("Subject: " + subject + "\r\nTo: " + to + "\r\n\r\n" + body + "\r\n.\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("250");
        }
    }
}
