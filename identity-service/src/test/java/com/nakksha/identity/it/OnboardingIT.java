package com.nakksha.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nakksha.events.ConsultantApproved;
import com.nakksha.events.ConsultantEmailLinkRequested;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.identity.IdentityClient;
import com.nakksha.identity.AbstractIdentityIT;
import com.nakksha.identity.emaillink.LinkTokenProperties;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TopicProbe;
import com.nimbusds.jwt.SignedJWT;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Flow 1 of the design: signup, verification, login while pending, approval, dashboard open. */
class OnboardingIT extends AbstractIdentityIT {

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient database;
    @Autowired
    LinkTokenProperties linkTokens;

    IdentityClient client;

    @BeforeEach
    void setUp() {
        client = new IdentityClient(web, database, linkTokens, clock);
    }

    @Test
    void aConsultantSignsUpVerifiesWorksOnTheProfileWhilePendingAndIsLetInAfterApproval() throws Exception {
        String email = IdentityClient.uniqueEmail("priya");
        var signup = IdentityClient.json(client.post("/api/v1/auth/signup", Map.of(
                        "email", "  " + email.toUpperCase() + " ", "password", IdentityClient.PASSWORD,
                        "firstName", "Priya", "lastName", "Sharma", "phoneNumber", "98765 43210"))
                .exchange().expectStatus().isCreated());
        UUID id = UUID.fromString((String) signup.get("consultantId"));
        assertThat(signup).containsEntry("email", email).containsEntry("status", "PENDING_APPROVAL").containsEntry("emailVerified", false);
        assertThat((String) signup.get("slug")).startsWith("priya-sharma");

        // Not verified yet: the right password still does not log in.
        client.post("/api/v1/auth/login", Map.of("email", email, "password", IdentityClient.PASSWORD))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.title").isEqualTo("Email not verified");

        String verificationToken = client.linkToken(id, "EMAIL_VERIFICATION");
        client.post("/api/v1/auth/verify-email", Map.of("token", verificationToken)).exchange().expectStatus().isNoContent();
        // A repeat (the first answer lost) is answered as the first was; see aRedeemedVerificationLink... below.
        client.post("/api/v1/auth/verify-email", Map.of("token", verificationToken)).exchange().expectStatus().isNoContent();

        Map<String, Object> tokens = client.login(email, IdentityClient.PASSWORD);
        String pendingToken = (String) tokens.get("accessToken");
        var claims = SignedJWT.parse(pendingToken).getJWTClaimsSet();
        assertThat(claims.getStringClaim("approval")).isEqualTo("PENDING_APPROVAL");
        assertThat(claims.getAudience()).containsExactly("nakksha-consultant");
        assertThat(claims.getSubject()).isEqualTo(id.toString());

        // Profile and settings work while pending.
        client.get("/api/v1/consultants/me", pendingToken).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("PENDING_APPROVAL").jsonPath("$.emailVerified").isEqualTo(true);
        client.put("/api/v1/consultants/me", Map.of(
                        "firstName", "Priya", "lastName", "Sharma", "phoneNumber", "9876543210",
                        "consultancySector", "Career coaching", "timezone", "Asia/Kolkata", "slug", "priya-careers",
                        "personalSessionTitle", "1:1 career review", "personalSessionPrice", "1499.50"), pendingToken)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.slug").isEqualTo("priya-careers").jsonPath("$.personalSessionPrice").isEqualTo(1499.50);

        // A dashboard API (guarded by the platform's approval gate) refuses.
        client.get("/api/v1/consultants/me/booking-page", pendingToken).exchange().expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Pending approval");

        client.post("/api/v1/admin/consultants/" + id + "/approve", Map.of(), client.adminToken()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("APPROVED");

        // The old access token still says pending until it is refreshed.
        client.get("/api/v1/consultants/me/booking-page", pendingToken).exchange().expectStatus().isForbidden();
        Map<String, Object> refreshed = client.refresh((String) tokens.get("refreshToken"));
        String approvedToken = (String) refreshed.get("accessToken");
        assertThat(SignedJWT.parse(approvedToken).getJWTClaimsSet().getStringClaim("approval")).isEqualTo("APPROVED");
        client.get("/api/v1/consultants/me/booking-page", approvedToken).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.path").isEqualTo("/priya-careers");

        try (TopicProbe probe = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), "identity.consultant")) {
            List<SpecificRecord> published = probe.awaitRecords(records -> decoded(records, id).stream().anyMatch(ConsultantApproved.class::isInstance),
                    Duration.ofSeconds(30)).stream().filter(r -> r.key().equals(id.toString())).map(OnboardingIT::decode).toList();
            assertThat(published).extracting(event -> event.getClass().getSimpleName()).containsSubsequence(
                    "ConsultantRegistered", "ConsultantProfileUpdated", "ConsultantEmailLinkRequested", "ConsultantProfileUpdated", "ConsultantApproved");
            ConsultantRegistered registered = (ConsultantRegistered) published.getFirst();
            assertThat(registered.getEmail()).isEqualTo(email);
            ConsultantProfileUpdated profile = published.stream().filter(ConsultantProfileUpdated.class::isInstance)
                    .map(ConsultantProfileUpdated.class::cast).reduce((first, second) -> second).orElseThrow();
            assertThat(profile.getSlug()).isEqualTo("priya-careers");
            assertThat(profile.getPersonalSessionPriceMinor()).isEqualTo(149950L);
            assertThat(profile.getCurrency()).isEqualTo("INR");
            ConsultantEmailLinkRequested link = published.stream().filter(ConsultantEmailLinkRequested.class::isInstance)
                    .map(ConsultantEmailLinkRequested.class::cast).findFirst().orElseThrow();
            // What travels (and may be logged) never shows the token itself.
            assertThat(link.toString()).doesNotContain(verificationToken);
            assertThat(new String(client.openSealedToken(link), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(verificationToken);
        }
    }

    @Test
    void verificationLinksExpireAndANewLinkReplacesTheOldOne() {
        String email = IdentityClient.uniqueEmail("late");
        UUID id = client.signUp(email, "Late", "Verifier");
        String first = client.linkToken(id, "EMAIL_VERIFICATION");
        database.sql("UPDATE account_link_token SET expires_at = now() - interval '1 second' WHERE consultant_id = :id")
                .bind("id", id).fetch().rowsUpdated().block();

        client.post("/api/v1/auth/verify-email", Map.of("token", first)).exchange().expectStatus().isBadRequest();

        client.post("/api/v1/auth/verify-email/resend", Map.of("email", email)).exchange().expectStatus().isAccepted();
        client.post("/api/v1/auth/verify-email/resend", Map.of("email", email)).exchange().expectStatus().isAccepted();
        String latest = client.linkToken(id, "EMAIL_VERIFICATION");
        assertThat(latest).isNotEqualTo(first);
        client.post("/api/v1/auth/verify-email", Map.of("token", latest)).exchange().expectStatus().isNoContent();
        client.login(email, IdentityClient.PASSWORD);
        // Nothing to resend once verified, and the answer does not say so.
        client.post("/api/v1/auth/verify-email/resend", Map.of("email", email)).exchange().expectStatus().isAccepted();
        client.post("/api/v1/auth/verify-email/resend", Map.of("email", IdentityClient.uniqueEmail("nobody"))).exchange().expectStatus().isAccepted();
    }

    /**
     * A verification link presented again after it was redeemed (a lost answer, a mail client's pre-fetch, a double
     * click) is answered as the first time, 204 without body or cookie, and changes nothing (RFC 9110 §9.2.2);
     * only while the link is within its validity and the email is verified.
     */
    @Test
    void aRedeemedVerificationLinkPresentedAgainAnswersAsTheFirstTimeAndChangesNothing() {
        String email = IdentityClient.uniqueEmail("twice");
        UUID id = client.signUp(email, "Twice", "Clicker");
        String replaced = client.linkToken(id, "EMAIL_VERIFICATION");
        client.post("/api/v1/auth/verify-email/resend", Map.of("email", email)).exchange().expectStatus().isAccepted();
        String token = client.linkToken(id, "EMAIL_VERIFICATION");
        assertThat(token).isNotEqualTo(replaced);

        client.post("/api/v1/auth/verify-email", Map.of("token", token)).exchange()
                .expectStatus().isNoContent().expectHeader().doesNotExist("Set-Cookie").expectBody().isEmpty();
        String after = stateOf(id);

        for (int repeat = 0; repeat < 2; repeat++) {
            client.post("/api/v1/auth/verify-email", Map.of("token", token)).exchange()
                    .expectStatus().isNoContent().expectHeader().doesNotExist("Set-Cookie").expectBody().isEmpty();
        }
        // No write to the consultant or the link, no event, no security or audit entry.
        assertThat(stateOf(id)).isEqualTo(after);

        // Still refused: a link replaced by a newer one before it was used, other purposes, garbage, a tampered token.
        refused(replaced);
        client.post("/api/v1/auth/forgot-password", Map.of("email", email)).exchange().expectStatus().isAccepted();
        String reset = client.linkToken(id, "PASSWORD_RESET");
        refused(reset);
        client.post("/api/v1/auth/reset-password", Map.of("token", reset, "newPassword", "Amber-Orchard-Pylon-2207")).exchange()
                .expectStatus().isNoContent();
        refused(reset);
        refused("not-a-link-token");
        refused(token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"));

        // A redeemed link whose effect no longer holds, or past its validity, is refused as before.
        database.sql("UPDATE consultant SET email_verified_at = NULL WHERE id = :id").bind("id", id).fetch().rowsUpdated().block();
        refused(token);
        database.sql("UPDATE consultant SET email_verified_at = now() WHERE id = :id").bind("id", id).fetch().rowsUpdated().block();
        client.post("/api/v1/auth/verify-email", Map.of("token", token)).exchange().expectStatus().isNoContent();
        database.sql("UPDATE account_link_token SET expires_at = now() - interval '1 second' WHERE consultant_id = :id")
                .bind("id", id).fetch().rowsUpdated().block();
        refused(token);
    }

    private void refused(String token) {
        client.post("/api/v1/auth/verify-email", Map.of("token", token)).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("token")
                .jsonPath("$.errors[0].message").isEqualTo("is invalid, already used or expired");
    }

    /** The consultant's row, its links, and how many events, security events and audit entries concern it. */
    private String stateOf(UUID id) {
        return database.sql("""
                        SELECT concat_ws('|', c.email_verified_at, c.updated_at, c.row_version,
                            (SELECT string_agg(concat_ws(',', l.purpose, l.used_at, l.redeemed_at), ';' ORDER BY l.created_at)
                             FROM account_link_token l WHERE l.consultant_id = c.id),
                            (SELECT count(*) FROM outbox_event_history e WHERE e.message_key = c.id::text),
                            (SELECT count(*) FROM security_event s WHERE s.account_id = c.id),
                            (SELECT count(*) FROM admin_audit_entry a WHERE a.target_id = c.id)) AS state
                        FROM consultant c WHERE c.id = :id""")
                .bind("id", id).map(row -> row.get("state", String.class)).one().block();
    }

    private static List<SpecificRecord> decoded(List<ConsumerRecord<String, byte[]>> records, UUID id) {
        return records.stream().filter(r -> r.key().equals(id.toString())).map(OnboardingIT::decode).toList();
    }

    private static SpecificRecord decode(ConsumerRecord<String, byte[]> record) {
        return new AvroEventCodec().decode(record.value());
    }
}
