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
 * @param batch mails claimed per round; a round's mails are sent before the next round claims, so the
 *              most urgent due mails wait for at most one round
 * @param concurrency mails of a round sent at the same time, each on its own thread, over its own SMTP
 *                    connection or HTTP call (at least 1). Every one holds at most one of the service's
 *                    database connections at a time ({@code spring.r2dbc.pool.max-size}, 10), and a
 *                    provider's rate limit still applies (Resend's default is 2 requests a second; more
 *                    are answered 429 and retried with backoff)
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
        @DefaultValue("smtp") String provider,
        @DefaultValue("4") int concurrency) {

    public MailProperties {
        if (batch < 1 || concurrency < 1) {
            throw new IllegalArgumentException("nakksha.notification.delivery.batch and .concurrency must be at least 1");
        }
    }

    /** Wait before attempt {@code attempt + 1}, after {@code attempt} failed ones (1-based). */
    public Duration backoffAfter(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
