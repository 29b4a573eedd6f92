package com.nakksha.local.journeys;

import com.nakksha.local.mail.MailCatcher;
import com.nakksha.local.mail.ReceivedMessage;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A recipient's inbox on the launcher's mail catcher (GreenMail's REST API on {@link MailCatcher#API_PORT}),
 * where notification-service delivers over SMTP: the journeys read the links people get by mail from here.
 */
final class StackMail {

    /** Mail goes out from notification-service's queue after the event reached it: seconds, more on a busy machine. */
    private static final Duration EVENTUAL = Duration.ofSeconds(90);

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StackMail() {
    }

    /**
     * The first match of {@code link} in any mail to {@code recipient}, waiting up to 90 s for one.
     *
     * @param link a pattern whose whole match is returned, searched in the mails' decoded bodies
     * @throws AssertionError naming the recipient and the mails' subjects when none matches in time
     */
    static String awaitLink(String recipient, Pattern link) {
        AtomicReference<List<String>> subjects = new AtomicReference<>(List.of());
        try {
            return await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(500))
                    .until(() -> firstLink(recipient, link, subjects), Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException timedOut) {
            throw new AssertionError("no mail to " + recipient + " with a link like " + link + " in " + EVENTUAL.toSeconds()
                    + " s; mails there: " + subjects.get(), timedOut);
        }
    }

    /** The first match of {@code link} in the mails to {@code recipient} now; their subjects go to {@code subjects}. */
    private static Optional<String> firstLink(String recipient, Pattern link, AtomicReference<List<String>> subjects) {
        List<String> seen = new ArrayList<>();
        for (JsonNode message : inbox(recipient)) {
            seen.add(message.path("subject").asString());
            Optional<String> found = firstMatch(message.path("mimeMessage").asString(""), link);
            if (found.isPresent()) {
                return found;
            }
        }
        subjects.set(seen);
        return Optional.empty();
    }

    /** The first whole match of {@code link} in the decoded text parts of {@code raw}, a message as received. */
    static Optional<String> firstMatch(String raw, Pattern link) {
        return ReceivedMessage.parse(raw).texts().stream()
                .map(link::matcher)
                .filter(Matcher::find)
                .map(Matcher::group)
                .findFirst();
    }

    private static JsonNode inbox(String recipient) {
        URI uri = URI.create("http://" + MailCatcher.HOST + ":" + MailCatcher.API_PORT + "/api/user/"
                + URLEncoder.encode(recipient, StandardCharsets.UTF_8) + "/messages/");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            // GreenMail 2.1 answers 400 "User '<address>' not found" until the first mail to that address arrives.
            return response.statusCode() == 200 ? PlatformClient.JSON.readTree(response.body()) : PlatformClient.JSON.createArrayNode();
        } catch (IOException e) {
            throw new IllegalStateException("the mail catcher at " + uri + " does not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
