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
        // Single use.
        client.post("/api/v1/auth/verify-email", Map.of("token", verificationToken)).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("token");

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

    private static List<SpecificRecord> decoded(List<ConsumerRecord<String, byte[]>> records, UUID id) {
        return records.stream().filter(r -> r.key().equals(id.toString())).map(OnboardingIT::decode).toList();
    }

    private static SpecificRecord decode(ConsumerRecord<String, byte[]> record) {
        return new AvroEventCodec().decode(record.value());
    }
}
