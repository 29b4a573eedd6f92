package com.nakksha.notification.mail;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Which email log entries a list covers; null or empty means any.
 *
 * @param consultantId the tenant the entries belong to; null only for an admin's list of all
 * @param createdFrom UTC instant, inclusive
 * @param createdBefore UTC instant, exclusive
 * @param recipient text matched literally, case-insensitively, in the recipient address
 */
public record EmailLogFilter(UUID consultantId, Set<EmailStatus> statuses, Set<EmailTemplate> templates,
                             Instant createdFrom, Instant createdBefore, String recipient) {
}
