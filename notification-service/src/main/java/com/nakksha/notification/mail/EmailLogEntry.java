package com.nakksha.notification.mail;

import java.time.Instant;
import java.util.UUID;

/**
 * One owed mail as the email-log API shows it. The template model stays out: it may hold sealed
 * link tokens meant for the recipient only.
 *
 * @param consultantId the consultant the mail belongs to; null for platform mails (admins only see those)
 * @param notBefore earliest instant (UTC) the mail may go out; reminders are queued days ahead
 * @param attempts sending attempts so far
 * @param providerMessageId the provider's id once it accepted the mail
 * @param error the last provider error, or why it failed
 * @param skipReason why it was not sent (SKIPPED)
 * @param createdAt when it was queued (UTC)
 * @param sentAt when the provider accepted it (UTC)
 */
public record EmailLogEntry(UUID id, EmailTemplate template, String recipient, UUID consultantId, EmailStatus status,
                            String subject, Instant notBefore, int attempts, String providerMessageId, String error,
                            String skipReason, Instant createdAt, Instant sentAt, Instant updatedAt) {
}
