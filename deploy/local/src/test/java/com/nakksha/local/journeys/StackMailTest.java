package com.nakksha.local.journeys;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class StackMailTest {

    private static final Pattern VERIFICATION_LINK = Pattern.compile("https?://[^\\s\"'<>]+/verify-email\\?token=([^\\s\"'<>&]+)");

    /**
     * The link as sent, whatever transfer encoding Jakarta Mail picked for the body: 7bit for an all-ASCII mail. The
     * hand-written reader before it decoded every body as quoted-printable, so a 7bit {@code token=3D…} read as
     * {@code token=…} without its first two characters, and the journey presented a token identity never issued.
     */
    @ParameterizedTest(name = "{0} token {1}")
    @CsvSource({
            "ASCII,          ABq0mVh3Zk9xT1b2c3d4e5f6g7h8i9j0kLmNoPqRsTu",
            "ASCII,          9F-_x0mVh3Zk9xT1b2c3d4e5f6g7h8i9j0kLmNoPqRsT",
            "ASCII,          3Dq0mVh3Zk9xT1b2c3d4e5f6g7h8i9j0kLmNoPqRsTu",
            "₹ and ASCII,    ABq0mVh3Zk9xT1b2c3d4e5f6g7h8i9j0kLmNoPqRsTu",
            "देवनागरी पाठ,   3Dq0mVh3Zk9xT1b2c3d4e5f6g7h8i9j0kLmNoPqRsTu"})
    void findsTheLinkAsSentInEveryTransferEncoding(String greeting, String token) throws Exception {
        String link = "http://localhost:5173/verify-email?token=" + token;
        String raw = mail(greeting + "\r\n\r\nPlease confirm your email address by opening this link:\r\n\r\n" + link + "\r\n",
                "<p>" + greeting + "</p><p><a href=\"" + link + "\" style=\"background:#2d6cdf;color:#fff;padding:10px 16px;"
                        + "text-decoration:none;border-radius:4px;\">Confirm email address</a></p>");

        assertThat(StackMail.firstMatch(raw, VERIFICATION_LINK)).contains(link);
    }

    /** A multipart mail as notification-service's MimeMessageHelper lays it out: mixed, related, alternative. */
    private static String mail(String text, String html) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("Confirm your email", StandardCharsets.UTF_8.name());
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, StandardCharsets.UTF_8.name());
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html, StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative", plain, rich);
        MimeBodyPart alternativePart = new MimeBodyPart();
        alternativePart.setContent(alternative);
        MimeMultipart related = new MimeMultipart("related", alternativePart);
        MimeBodyPart relatedPart = new MimeBodyPart();
        relatedPart.setContent(related);
        message.setContent(new MimeMultipart("mixed", relatedPart));
        message.saveChanges();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
