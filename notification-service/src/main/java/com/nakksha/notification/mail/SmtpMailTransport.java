package com.nakksha.notification.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * SMTP through Spring's mail support ({@code spring.mail.host}, {@code port}, credentials).
 *
 * <p>SMTP has no idempotency key: a crash after the server accepted a mail and before SENT was written sends it
 * again. Each mail's {@code Message-ID} is therefore derived from its email log id ({@link #messageId}), the same on
 * every attempt of that row, so a receiving system (RFC 5322 3.6.4: the id names one message) and our own checks can
 * tell a re-delivery from a second mail (issue 13).
 *
 * <p>Mails go over connections kept open between them ({@link SmtpConnections}, {@link SmtpProperties}) with
 * {@code TCP_NODELAY} on ({@link NoDelaySocketFactory}). A mail whose kept connection fails (the server closed it
 * while it was idle) is sent again at once over a new connection; only a failure on a new connection counts as the
 * attempt's failure, retried by {@link DeliveryJob} with backoff.
 */
@Component
@ConditionalOnProperty(name = "nakksha.notification.delivery.provider", havingValue = "smtp", matchIfMissing = true)
class SmtpMailTransport implements MailTransport, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SmtpMailTransport.class);

    private final JavaMailSenderImpl sender;
    private final MailProperties properties;
    private final SmtpConnections connections;
    private final Clock clock;

    SmtpMailTransport(JavaMailSenderImpl sender, MailProperties properties, SmtpProperties smtp, Clock clock) {
        JakartaMailStreamProvider.nameAngusMail();
        this.sender = sender;
        this.properties = properties;
        this.clock = clock;
        withNoDelaySockets(sender);
        this.connections = new SmtpConnections(sender, smtp);
    }

    /**
     * Adds {@link NoDelaySocketFactory} for {@code smtp} and {@code smtps} unless {@code spring.mail.properties} names a
     * socket factory of its own; setting the properties again makes the sender open a new mail session with them.
     */
    static void withNoDelaySockets(JavaMailSenderImpl sender) {
        Properties mailProperties = new Properties();
        mailProperties.putAll(sender.getJavaMailProperties());
        for (String protocol : new String[] {"smtp", "smtps"}) {
            String prefix = "mail." + protocol + ".socketFactory";
            if (!mailProperties.containsKey(prefix) && !mailProperties.containsKey(prefix + ".class")) {
                mailProperties.put(prefix, NoDelaySocketFactory.INSTANCE);
            }
        }
        sender.setJavaMailProperties(mailProperties);
    }

    @Override
    public String send(String idempotencyKey, String recipient, String recipientName, RenderedMail mail) {
        InternetAddress to = address(recipient, recipientName);
        MimeMessage message = sender.createMimeMessage();
        try {
            MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
                    StandardCharsets.UTF_8.name());
            helper.setFrom(properties.from(), HeaderText.clean(properties.fromName()));
            helper.setTo(to);
            helper.setSubject(HeaderText.clean(mail.subject()));
            helper.setText(mail.text(), mail.html());
            for (SendTimeCheck.Attachment attachment : mail.attachments()) {
                helper.addAttachment(attachment.fileName(), new ByteArrayResource(attachment.content()), attachment.contentType());
            }
            // The Date header: the clock's instant, written in the JVM's zone with its offset (RFC 5322 3.3).
            message.setSentDate(Date.from(clock.instant()));
            message.saveChanges();
            // After saveChanges, which would have replaced it with a random one.
            message.setHeader("Message-ID", messageId(idempotencyKey, properties.from()));
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalStateException("could not build the message: " + e.getMessage(), e);
        }
        try {
            deliver(message);
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException("SMTP refused or failed: " + e.getMessage(), e);
        }
    }

    /** Sends over a kept connection, or a new one; a kept one that fails is dropped and the mail sent over a new one. */
    private void deliver(MimeMessage message) throws MessagingException {
        SmtpConnections.Connection connection = connections.take();
        try {
            send(connection, message);
        } catch (MessagingException failure) {
            // A server that closed the connection while idle shows as an EOF or a 421 reply to the next command; a
            // refusal that was meant (a 5xx) costs one more try on a new connection and is then the attempt's failure.
            if (!connection.reused()) {
                throw failure;
            }
            log.debug("a kept SMTP connection failed ({}); sending over a new one", failure.toString());
            send(connections.takeNew(), message);
        }
    }

    private void send(SmtpConnections.Connection connection, MimeMessage message) throws MessagingException {
        try {
            connection.transport().sendMessage(message, message.getAllRecipients());
        } catch (MessagingException | RuntimeException failure) {
            connections.drop(connection);
            throw failure;
        }
        connections.keep(connection);
    }

    /** Closes connections idle past {@link SmtpProperties#idleTimeout()}, which the server would close on its side. */
    @Scheduled(fixedDelay = 5, timeUnit = TimeUnit.SECONDS)
    void closeIdleConnections() {
        connections.closeIdle();
    }

    @Override
    public void destroy() {
        connections.close();
    }

    /**
     * {@code <email-log-id@sender's domain>}: unique as long as the email log id is (a random UUID per owed mail),
     * and stable across the row's attempts.
     */
    static String messageId(String emailLogId, String from) {
        int at = from.lastIndexOf('@');
        String domain = at < 0 || at == from.length() - 1 ? "nakksha.local" : from.substring(at + 1);
        return "<" + emailLogId + "@" + domain + ">";
    }

    private static InternetAddress address(String recipient, String recipientName) {
        try {
            InternetAddress address = new InternetAddress(recipient, true);
            String name = HeaderText.clean(recipientName);
            if (!name.isEmpty()) {
                address.setPersonal(name, StandardCharsets.UTF_8.name());
            }
            return address;
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new PermanentMailFailure("not a valid recipient address", e);
        }
    }
}
