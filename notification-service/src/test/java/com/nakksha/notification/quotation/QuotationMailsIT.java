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
import com.nakksha.events.QuotationWithdrawn;
import com.nakksha.notification.AbstractNotificationIT;
import com.nakksha.notification.MailParts;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TopicProbe;
import jakarta.mail.internet.MimeMessage;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    void theClientsMailCarriesTheQuotationPdfFromTheSentEvent() throws Exception {
        consultant("Asia/Kolkata");
        byte[] pdf = quotationPdf("Quotation no. " + quotation, "Website audit", "Total: INR 1,23,456.50");
        send(Topic.QUOTATION_QUOTATION, quotation.toString(), sentEvent(Instant.parse("2031-06-30T18:29:00Z"))
                .setPdf(java.nio.ByteBuffer.wrap(pdf)).build());

        MimeMessage mail = awaitMailTo(clientEmail);

        jakarta.mail.Part attachment = MailParts.all(mail).stream()
                .filter(part -> fileName(part) != null && fileName(part).endsWith(".pdf")).findFirst()
                .orElseThrow(() -> new AssertionError("no PDF attached"));
        assertThat(attachment.isMimeType("application/pdf")).isTrue();
        assertThat(attachment.getDisposition()).isEqualToIgnoringCase(jakarta.mail.Part.ATTACHMENT);
        assertThat(fileName(attachment)).isEqualTo("quotation-" + quotation + ".pdf");
        byte[] received = attachment.getInputStream().readAllBytes();
        assertThat(received).isEqualTo(pdf);
        try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(received)) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(document))
                    .contains("Quotation no. " + quotation).contains("Total: INR 1,23,456.50");
        }
        assertThat(MailParts.text(mail)).contains("The quotation is attached as a PDF.").contains(shareUrl);
        assertThat(database.sql("SELECT model::text FROM email_log WHERE template = 'QUOTATION_SENT' AND model->>'quotationId' = :id")
                .bind("id", quotation.toString()).map(row -> row.get(0, String.class)).one().block())
                .as("the document stays in the replica, not copied into the log").doesNotContain("JVBER");
    }

    @Test
    void aQuotationSentByAnOlderQuotationServiceIsMailedWithoutAnAttachment() throws Exception {
        consultant("Asia/Kolkata");
        sent(Instant.parse("2031-06-30T18:29:00Z"));

        MimeMessage mail = awaitMailTo(clientEmail);

        assertThat(MailParts.all(mail)).noneMatch(part -> fileName(part) != null);
        assertThat(MailParts.text(mail)).doesNotContain("attached").contains(shareUrl);
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

    /**
     * The expiring-soon mail is owed when the quotation is sent and comes due days later: whatever
     * ended the quotation meanwhile (the client's answer, or the consultant taking it back) leaves it
     * SKIPPED with the state named, and the consultant gets no "expires soon" for a quotation that
     * cannot expire any more.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ACCEPTED", "REJECTED", "WITHDRAWN"})
    void aQuotationThatEndedBeforeItsExpiringSoonMailCameDueGetsNone(String end) {
        consultant("Asia/Kolkata");
        Instant validUntil = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        sent(validUntil);
        awaitMailTo(clientEmail);
        SpecificRecord ended = switch (end) {
            case "ACCEPTED" -> QuotationAccepted.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                    .setConsultantId(consultant).setQuotationId(quotation).setAmountMinor(12345650).setCurrency("INR").build();
            case "REJECTED" -> QuotationRejected.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                    .setConsultantId(consultant).setQuotationId(quotation).build();
            default -> QuotationWithdrawn.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                    .setConsultantId(consultant).setQuotationId(quotation).build();
        };
        publish(ended);
        await().atMost(Duration.ofSeconds(30)).until(() -> end.equals(replicaStatus()));

        clock.advance(Duration.ofDays(2).plusMinutes(1));

        await().atMost(Duration.ofSeconds(30)).until(() -> "SKIPPED".equals(status("QUOTATION_EXPIRING_SOON")));
        assertThat(skipReason("QUOTATION_EXPIRING_SOON")).isEqualTo("the quotation is " + end.toLowerCase(java.util.Locale.ROOT));
        assertThat(subjects(consultantEmail)).as("the answer's own mail at most, never an expiring-soon")
                .noneMatch(subject -> subject.contains("expires"));
    }

    /**
     * quotation-service sends a quotation once, so a QuotationSent arriving after the quotation's end (re-driven from
     * the dead-letter topic) neither reopens it nor mails the client a link to a quotation that is over.
     */
    @Test
    void aSendDeliveredAfterTheQuotationWasWithdrawnReopensNothingAndMailsNothing() {
        consultant("Asia/Kolkata");
        Instant validUntil = Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        sent(validUntil);
        awaitMailTo(clientEmail);
        publish(QuotationWithdrawn.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(consultant).setQuotationId(quotation).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> "WITHDRAWN".equals(replicaStatus()));

        QuotationSent late = sentEvent(validUntil).build();
        publish(late);
        await().atMost(Duration.ofSeconds(30)).until(() -> database.sql("SELECT count(*) FROM inbox_event WHERE event_id = :id")
                .bind("id", late.getEventId()).map(row -> row.get(0, Long.class)).one().block() == 1);

        assertThat(replicaStatus()).isEqualTo("WITHDRAWN");
        assertThat(count("QUOTATION_SENT")).as("the first send's mail only").isEqualTo(1);
        assertThat(mailsTo(clientEmail)).hasSize(1);
    }

    /**
     * An end of a quotation the replica never got (its QuotationSent was dead-lettered) is not dropped as applied:
     * it follows the send to the dead-letter topic, so a re-drive applies both, in order.
     */
    @Test
    void anEndOfAQuotationWhoseSendWasNeverAppliedFollowsItToTheDeadLetterTopic() {
        QuotationWithdrawn withdrawn = QuotationWithdrawn.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(consultant).setQuotationId(quotation).build();
        try (TopicProbe deadLetters = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(),
                Topic.QUOTATION_QUOTATION.deadLetterTopicName())) {
            publish(withdrawn);
            deadLetters.awaitRecords(records -> records.stream().anyMatch(record -> quotation.toString().equals(record.key())),
                    Duration.ofSeconds(60));
        }
        assertThat(replicaStatus()).isNull();
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
        publish(sentEvent(validUntil).build());
    }

    private QuotationSent.Builder sentEvent(Instant validUntil) {
        return QuotationSent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultant)
                .setQuotationId(quotation).setClientName("Vikram <Client>").setClientEmail(clientEmail).setTitle("Website audit")
                .setAmountMinor(12345650).setCurrency("INR").setValidUntil(validUntil).setShareUrl(shareUrl);
    }

    /** A PDF with these lines, standing in for the one quotation-service renders (QuotationsIT checks that one). */
    private static byte[] quotationPdf(String... lines) throws java.io.IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument document = new org.apache.pdfbox.pdmodel.PDDocument();
             java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
            document.addPage(page);
            try (org.apache.pdfbox.pdmodel.PDPageContentStream stream = new org.apache.pdfbox.pdmodel.PDPageContentStream(document, page)) {
                stream.beginText();
                stream.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
                        org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 11);
                stream.newLineAtOffset(56, 700);
                for (String line : lines) {
                    stream.showText(line);
                    stream.newLineAtOffset(0, -16);
                }
                stream.endText();
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    private static String fileName(jakarta.mail.Part part) {
        try {
            return part.getFileName();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
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

    private String skipReason(String template) {
        return database.sql("SELECT skip_reason FROM email_log WHERE template = :template AND model->>'quotationId' = :id")
                .bind("template", template).bind("id", quotation.toString()).map(row -> row.get("skip_reason", String.class)).one().block();
    }

    /** The replica's status of the quotation; null when it does not hold it. */
    private String replicaStatus() {
        return database.sql("SELECT status FROM quotation WHERE quotation_id = :id").bind("id", quotation)
                .map(row -> row.get("status", String.class)).one().block();
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
