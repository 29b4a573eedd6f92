package com.nakksha.notification.mail;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How owed mails are delivered. SMTP itself is configured under {@code spring.mail.*}.
 *
 * @param from the sender address of every mail
 * @param fromName the sender's display name
 * @param maxAttempts sending attempts before a mail is marked FAILED
 * @param initialBackoff wait after the first failed attempt; doubles with each further one
 * @param maxBackoff longest wait between two attempts
 * @param lease how long a claimed mail is reserved for the instance sending it; after a crash it is
 *              sent again once the lease runs out (the at-least-once edge SMTP cannot close)
 * @param batch mails claimed per round
 * @param provider {@code smtp} (Spring's mail support, {@code spring.mail.*}) or {@code resend}
 *                 (Resend's HTTP API, {@code nakksha.notification.resend.*})
 */
@ConfigurationProperties("nakksha.notification.delivery")
public record MailProperties(
        @DefaultValue("no-reply@nakksha.local") String from,
        @DefaultValue("Nakksha") String fromName,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("10s") Duration initialBackoff,
        @DefaultValue("30m") Duration maxBackoff,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("50") int batch,
        @DefaultValue("smtp") String provider) {

    /** Wait before attempt {@code attempt + 1}, after {@code attempt} failed ones (1-based). */
    public Duration backoffAfter(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
