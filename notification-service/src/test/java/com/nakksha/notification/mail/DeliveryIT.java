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
