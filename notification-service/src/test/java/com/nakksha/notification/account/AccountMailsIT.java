package com.nakksha.notification.account;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.nakksha.events.ConsultantApproved;
import com.nakksha.events.ConsultantEmailLinkRequested;
import com.nakksha.events.ConsultantLoginLinkRequested;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.ConsultantRejected;
import com.nakksha.events.ConsultantSuspended;
import com.nakksha.events.EmailLinkPurpose;
import com.nakksha.notification.AbstractNotificationIT;
import com.nakksha.notification.MailParts;
import com.nakksha.schemas.Topic;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AccountMailsIT extends AbstractNotificationIT {

    @Test
    void theVerificationMailCarriesAWorkingLinkAndShowsTheExpiryInTheConsultantsZone() throws Exception {
        UUID consultant = UUID.randomUUID();
        String email = "asha." + consultant + "@example.test";
        registered(consultant, email, "Asha");
        profile(consultant, "Asha", "Rao", "America/New_York", 1);
        Instant expiresAt = Instant.parse("2031-01-15T17:30:00Z");
        ConsultantEmailLinkRequested link = link(consultant, email, "Asha", EmailLinkPurpose.EMAIL_VERIFICATION,
                "verify-token_123", expiresAt);
        publish(consultant, link);

        MimeMessage mail = awaitMailTo(email);

        assertThat(mail.getSubject()).isEqualTo("Confirm your email address for Nakksha");
        assertThat(to(mail)).containsExactly("Asha <" + email + ">");
        assertThat(MailParts.text(mail))
                .contains("Hello Asha,")
                .contains("http://localhost:8080/verify-email?token=verify-token_123")
                .contains("Wed, 15 Jan 2031, 12:30 PM EST (America/New_York)");
        assertThat(MailParts.html(mail))
                .contains("href=\"http://localhost:8080/verify-email?token=verify-token_123\"")
                .doesNotContain(link.getSealedToken());
        await().untilAsserted(() -> assertThat(statusOf(link.getEventId(), "EMAIL_VERIFICATION")).isEqualTo("SENT"));
        String stored = database.sql("SELECT model::text AS model FROM email_log WHERE trigger_event_id = :id")
                .bind("id", link.getEventId()).map(row -> row.get("model", String.class)).one().block();
        assertThat(stored).as("the token is stored sealed only").doesNotContain("verify-token_123");
    }

    @Test
    void thePasswordResetMailLinksToTheResetPage() throws Exception {
        UUID consultant = UUID.randomUUID();
        String email = "reset." + consultant + "@example.test";
        registered(consultant, email, "Ravi");
        publish(consultant, link(consultant, email, "Ravi", EmailLinkPurpose.PASSWORD_RESET, "reset-me",
                Instant.now().plus(Duration.ofMinutes(30))));

        MimeMessage mail = awaitMailTo(email);

        assertThat(mail.getSubject()).isEqualTo("Reset your Nakksha password");
        assertThat(MailParts.text(mail)).contains("http://localhost:8080/reset-password?token=reset-me")
                .contains("(Asia/Kolkata)");
    }

    @Test
    void theSignInLinkMailLinksToTheLoginLinkPageAndKeepsTheTokenSealed() throws Exception {
        UUID consultant = UUID.randomUUID();
        String email = "signin." + consultant + "@example.test";
        registered(consultant, email, "Tara");
        profile(consultant, "Tara", "Menon", "Europe/London", 1);
        ConsultantLoginLinkRequested link = loginLink(consultant, email, "Tara", "sign-in_token-42",
                Instant.parse("2031-01-15T17:30:00Z"));
        publish(consultant, link);

        MimeMessage mail = awaitMailTo(email);

        assertThat(mail.getSubject()).isEqualTo("Your Nakksha sign-in link");
        assertThat(to(mail)).containsExactly("Tara <" + email + ">");
        assertThat(MailParts.text(mail))
                .contains("Hello Tara,")
                .contains("http://localhost:8080/login-link?token=sign-in_token-42")
                .contains("Wed, 15 Jan 2031, 5:30 PM GMT (Europe/London)")
                .contains("Your password stays as it is");
        assertThat(MailParts.html(mail))
                .contains("href=\"http://localhost:8080/login-link?token=sign-in_token-42\"")
                .doesNotContain(link.getSealedToken());
        await().untilAsserted(() -> assertThat(statusOf(link.getEventId(), "LOGIN_LINK")).isEqualTo("SENT"));
        String stored = database.sql("SELECT model::text AS model FROM email_log WHERE trigger_event_id = :id")
                .bind("id", link.getEventId()).map(row -> row.get("model", String.class)).one().block();
        assertThat(stored).as("the token is stored sealed only").doesNotContain("sign-in_token-42");
    }

    @Test
    void anExpiredSignInLinkIsSkippedNotSent() {
        UUID consultant = UUID.randomUUID();
        String email = "late-signin." + consultant + "@example.test";
        registered(consultant, email, "Late");
        ConsultantLoginLinkRequested link = loginLink(consultant, email, "Late", "too-late", Instant.now().minus(Duration.ofMinutes(1)));
        publish(consultant, link);

        await().untilAsserted(() -> assertThat(statusOf(link.getEventId(), "LOGIN_LINK")).isEqualTo("SKIPPED"));
        assertThat(mailsTo(email)).isEmpty();
    }

    @Test
    void aNameWithMarkupAndLineBreaksNeitherAddsHeadersNorMarkup() throws Exception {
        UUID consultant = UUID.randomUUID();
        String email = "hostile." + consultant + "@example.test";
        String evil = "evil." + consultant + "@example.test";
        String name = "<script>alert(1)</script>\r\nBcc: " + evil + "\r\n\r\nbody";
        registered(consultant, email, name);
        publish(consultant, link(consultant, email, name, EmailLinkPurpose.EMAIL_VERIFICATION, "tok",
                Instant.now().plus(Duration.ofHours(1))));

        MimeMessage mail = awaitMailTo(email);

        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getAllRecipients()).hasSize(1);
        InternetAddress recipient = (InternetAddress) mail.getRecipients(jakarta.mail.Message.RecipientType.TO)[0];
        assertThat(recipient.getAddress()).isEqualTo(email);
        assertThat(recipient.getPersonal()).doesNotContain("\r").doesNotContain("\n").startsWith("<script>alert(1)</script> Bcc:");
        assertThat(MailParts.html(mail)).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(mailsTo(evil)).isEmpty();
    }

    @Test
    void aRedeliveredEventSendsNothingNew() throws Exception {
        UUID consultant = UUID.randomUUID();
        String email = "twice." + consultant + "@example.test";
        registered(consultant, email, "Twice");
        ConsultantEmailLinkRequested link = link(consultant, email, "Twice", EmailLinkPurpose.EMAIL_VERIFICATION, "once",
                Instant.now().plus(Duration.ofHours(1)));
        publish(consultant, link);
        publish(consultant, link);

        awaitMailTo(email);
        await().untilAsserted(() -> assertThat(statusOf(link.getEventId(), "EMAIL_VERIFICATION")).isEqualTo("SENT"));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(mailsTo(email)).hasSize(1));
    }

    @Test
    void aLinkThatExpiredBeforeItCouldBeSentIsSkippedWithTheReason() {
        UUID consultant = UUID.randomUUID();
        String email = "late." + consultant + "@example.test";
        registered(consultant, email, "Late");
        ConsultantEmailLinkRequested link = link(consultant, email, "Late", EmailLinkPurpose.EMAIL_VERIFICATION, "late",
                Instant.now().minus(Duration.ofMinutes(1)));
        publish(consultant, link);

        await().untilAsserted(() -> assertThat(statusOf(link.getEventId(), "EMAIL_VERIFICATION")).isEqualTo("SKIPPED"));
        String reason = database.sql("SELECT skip_reason FROM email_log WHERE trigger_event_id = :id")
                .bind("id", link.getEventId()).map(row -> row.get("skip_reason", String.class)).one().block();
        assertThat(reason).contains("expired");
        assertThat(mailsTo(email)).isEmpty();
    }

    @Test
    void adminsAreToldThatANewConsultantWaitsForApproval() throws Exception {
        UUID consultant = UUID.randomUUID();
        String email = "new." + consultant + "@example.test";
        ConsultantRegistered registered = registered(consultant, email, "Meera");

        await().untilAsserted(() -> assertThat(statusOf(registered.getEventId(), "CONSULTANT_AWAITING_APPROVAL")).isEqualTo("SENT"));
        MimeMessage mail = mailsTo("admin@nakksha.local").stream()
                .filter(message -> MailParts.text(message).contains(email))
                .findFirst().orElseThrow();

        assertThat(mail.getSubject()).isEqualTo("New consultant waiting for approval: Meera Tester");
        assertThat(MailParts.text(mail)).contains("http://localhost:8080/admin/consultants/" + consultant);
    }

    @Test
    void approvalRejectionAndSuspensionEachMailTheConsultantWithTheReason() throws Exception {
        UUID approved = UUID.randomUUID();
        String approvedEmail = "approved." + approved + "@example.test";
        registered(approved, approvedEmail, "Neha");
        publish(approved, approval(approved, null));
        UUID rejected = UUID.randomUUID();
        String rejectedEmail = "rejected." + rejected + "@example.test";
        registered(rejected, rejectedEmail, "Omar");
        publish(rejected, ConsultantRejected.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(rejected).setReason("Profile photo <missing> & no bio").setRejectedBy(UUID.randomUUID()).build());
        UUID suspended = UUID.randomUUID();
        String suspendedEmail = "suspended." + suspended + "@example.test";
        registered(suspended, suspendedEmail, "Priya");
        publish(suspended, suspension(suspended, null));

        MimeMessage approval = awaitMailTo(approvedEmail);
        MimeMessage rejection = awaitMailTo(rejectedEmail);
        MimeMessage suspension = awaitMailTo(suspendedEmail);

        assertThat(approval.getSubject()).isEqualTo("Your Nakksha account is approved");
        assertThat(to(approval)).containsExactly("Neha Tester <" + approvedEmail + ">");
        assertThat(MailParts.text(approval)).contains("http://localhost:8080/login");
        assertThat(rejection.getSubject()).isEqualTo("Your Nakksha account was not approved");
        assertThat(MailParts.text(rejection)).contains("Reason: Profile photo <missing> & no bio");
        assertThat(MailParts.html(rejection)).contains("Profile photo &lt;missing&gt; &amp; no bio");
        assertThat(suspension.getSubject()).isEqualTo("Your Nakksha account is suspended");
        assertThat(MailParts.text(suspension)).contains("Reason: chargebacks");
    }

    @Test
    void anApprovalDeliveredAfterANewerSuspensionMailsNothing() throws Exception {
        UUID consultant = UUID.randomUUID();
        String email = "redriven." + consultant + "@example.test";
        registered(consultant, email, "Ravi");
        publish(consultant, suspension(consultant, 5L));
        // The approval of account version 3, re-driven from the dead-letter topic after the suspension; then the reinstatement.
        ConsultantApproved stale = approval(consultant, 3L);
        publish(consultant, stale);
        ConsultantApproved reinstated = approval(consultant, 6L);
        publish(consultant, reinstated);

        await().untilAsserted(() -> assertThat(statusOf(reinstated.getEventId(), "ACCOUNT_APPROVED")).isEqualTo("SENT"));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(mailsTo(email)).extracting(MimeMessage::getSubject)
                        .containsExactlyInAnyOrder("Your Nakksha account is suspended", "Your Nakksha account is approved"));
        assertThat(database.sql("SELECT count(*) FROM email_log WHERE trigger_event_id = :id").bind("id", stale.getEventId())
                .map(row -> row.get(0, Long.class)).one().block()).isZero();
    }

    /** An approval made at account version {@code consultantVersion} (null: a writer before the field). */
    private static ConsultantApproved approval(UUID consultant, Long consultantVersion) {
        return ConsultantApproved.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(consultant).setApprovedBy(UUID.randomUUID()).setConsultantVersion(consultantVersion).build();
    }

    private static ConsultantSuspended suspension(UUID consultant, Long consultantVersion) {
        return ConsultantSuspended.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(consultant).setReason("chargebacks").setSuspendedBy(UUID.randomUUID())
                .setConsultantVersion(consultantVersion).build();
    }

    private ConsultantRegistered registered(UUID consultant, String email, String firstName) {
        ConsultantRegistered event = ConsultantRegistered.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(consultant).setEmail(email).setFirstName(firstName).setLastName("Tester")
                .setPhoneCountryCode("+91").setPhoneNumber("9800000000").build();
        publish(consultant, event);
        return event;
    }

    private void profile(UUID consultant, String firstName, String lastName, String zone, long version) {
        publish(consultant, ConsultantProfileUpdated.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(consultant).setSlug("c-" + consultant).setFirstName(firstName).setLastName(lastName)
                .setCurrency("INR").setTimezone(zone).setProfileVersion(version).build());
    }

    static ConsultantEmailLinkRequested link(UUID consultant, String email, String firstName, EmailLinkPurpose purpose,
                                             String token, Instant expiresAt) {
        return ConsultantEmailLinkRequested.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(consultant).setEmail(email).setFirstName(firstName).setPurpose(purpose)
                .setSealedToken(seal(token, purpose.name() + ":" + consultant)).setExpiresAt(expiresAt).build();
    }

    static ConsultantLoginLinkRequested loginLink(UUID consultant, String email, String firstName, String token, Instant expiresAt) {
        return ConsultantLoginLinkRequested.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(consultant).setEmail(email).setFirstName(firstName)
                .setSealedToken(seal(token, "LOGIN_LINK:" + consultant)).setExpiresAt(expiresAt).build();
    }

    private static void publish(UUID consultant, SpecificRecord event) {
        send(Topic.IDENTITY_CONSULTANT, consultant.toString(), event);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
