package com.nakksha.local.faults;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nakksha.local.mail.ReceivedMessage;
import tools.jackson.databind.JsonNode;

/**
 * What one address received on the mail catcher, per subject: each Message-ID and how many copies of it arrived.
 * notification-service derives a mail's Message-ID from its email log row, one per owed (event, template,
 * recipient): two Message-IDs under one subject are two mails owed, two copies of one Message-ID are one mail sent
 * again (a kill between the SMTP server's answer and the SENT mark, which SMTP cannot rule out).
 */
record ReceivedMails(Map<String, Map<String, Integer>> bySubject) {

    /** @param messages GreenMail's answer to {@code GET /api/user/<address>/messages/} */
    static ReceivedMails of(JsonNode messages) {
        Map<String, Map<String, Integer>> bySubject = new LinkedHashMap<>();
        for (JsonNode message : messages) {
            // A message without a Message-ID counts as a mail of its own (GreenMail's uid): never hidden as a copy.
            String messageId = messageId(message);
            String identity = messageId.isBlank() ? "uid " + message.path("uid").asString() : messageId;
            bySubject.computeIfAbsent(message.path("subject").asString(), subject -> new LinkedHashMap<>())
                    .merge(identity, 1, Integer::sum);
        }
        return new ReceivedMails(bySubject);
    }

    /**
     * The Message-ID header as sent, read from the raw message ({@code mimeMessage}): GreenMail's {@code messageId}
     * field was blank for every mail of a stack run, so each copy looked like a mail of its own.
     */
    static String messageId(JsonNode message) {
        return ReceivedMessage.parse(message.path("mimeMessage").asString("")).messageId()
                .orElseGet(() -> message.path("messageId").asString(""));
    }

    long count() {
        return bySubject.values().stream().flatMap(ids -> ids.values().stream()).mapToLong(Integer::longValue).sum();
    }

    /** Subjects that arrived under more than one Message-ID, with those ids: mails owed more than once. */
    Map<String, List<String>> owedMoreThanOnce() {
        Map<String, List<String>> found = new LinkedHashMap<>();
        bySubject.forEach((subject, ids) -> {
            if (ids.size() > 1) {
                found.put(subject, List.copyOf(ids.keySet()));
            }
        });
        return found;
    }

    /** "n copies of <Message-ID> "subject"" for each Message-ID that arrived more than once. */
    List<String> redelivered() {
        return bySubject.entrySet().stream().flatMap(subject -> subject.getValue().entrySet().stream()
                        .filter(id -> id.getValue() > 1)
                        .map(id -> id.getValue() + " copies of " + id.getKey() + " \"" + subject.getKey() + "\""))
                .toList();
    }

    /** Copies beyond the first of every Message-ID. */
    long redeliveries() {
        return bySubject.values().stream().flatMap(ids -> ids.values().stream()).mapToLong(copies -> copies - 1).sum();
    }
}
