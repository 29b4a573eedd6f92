package com.nakksha.notification.mail;

/**
 * Where a mail in the email log stands (seed 000's {@code email_logs.status}). QUEUED until the
 * provider accepted it (SENT) or it failed for good (FAILED); SKIPPED when it was no longer true at
 * send time or its recipient turned it off. DELIVERED and BOUNCED come from the provider's webhooks.
 */
public enum EmailStatus {
    QUEUED, SENT, DELIVERED, FAILED, BOUNCED, SKIPPED
}
