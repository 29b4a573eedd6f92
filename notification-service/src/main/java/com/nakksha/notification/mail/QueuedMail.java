package com.nakksha.notification.mail;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

/**
 * An owed mail as the email log holds it while it is being sent.
 *
 * @param id email log id
 * @param notBefore when the mail became due (UTC)
 * @param attempts attempts including the one under way; the claim is valid only while it is unchanged
 * @param leaseUntil until when the claim that read it reserves it for its sender (UTC): no other sender claims it before
 */
public record QueuedMail(UUID id, UUID triggerEventId, EmailTemplate template, String recipient, String recipientName,
                         UUID consultantId, ZoneId zone, Map<String, String> model, Instant notBefore,
                         int attempts, Instant leaseUntil) {
}
