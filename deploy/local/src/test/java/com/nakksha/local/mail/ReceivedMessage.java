package com.nakksha.local.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * One message as the mail catcher received it (the raw RFC 5322 text in GreenMail's {@code mimeMessage} field),
 * read the way a mail client reads it: Jakarta Mail parses the MIME structure and undoes each part's transfer
 * encoding, whichever of 7bit, quoted-printable or base64 notification-service's mail library picked.
 */
public final class ReceivedMessage {

    private static final Session PARSING_ONLY = Session.getInstance(new Properties());

    private final MimeMessage message;

    private ReceivedMessage(MimeMessage message) {
        this.message = message;
    }

    /**
     * @param raw the message as received, headers and body
     * @throws IllegalArgumentException when the text is not a message Jakarta Mail can parse
     */
    public static ReceivedMessage parse(String raw) {
        try {
            return new ReceivedMessage(new MimeMessage(PARSING_ONLY, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        } catch (MessagingException e) {
            throw new IllegalArgumentException("not a MIME message: " + e.getMessage(), e);
        }
    }

    /** The Message-ID header as sent, or empty when it has none. */
    public Optional<String> messageId() {
        try {
            return Optional.ofNullable(message.getMessageID()).map(String::strip).filter(id -> !id.isEmpty());
        } catch (MessagingException e) {
            throw new IllegalArgumentException("unreadable Message-ID: " + e.getMessage(), e);
        }
    }

    /** The decoded text of every {@code text/*} part, in the order the message carries them (plain before HTML). */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        try {
            collectTexts(message, texts);
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("unreadable MIME body: " + e.getMessage(), e);
        }
        return texts;
    }

    private static void collectTexts(Part part, List<String> texts) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                collectTexts(parts.getBodyPart(i), texts);
            }
        } else if (part.isMimeType("text/*")) {
            texts.add(String.valueOf(part.getContent()));
        }
    }
}
