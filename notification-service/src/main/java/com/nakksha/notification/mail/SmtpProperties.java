package com.nakksha.notification.mail;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How {@link SmtpMailTransport} keeps its SMTP connections (the server itself is {@code spring.mail.*}).
 *
 * <p>A connection is reused for the next mail, as bulk senders do (Postfix's {@code smtp_connection_cache_*}): a new
 * one costs a TCP handshake, the server's greeting, EHLO, with TLS a handshake and with credentials AUTH, which against
 * the local mail catcher was ~42 ms of a ~90 ms mail. There are at most as many as mails sent at once
 * ({@link MailProperties#concurrency()}).
 *
 * @param idleTimeout a connection unused this long is closed (QUIT) rather than reused; below the five minutes a server
 *                    waits for the next command (RFC 5321 4.5.3.2.7), since many providers close idle ones sooner. A
 *                    reused connection the server closed anyway costs nothing but a new connection: its mail is sent
 *                    again over a fresh one at once
 * @param mailsPerConnection mails sent over one connection before it is closed and a new one opened; 1 opens one per mail
 */
@ConfigurationProperties("nakksha.notification.smtp")
public record SmtpProperties(
        @DefaultValue("30s") Duration idleTimeout,
        @DefaultValue("100") int mailsPerConnection) {

    public SmtpProperties {
        if (mailsPerConnection < 1 || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("nakksha.notification.smtp.mails-per-connection must be at least 1 and idle-timeout not negative");
        }
    }
}
