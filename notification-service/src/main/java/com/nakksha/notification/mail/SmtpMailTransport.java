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

/** SMTP through Spring's mail support ({@code spring.mail.host}, {@code port}, credentials). */
@Component
@ConditionalOnProperty(name = "nakksha.notification.delivery.provider", havingValue = "smtp", matchIfMissing = true)
class SmtpMailTransport implements MailTransport {

    private final JavaMailSender sender;
    private final MailProperties properties;

    SmtpMailTransport(JavaMailSender sender, MailProperties properties) {
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
            sender.send(message);
            return message.getMessageID();
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalStateException("could not build the message: " + e.getMessage(), e);
        } catch (MailException e) {
            throw new IllegalStateException("SMTP refused or failed: " + e.getMessage(), e);
        }
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
