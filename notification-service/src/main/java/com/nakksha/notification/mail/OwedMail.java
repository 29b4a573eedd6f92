package com.nakksha.notification.mail;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A mail some event obliges the platform to send. It is owed once per (trigger event id, template,
 * recipient): recording the same one twice records nothing new.
 *
 * @param triggerEventId the event that makes the mail owed (for reminders, a key derived from the session)
 * @param template what is sent
 * @param recipient address as the event carried it
 * @param recipientName display name, or null; CR/LF and other controls are removed before it reaches a header
 * @param consultantId the consultant the mail belongs to, or null for platform mails
 * @param zone IANA zone the recipient reads times in
 * @param model template variables; values are plain strings (instants as ISO-8601 UTC, money in paise)
 * @param notBefore the earliest instant (UTC) the mail may go out
 */
public record OwedMail(UUID triggerEventId, EmailTemplate template, String recipient, String recipientName,
                       UUID consultantId, ZoneId zone, Map<String, String> model, Instant notBefore) {

    public OwedMail {
        Objects.requireNonNull(triggerEventId, "triggerEventId");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(notBefore, "notBefore");
        model = Map.copyOf(model);
    }
}
