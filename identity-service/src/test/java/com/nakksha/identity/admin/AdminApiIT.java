package com.nakksha.identity.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nakksha.identity.IdentityClient;
import com.nakksha.identity.AbstractIdentityIT;
import com.nakksha.identity.emaillink.LinkTokenProperties;
import com.nakksha.identity.totp.TotpAuthenticator;
import com.nimbusds.jwt.SignedJWT;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

class AdminApiIT extends AbstractIdentityIT {

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient database;
    @Autowired
    LinkTokenProperties linkTokens;
    @Autowired
    BootstrapAdmin bootstrapAdmin;

    IdentityClient client;
    String admin;

    @BeforeEach
    void setUp() {
        client = new IdentityClient(web, database, linkTokens);
        admin = client.adminToken();
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsConsultantsWithFiltersAndPagination() {
        String tag = "zq" + UUID.randomUUID().toString().substring(0, 6);
        UUID first = client.signUp(IdentityClient.uniqueEmail("a"), "Asha", "Rao" + tag);
        UUID second = client.signUp(IdentityClient.uniqueEmail("b"), "Bina", "Rao" + tag);
        UUID third = client.signUp(IdentityClient.uniqueEmail(tag), "Chitra", "Iyer");
        client.post("/api/v1/admin/consultants/" + first + "/approve", Map.of(), admin).exchange().expectStatus().isOk();

        var all = IdentityClient.json(client.get("/api/v1/admin/consultants?q=" + tag.toUpperCase(), admin).exchange().expectStatus().isOk());
        assertThat(all).containsEntry("totalItems", 3);
        assertThat((List<Map<String, Object>>) all.get("items")).extracting(item -> item.get("id"))
                .containsExactly(third.toString(), second.toString(), first.toString());

        var approved = IdentityClient.json(client.get("/api/v1/admin/consultants?status=APPROVED&q=" + tag, admin).exchange().expectStatus().isOk());
        assertThat((List<Map<String, Object>>) approved.get("items")).extracting(item -> item.get("id")).containsExactly(first.toString());

        var firstPage = IdentityClient.json(client.get("/api/v1/admin/consultants?q=" + tag + "&size=2&page=0", admin).exchange().expectStatus().isOk());
        var secondPage = IdentityClient.json(client.get("/api/v1/admin/consultants?q=" + tag + "&size=2&page=1", admin).exchange().expectStatus().isOk());
        assertThat((List<?>) firstPage.get("items")).hasSize(2);
        assertThat((List<?>) secondPage.get("items")).hasSize(1);
        assertThat(firstPage).containsEntry("totalPages", 2);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        assertThat(IdentityClient.json(client.get("/api/v1/admin/consultants?q=" + tag + "&signedUpFrom=" + today + "&signedUpTo=" + today, admin)
                .exchange().expectStatus().isOk())).containsEntry("totalItems", 3);
        assertThat(IdentityClient.json(client.get("/api/v1/admin/consultants?q=" + tag + "&signedUpFrom=" + tomorrow, admin)
                .exchange().expectStatus().isOk())).containsEntry("totalItems", 0);
        // Wildcards typed by an admin are matched literally.
        assertThat(IdentityClient.json(client.get("/api/v1/admin/consultants?q={q}", admin, "%").exchange().expectStatus().isOk()))
                .containsEntry("totalItems", 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void decisionsFollowTheStateMachineAndAreAudited() {
        UUID consultant = client.signUp(IdentityClient.uniqueEmail("dec"), "Divya", "Nair");
        UUID adminId = adminId();

        client.post("/api/v1/admin/consultants/" + consultant + "/reject", Map.of("reason", " "), admin).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        client.post("/api/v1/admin/consultants/" + consultant + "/suspend", Map.of("reason", "x"), admin).exchange().expectStatus().isEqualTo(409);
        client.post("/api/v1/admin/consultants/" + consultant + "/reject", Map.of("reason", "Incomplete profile"), admin).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("REJECTED").jsonPath("$.statusReason").isEqualTo("Incomplete profile");
        client.post("/api/v1/admin/consultants/" + consultant + "/approve", Map.of(), admin).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.title").isEqualTo("Status change not allowed");

        var audit = IdentityClient.json(client.get("/api/v1/admin/audit-log?targetId=" + consultant, admin).exchange().expectStatus().isOk());
        List<Map<String, Object>> entries = (List<Map<String, Object>>) audit.get("items");
        assertThat(entries).hasSize(1);
        Map<String, Object> entry = entries.getFirst();
        assertThat(entry).containsEntry("action", "CONSULTANT_REJECT").containsEntry("actorAdminId", adminId.toString())
                .containsEntry("targetType", "CONSULTANT").containsEntry("targetId", consultant.toString());
        assertThat((Map<String, Object>) entry.get("changes")).containsEntry("reason", "Incomplete profile")
                .containsEntry("status", Map.of("from", "PENDING_APPROVAL", "to", "REJECTED"));
        assertThat(Instant.parse((String) entry.get("occurredAt"))).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void unknownAndMalformedIdsAreProblems() {
        client.get("/api/v1/admin/consultants/" + UUID.randomUUID(), admin).exchange().expectStatus().isNotFound();
        client.post("/api/v1/admin/consultants/" + UUID.randomUUID() + "/approve", Map.of(), admin).exchange().expectStatus().isNotFound();
        client.get("/api/v1/admin/consultants/not-a-uuid", admin).exchange().expectStatus().isBadRequest();
    }

    @Test
    void adminsCreateAdminsWhoEnrolASecondFactor() throws Exception {
        String email = IdentityClient.uniqueEmail("ops");
        String password = "Granite-Meadow-Falcon-58";
        var created = IdentityClient.json(client.post("/api/v1/admin/admins", Map.of("email", email, "fullName", "Ops Person", "password", password), admin)
                .exchange().expectStatus().isCreated());
        client.post("/api/v1/admin/admins", Map.of("email", email.toUpperCase(), "fullName", "Again", "password", password), admin)
                .exchange().expectStatus().isEqualTo(409);
        client.post("/api/v1/admin/admins", Map.of("email", IdentityClient.uniqueEmail("weak"), "fullName", "Weak", "password", "password1"), admin)
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("password");

        String opsToken = (String) IdentityClient.json(client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", password))
                .exchange().expectStatus().isOk()).get("accessToken");
        assertThat(SignedJWT.parse(opsToken).getJWTClaimsSet().getSubject()).isEqualTo(created.get("id"));
        assertThat(SignedJWT.parse(opsToken).getJWTClaimsSet().getAudience()).containsExactly("nakksha-admin");

        var enrolment = IdentityClient.json(client.post("/api/v1/admin/totp/enrolment", Map.of(), opsToken).exchange().expectStatus().isOk());
        assertThat((String) enrolment.get("otpauthUri")).startsWith("otpauth://totp/");
        byte[] secret = new Base32().decode((String) enrolment.get("secret"));
        TotpAuthenticator totp = new TotpAuthenticator();
        String wrongCode = "000000".equals(totp.codeAt(secret, Instant.now())) ? "111111" : "000000";
        client.post("/api/v1/admin/totp/enrolment/confirmation", Map.of("code", wrongCode), opsToken)
                .exchange().expectStatus().isBadRequest();
        client.post("/api/v1/admin/totp/enrolment/confirmation", Map.of("code", totp.codeAt(secret, Instant.now())), opsToken)
                .exchange().expectStatus().isNoContent();

        // From now on the password alone is not enough, and a code works once.
        client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", password)).exchange().expectStatus().isUnauthorized();
        String nextCode = totp.codeAt(secret, Instant.now().plusSeconds(30));
        client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", password, "totpCode", nextCode)).exchange().expectStatus().isOk();
        client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", password, "totpCode", nextCode)).exchange().expectStatus().isUnauthorized();
        String secretColumn = database.sql("SELECT totp_secret_sealed FROM admin_account WHERE id = :id").bind("id", UUID.fromString((String) created.get("id")))
                .map(row -> row.get("totp_secret_sealed", String.class)).one().block();
        assertThat(secretColumn).startsWith("v1.").doesNotContain((String) enrolment.get("secret"));
    }

    @Test
    void theFirstAdminIsCreatedOnceHoweverOftenTheServiceStarts() throws Exception {
        bootstrapAdmin.run(null);
        bootstrapAdmin.run(null);

        Long admins = database.sql("SELECT count(*) AS n FROM admin_account WHERE lower(email) = :email")
                .bind("email", IdentityClient.ROOT_ADMIN_EMAIL).map(row -> row.get("n", Long.class)).one().block();
        assertThat(admins).isEqualTo(1);
        client.adminLogin();
    }

    private UUID adminId() {
        try {
            return UUID.fromString(SignedJWT.parse(admin).getJWTClaimsSet().getSubject());
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
