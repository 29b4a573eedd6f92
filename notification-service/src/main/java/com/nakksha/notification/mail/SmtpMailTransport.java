package com.nakksha.notification.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * SMTP through Spring's mail support ({@code spring.mail.host}, {@code port}, credentials).
 *
 * <p>SMTP has no idempotency key: a crash after the server accepted a mail and before SENT was written sends it
 * again. Each mail's {@code Message-ID} is therefore derived from its email log id ({@link #messageId}), the same on
 * every attempt of that row, so a receiving system (RFC 5322 3.6.4: the id names one message) and our own checks can
 * tell a re-delivery from a second mail (issue 13).
 */
@Component
@ConditionalOnProperty(name = "nakksha.notification.delivery.provider", havingValue = "smtp", matchIfMissing = true)
class SmtpMailTransport implements MailTransport {

    private final JavaMailSender sender;
    private final MailProperties properties;

    SmtpMailTransport(JavaMailSender sender, MailProperties properties) {
        JakartaMailStreamProvider.nameAngusMail();
        this.sender = sender;
        this.properties = properties;
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
            // JavaMailSenderImpl keeps a Message-ID set before sending instead of generating a random one.
            message.setHeader("Message-ID", messageId(idempotencyKey, properties.from()));
            sender.send(message);
            return message.getMessageID();
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalStateException("could not build the message: " + e.getMessage(), e);
        } catch (MailException e) {
            throw new IllegalStateException("SMTP refused or failed: " + e.getMessage(), e);
        }
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
