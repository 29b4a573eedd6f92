package com.nakksha.notification.mail;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nakksha.events.ConsultantEmailLinkRequested;
import com.nakksha.events.EmailLinkPurpose;
import com.nakksha.notification.AbstractNotificationIT;
import com.nakksha.schemas.Topic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryIT extends AbstractNotificationIT {

    @Test
    void aMailOwedWhileTheSmtpServerIsDownIsRetriedAndSentOnceItIsBack() {
        String email = "outage." + UUID.randomUUID() + "@example.test";
        ConsultantEmailLinkRequested link = link(email);
        smtp.stop();
        try {
            send(Topic.IDENTITY_CONSULTANT, link.getConsultantId().toString(), link);
            await().atMost(Duration.ofSeconds(30)).until(() -> attempts(link.getEventId()) >= 2);
            assertThat(statusOf(link.getEventId(), "EMAIL_VERIFICATION")).isEqualTo("QUEUED");
            assertThat(lastError(link.getEventId())).isNotBlank();
        } finally {
            smtp.start();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(email).size() == 1);
        await().untilAsserted(() -> assertThat(statusOf(link.getEventId(), "EMAIL_VERIFICATION")).isEqualTo("SENT"));
    }

    /**
     * Issue 13: a kill between the SMTP server's answer and the SENT mark sends the mail again; both copies carry one
     * Message-ID, derived from the email log row, so the recipient's systems can tell a re-delivery from a new mail.
     */
    @Test
    void aMailSentAgainAfterACrashBeforeItsSentMarkCarriesTheSameMessageId() {
        String email = "crash." + UUID.randomUUID() + "@example.test";
        ConsultantEmailLinkRequested link = link(email);
        send(Topic.IDENTITY_CONSULTANT, link.getConsultantId().toString(), link);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(statusOf(link.getEventId(), "EMAIL_VERIFICATION")));
        UUID row = database.sql("SELECT id FROM email_log WHERE trigger_event_id = :id").bind("id", link.getEventId())
                .map(r -> r.get("id", UUID.class)).one().block();

        // What the kill leaves: the row still QUEUED under its claim, taken again once the lease has run out.
        database.sql("""
                        UPDATE email_log SET status = 'QUEUED', sent_at = NULL, provider_message_id = NULL, next_attempt_at = now()
                        WHERE id = :id""").bind("id", row).then().block();

        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(email).size() == 2);
        List<String> messageIds = mailsTo(email).stream().map(DeliveryIT::messageId).toList();
        assertThat(messageIds.getFirst()).startsWith("<" + row + "@");
        assertThat(messageIds).containsOnly(messageIds.getFirst());
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(statusOf(link.getEventId(), "EMAIL_VERIFICATION")));
        assertThat(database.sql("SELECT provider_message_id FROM email_log WHERE id = :id").bind("id", row)
                .map(r -> r.get("provider_message_id", String.class)).one().block()).isEqualTo(messageIds.getFirst());
    }

    @Test
    void anAddressThatIsNoAddressFailsAtOnceWithTheReason() {
        ConsultantEmailLinkRequested link = link("not an address@@example.test");
        send(Topic.IDENTITY_CONSULTANT, link.getConsultantId().toString(), link);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(statusOf(link.getEventId(), "EMAIL_VERIFICATION")).isEqualTo("FAILED"));
        assertThat(lastError(link.getEventId())).contains("not a valid recipient address");
        assertThat(attempts(link.getEventId())).isEqualTo(1);
    }

    @Test
    void aBurstOfMailsSentConcurrentlyGoesOutOncePerMailAtTheFirstAttempt() {
        List<ConsultantEmailLinkRequested> links = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            ConsultantEmailLinkRequested link = link("many" + i + "." + UUID.randomUUID() + "@example.test");
            links.add(link);
            send(Topic.IDENTITY_CONSULTANT, link.getConsultantId().toString(), link);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(links)
                .allSatisfy(link -> assertThat(statusOf(link.getEventId(), "EMAIL_VERIFICATION")).isEqualTo("SENT")));
        assertThat(links).allSatisfy(link -> {
            assertThat(mailsTo(link.getEmail().toString())).hasSize(1);
            assertThat(attempts(link.getEventId())).isEqualTo(1);
        });
    }

    private ConsultantEmailLinkRequested link(String email) {
        UUID consultant = UUID.randomUUID();
        return ConsultantEmailLinkRequested.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setConsultantId(consultant).setEmail(email)
                .setFirstName("Dev").setPurpose(EmailLinkPurpose.EMAIL_VERIFICATION)
                .setSealedToken(seal("t", "EMAIL_VERIFICATION:" + consultant))
                .setExpiresAt(Instant.now().plus(Duration.ofHours(1))).build();
    }

    private static String messageId(jakarta.mail.internet.MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private int attempts(UUID eventId) {
        Integer attempts = database.sql("SELECT attempts FROM email_log WHERE trigger_event_id = :id").bind("id", eventId)
                .map(row -> row.get("attempts", Integer.class)).one().block();
        return attempts == null ? 0 : attempts;
    }

    private String lastError(UUID eventId) {
        return database.sql("SELECT last_error FROM email_log WHERE trigger_event_id = :id").bind("id", eventId)
                .map(row -> row.get("last_error", String.class)).one().block();
    }
}
