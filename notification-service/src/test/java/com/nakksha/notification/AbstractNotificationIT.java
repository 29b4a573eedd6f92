package com.nakksha.notification;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.nakksha.schemas.tokens.TokenSeal;
import com.nakksha.testsupport.ServiceIT;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import static org.awaitility.Awaitility.await;

/**
 * The running service against the JVM's Postgres and Kafka broker ({@link ServiceIT}), sending over real
 * SMTP to a GreenMail server in the test JVM ({@link NotificationServiceTest}); all integration tests share one application context.
 */
@NotificationServiceTest
public abstract class AbstractNotificationIT extends ServiceIT {

    /** identity-service's local default link-token key, which notification's application.yaml also carries. */
    protected static final String LINK_KEY_ID = "local-dev";
    protected static final String LINK_KEY = "bG9jYWwtZGV2LWxpbmstdG9rZW4ta2V5LW5vLXNlY3I=";

    /** Signs Resend webhooks in tests (Svix format: whsec_ and base64 of the key). */
    protected static final String RESEND_WEBHOOK_SECRET = NotificationServiceTest.RESEND_WEBHOOK_SECRET;

    /** The SMTP server the service sends to; a test may stop it and start it again where the service expects it. */
    protected static final GreenMail smtp = TestMailServer.SMTP;

    /** Seals as identity-service (link tokens) and booking (pay and manage tokens) seal, with the purpose as associated data. */
    protected static String seal(String token, String associatedData) {
        return TokenSeal.seal(LINK_KEY_ID, java.util.Base64.getDecoder().decode(LINK_KEY), token, associatedData);
    }

    /** Every mail GreenMail received for this address so far. */
    protected static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(message -> recipients(message).stream().anyMatch(address::equalsIgnoreCase))
                .toList();
    }

    /** Waits for the first mail to this address. */
    protected static MimeMessage awaitMailTo(String address) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !mailsTo(address).isEmpty());
        return mailsTo(address).getFirst();
    }

    protected static List<String> recipients(MimeMessage message) {
        try {
            jakarta.mail.Address[] all = message.getAllRecipients();
            return all == null ? List.of() : Arrays.stream(all)
                    .map(address -> ((jakarta.mail.internet.InternetAddress) address).getAddress())
                    .toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static List<String> to(MimeMessage message) throws MessagingException {
        return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
    }

    protected String statusOf(java.util.UUID triggerEventId, String template) {
        return database.sql("SELECT status FROM email_log WHERE trigger_event_id = :id AND template = :template")
                .bind("id", triggerEventId).bind("template", template)
                .map(row -> row.get("status", String.class)).one().block();
    }
}
