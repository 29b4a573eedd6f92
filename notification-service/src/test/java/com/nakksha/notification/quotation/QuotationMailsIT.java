package com.nakksha.notification.quotation;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.QuotationExpired;
import com.nakksha.events.QuotationRejected;
import com.nakksha.events.QuotationSent;
import com.nakksha.events.QuotationViewed;
import com.nakksha.notification.AbstractNotificationIT;
import com.nakksha.notification.MailParts;
import com.nakksha.schemas.Topic;
import jakarta.mail.internet.MimeMessage;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Quotation mails from quotation-service's events, decided from the quotation's state at send time. */
class QuotationMailsIT extends AbstractNotificationIT {

    private final UUID consultant = UUID.randomUUID();
    private final UUID quotation = UUID.randomUUID();
    private final String consultantEmail = "neha." + consultant + "@example.test";
    private final String clientEmail = "vikram." + quotation + "@example.test";
    private final String shareUrl = "http://localhost:8080/q/share-" + quotation;

    @Test
    void theClientGetsTheQuotationWithItsShareLinkAndValidityAndTheConsultantHearsOfViewAndAcceptance() throws Exception {
        consultant("Asia/Kolkata");
        sent(Instant.parse("2031-06-30T18:29:00Z"));

        MimeMessage mail = awaitMailTo(clientEmail);

        assertThat(mail.getSubject()).isEqualTo("Quotation from Neha Shah: Website audit");
        assertThat(MailParts.text(mail))
                .contains("Hello Vikram <Client>,")
                .contains("₹1,23,456.50")
                .contains("Mon, 30 Jun 2031, 11:59 PM IST (Asia/Kolkata)")
                .contains(shareUrl);
        assertThat(MailParts.html(mail)).contains("href=\"" + shareUrl + "\"").contains("Vikram &lt;Client&gt;");

        QuotationViewed viewed = QuotationViewed.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(consultant).setQuotationId(quotation).setViewCount(1).build();
        publish(viewed);
        publish(viewed);
        publish(QuotationAccepted.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultant)
                .setQuotationId(quotation).setAmountMinor(12345650).setCurrency("INR").build());

        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(consultantEmail).size() >= 2);
        assertThat(subjects(consultantEmail)).containsExactlyInAnyOrder(
                "Vikram <Client> opened your quotation \"Website audit\"",
                "Vikram <Client> accepted your quotation \"Website audit\"");
        assertThat(count("QUOTATION_VIEWED")).as("a redelivered view owes nothing new").isEqualTo(1);
    }

    @Test
    void aRejectionTellsTheConsultantTheReasonEscaped() throws Exception {
        consultant("Europe/Berlin");
        sent(Instant.parse("2031-06-30T18:29:00Z"));
        publish(QuotationRejected.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultant)
                .setQuotationId(quotation).setReason("<script>too dear</script>").build());

        MimeMessage mail = awaitMailTo(consultantEmail);

        assertThat(mail.getSubject()).isEqualTo("Vikram <Client> declined your quotation \"Website audit\"");
        assertThat(MailParts.text(mail)).contains("Their reason: <script>too dear</script>");
        assertThat(MailParts.html(mail)).contains("&lt;script&gt;too dear&lt;/script&gt;").doesNotContain("<script>");
    }

    @Test
    void theExpiringSoonMailGoesADayBeforeTheEndAndIsSkippedOnceAnswered() throws Exception {
        consultant("Asia/Kolkata");
        Instant validUntil = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        sent(validUntil);
        awaitMailTo(clientEmail);
        assertThat(notBefore("QUOTATION_EXPIRING_SOON")).isEqualTo(validUntil.minus(Duration.ofHours(24)));

        clock.advance(Duration.ofDays(2).plusMinutes(1));
        MimeMessage mail = awaitMailTo(consultantEmail);
        assertThat(mail.getSubject()).startsWith("Your quotation \"Website audit\" expires ");
        assertThat(MailParts.text(mail)).contains("has not answered").contains(clientEmail);

        publish(QuotationExpired.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultant)
                .setQuotationId(quotation).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(consultantEmail).size() == 2);
        assertThat(mailsTo(consultantEmail).get(1).getSubject()).isEqualTo("Your quotation \"Website audit\" expired");
    }

    @Test
    void anAnsweredQuotationGetsNoExpiringSoonMail() {
        consultant("Asia/Kolkata");
        Instant validUntil = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        sent(validUntil);
        awaitMailTo(clientEmail);
        QuotationAccepted accepted = QuotationAccepted.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(consultant).setQuotationId(quotation).setAmountMinor(12345650).setCurrency("INR").build();
        publish(accepted);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(statusOf(accepted.getEventId(), "QUOTATION_ACCEPTED")));

        clock.advance(Duration.ofDays(2).plusMinutes(1));

        await().atMost(Duration.ofSeconds(30)).until(() -> "SKIPPED".equals(status("QUOTATION_EXPIRING_SOON")));
        assertThat(mailsTo(consultantEmail)).hasSize(1);
    }

    private void consultant(String zone) {
        publish(ConsultantRegistered.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultant)
                .setEmail(consultantEmail).setFirstName("Neha").setLastName("Shah").setPhoneCountryCode("+91")
                .setPhoneNumber("9800000001").build());
        publish(ConsultantProfileUpdated.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultant)
                .setSlug("neha-" + consultant).setFirstName("Neha").setLastName("Shah").setCurrency("INR").setTimezone(zone)
                .setProfileVersion(1).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> database.sql(
                        "SELECT count(*) FROM contact WHERE consultant_id = :id AND time_zone IS NOT NULL")
                .bind("id", consultant).map(row -> row.get(0, Long.class)).one().block() == 1);
    }

    private void sent(Instant validUntil) {
        publish(QuotationSent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultant)
                .setQuotationId(quotation).setClientName("Vikram <Client>").setClientEmail(clientEmail).setTitle("Website audit")
                .setAmountMinor(12345650).setCurrency("INR").setValidUntil(validUntil).setShareUrl(shareUrl).build());
    }

    private void publish(SpecificRecord event) {
        if (event.getSchema().getName().startsWith("Quotation")) {
            send(Topic.QUOTATION_QUOTATION, quotation.toString(), event);
        } else {
            send(Topic.IDENTITY_CONSULTANT, consultant.toString(), event);
        }
    }

    private long count(String template) {
        return database.sql("SELECT count(*) FROM email_log WHERE template = :template AND model->>'quotationId' = :id")
                .bind("template", template).bind("id", quotation.toString()).map(row -> row.get(0, Long.class)).one().block();
    }

    private String status(String template) {
        return database.sql("SELECT status FROM email_log WHERE template = :template AND model->>'quotationId' = :id")
                .bind("template", template).bind("id", quotation.toString()).map(row -> row.get("status", String.class)).one().block();
    }

    private Instant notBefore(String template) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count(template) == 1);
        return database.sql("SELECT not_before FROM email_log WHERE template = :template AND model->>'quotationId' = :id")
                .bind("template", template).bind("id", quotation.toString())
                .map(row -> row.get("not_before", java.time.OffsetDateTime.class).toInstant()).one().block();
    }

    private static java.util.List<String> subjects(String address) {
        return mailsTo(address).stream().map(mail -> {
            try {
                return mail.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
