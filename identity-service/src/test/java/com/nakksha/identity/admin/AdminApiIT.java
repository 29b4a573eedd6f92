package com.nakksha.identity.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.nakksha.events.ConsultantApproved;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRejected;
import com.nakksha.events.ConsultantSuspended;
import com.nakksha.identity.IdentityClient;
import com.nakksha.identity.AbstractIdentityIT;
import com.nakksha.identity.emaillink.LinkTokenProperties;
import com.nakksha.identity.totp.TotpAuthenticator;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.PublishedEvents;
import com.nimbusds.jwt.SignedJWT;
import org.apache.avro.specific.SpecificRecord;
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
        client = new IdentityClient(web, database, linkTokens, clock);
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
        assertThat(Instant.parse((String) entry.get("occurredAt"))).isBefore(clock.instant().plusSeconds(1));
    }

    /**
     * A client whose decision was applied but whose answer was lost (gateway 503, timeout) sends it again: the repeat
     * is answered 200 with the account as the first answer showed it and does nothing again: no write, no event
     * (no second mail), no audit entry, no token revocation (RFC 9110 §9.2.2). Real refusals stay 409.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aRepeatedApprovalSuspensionOrReinstatementIsAnsweredAsTheFirstAndDoesNothingAgain() {
        IdentityClient.Account account = client.verifiedConsultant("Repeat");
        UUID id = account.id();
        String consultant = "/api/v1/admin/consultants/" + id;

        Map<String, Object> approved = decide(consultant + "/approve", Map.of());
        long version = rowVersion(id);
        assertThat(decide(consultant + "/approve", Map.of())).isEqualTo(approved).containsEntry("status", "APPROVED");
        assertThat(rowVersion(id)).isEqualTo(version);
        // Approved and never suspended: reinstating it is no retry, and still refused.
        client.post(consultant + "/reinstate", Map.of(), admin).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").isEqualTo("cannot reinstate a consultant whose status is APPROVED");

        Map<String, Object> suspended = decide(consultant + "/suspend", Map.of("reason", "Chargeback investigation"));
        // A suspended consultant may sign in; a repeated suspension must not end that login.
        String refreshToken = (String) client.login(account.email(), IdentityClient.PASSWORD).get("refreshToken");
        version = rowVersion(id);
        assertThat(decide(consultant + "/suspend", Map.of("reason", "Chargeback investigation"))).isEqualTo(suspended);
        assertThat(decide(consultant + "/suspend", Map.of("reason", "Another reason"))).isEqualTo(suspended)
                .containsEntry("status", "SUSPENDED").containsEntry("statusReason", "Chargeback investigation");
        client.post(consultant + "/suspend", Map.of("reason", " "), admin).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        client.post(consultant + "/suspend", Map.of("reason", "x".repeat(1001)), admin).exchange().expectStatus().isBadRequest();
        client.post(consultant + "/approve", Map.of(), admin).exchange().expectStatus().isEqualTo(409);
        assertThat(rowVersion(id)).isEqualTo(version);
        client.refresh(refreshToken);

        Map<String, Object> reinstated = decide(consultant + "/reinstate", Map.of());
        version = rowVersion(id);
        assertThat(decide(consultant + "/reinstate", Map.of())).isEqualTo(reinstated).containsEntry("status", "APPROVED");
        assertThat(rowVersion(id)).isEqualTo(version);

        // One consultant's events are published in order: once this last one is out, any a repeat raised is too.
        decide(consultant + "/suspend", Map.of("reason", "Marker"));
        PublishedEvents.await(Topic.IDENTITY_CONSULTANT, ConsultantSuspended.class,
                event -> event.getConsultantId().equals(id) && event.getReason().equals("Marker"));
        List<Decision> decisions = decisionsPublishedFor(id);
        assertThat(decisions).extracting(Decision::description).containsExactly(
                "ConsultantApproved", "ConsultantSuspended Chargeback investigation", "ConsultantApproved", "ConsultantSuspended Marker");
        // Each decision carries the account's version after its write, so replicas can tell a re-driven old one.
        assertThat(decisions).extracting(Decision::version).isSorted().doesNotHaveDuplicates().endsWith(rowVersion(id));

        var audit = IdentityClient.json(client.get("/api/v1/admin/audit-log?targetId=" + id, admin).exchange().expectStatus().isOk());
        assertThat((List<Map<String, Object>>) audit.get("items")).extracting(entry -> entry.get("action")).containsExactlyInAnyOrder(
                "CONSULTANT_APPROVE", "CONSULTANT_SUSPEND", "CONSULTANT_REINSTATE", "CONSULTANT_SUSPEND");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRepeatedRejectionIsAnsweredAsTheFirstAndKeepsTheFirstReason() {
        IdentityClient.Account account = client.verifiedConsultant("Rejected");
        UUID id = account.id();
        String consultant = "/api/v1/admin/consultants/" + id;

        Map<String, Object> rejected = decide(consultant + "/reject", Map.of("reason", "Incomplete profile"));
        long version = rowVersion(id);
        assertThat(decide(consultant + "/reject", Map.of("reason", "Incomplete profile"))).isEqualTo(rejected);
        assertThat(decide(consultant + "/reject", Map.of("reason", "Something else"))).isEqualTo(rejected)
                .containsEntry("status", "REJECTED").containsEntry("statusReason", "Incomplete profile");
        client.post(consultant + "/reject", Map.of(), admin).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        client.post(consultant + "/approve", Map.of(), admin).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").isEqualTo("cannot approve a consultant whose status is REJECTED");
        assertThat(rowVersion(id)).isEqualTo(version);

        // A rejection is final, so a profile change (any approval state may edit) marks the end of the repeats' events.
        client.mergePatch("/api/v1/consultants/me", "{\"description\": \"Marker\"}", account.accessToken()).exchange().expectStatus().isOk();
        PublishedEvents.await(Topic.IDENTITY_CONSULTANT, ConsultantProfileUpdated.class,
                event -> event.getConsultantId().equals(id) && "Marker".equals(event.getDescription()));
        assertThat(decisionsPublishedFor(id)).extracting(Decision::description).containsExactly("ConsultantRejected Incomplete profile");

        var audit = IdentityClient.json(client.get("/api/v1/admin/audit-log?targetId=" + id, admin).exchange().expectStatus().isOk());
        assertThat((List<Map<String, Object>>) audit.get("items")).extracting(entry -> entry.get("action"))
                .containsExactly("CONSULTANT_REJECT");
    }

    @Test
    void unknownAndMalformedIdsAreProblems() {
        client.get("/api/v1/admin/consultants/" + UUID.randomUUID(), admin).exchange().expectStatus().isNotFound();
        client.post("/api/v1/admin/consultants/" + UUID.randomUUID() + "/approve", Map.of(), admin).exchange().expectStatus().isNotFound();
        client.get("/api/v1/admin/consultants/not-a-uuid", admin).exchange().expectStatus().isBadRequest();
    }

    @Test
    void adminsCreateAdminsWithAFreshCodeAndNewAdminsCanOnlyEnrolUntilTheyHaveASecondFactor() throws Exception {
        String email = IdentityClient.uniqueEmail("ops");
        String password = "Granite-Meadow-Falcon-58";
        // A token alone does not create an admin: the creator confirms with a current code.
        client.post("/api/v1/admin/admins", Map.of("email", email, "fullName", "Ops Person", "password", password), admin)
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.title").isEqualTo("Fresh second factor required");
        client.post("/api/v1/admin/admins", Map.of("email", IdentityClient.uniqueEmail("weak"), "fullName", "Weak", "password", "password1"), admin)
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("password");
        var created = IdentityClient.json(client.post("/api/v1/admin/admins",
                        Map.of("email", email, "fullName", "Ops Person", "password", password, "totpCode", client.rootAdminCode()), admin)
                .exchange().expectStatus().isCreated());
        client.post("/api/v1/admin/admins", Map.of("email", email.toUpperCase(), "fullName", "Again", "password", password,
                        "totpCode", client.rootAdminCode()), admin)
                .exchange().expectStatus().isEqualTo(409);

        // Before enrolment the password yields a token that can enrol and do nothing else.
        String enrolOnly = (String) IdentityClient.json(client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", password))
                .exchange().expectStatus().isOk()).get("accessToken");
        assertThat(SignedJWT.parse(enrolOnly).getJWTClaimsSet().getSubject()).isEqualTo(created.get("id"));
        assertThat(SignedJWT.parse(enrolOnly).getJWTClaimsSet().getAudience()).containsExactly("nakksha-admin");
        assertThat(SignedJWT.parse(enrolOnly).getJWTClaimsSet().getStringListClaim("amr")).containsExactly("pwd");
        client.get("/api/v1/admin/consultants", enrolOnly).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.title").isEqualTo("Second factor required");

        var enrolment = IdentityClient.json(client.post("/api/v1/admin/totp/enrolment", Map.of(), enrolOnly).exchange().expectStatus().isOk());
        assertThat((String) enrolment.get("otpauthUri")).startsWith("otpauth://totp/");
        byte[] secret = new Base32().decode((String) enrolment.get("secret"));
        TotpAuthenticator totp = new TotpAuthenticator();
        String wrongCode = "000000".equals(totp.codeAt(secret, clock.instant())) ? "111111" : "000000";
        client.post("/api/v1/admin/totp/enrolment/confirmation", Map.of("code", wrongCode), enrolOnly)
                .exchange().expectStatus().isBadRequest();
        var confirmed = IdentityClient.json(client.post("/api/v1/admin/totp/enrolment/confirmation",
                Map.of("code", totp.codeAt(secret, clock.instant())), enrolOnly).exchange().expectStatus().isOk());
        @SuppressWarnings("unchecked")
        List<String> recoveryCodes = (List<String>) confirmed.get("recoveryCodes");
        assertThat(recoveryCodes).hasSize(10).doesNotHaveDuplicates();

        // From now on the password alone is not enough, and a code works once.
        client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", password)).exchange().expectStatus().isUnauthorized();
        String nextCode = totp.codeAt(secret, clock.instant().plusSeconds(30));
        String full = (String) IdentityClient.json(client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", password, "totpCode", nextCode))
                .exchange().expectStatus().isOk()).get("accessToken");
        assertThat(SignedJWT.parse(full).getJWTClaimsSet().getStringListClaim("amr")).contains("pwd", "otp", "mfa");
        client.get("/api/v1/admin/consultants", full).exchange().expectStatus().isOk();
        client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", password, "totpCode", nextCode)).exchange().expectStatus().isUnauthorized();

        // A lost authenticator: each recovery code logs in once; only hashes are stored.
        client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", password, "recoveryCode", recoveryCodes.get(0)))
                .exchange().expectStatus().isOk();
        client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", password, "recoveryCode", recoveryCodes.get(0)))
                .exchange().expectStatus().isUnauthorized();
        List<String> storedHashes = database.sql("SELECT code_hash FROM admin_recovery_code WHERE admin_id = :id")
                .bind("id", UUID.fromString((String) created.get("id"))).map(row -> row.get("code_hash", String.class)).all().collectList().block();
        assertThat(storedHashes).hasSize(10).noneMatch(hash -> recoveryCodes.stream().anyMatch(code -> hash.contains(code.replace("-", ""))));

        String secretColumn = database.sql("SELECT totp_secret_sealed FROM admin_account WHERE id = :id").bind("id", UUID.fromString((String) created.get("id")))
                .map(row -> row.get("totp_secret_sealed", String.class)).one().block();
        assertThat(secretColumn).startsWith("v1.").doesNotContain((String) enrolment.get("secret"));
    }

    @Test
    void aDisabledAdminCanNeitherLogInNorRefreshAndTheAuthenticationsAreAudited() throws Exception {
        String email = IdentityClient.uniqueEmail("leaver");
        String password = "Copper-Lantern-Willow-93";
        UUID leaver = UUID.fromString((String) IdentityClient.json(client.post("/api/v1/admin/admins",
                        Map.of("email", email, "fullName", "Leaver", "password", password, "totpCode", client.rootAdminCode()), admin)
                .exchange().expectStatus().isCreated()).get("id"));
        String enrolOnly = (String) IdentityClient.json(client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", password))
                .exchange().expectStatus().isOk()).get("accessToken");
        IdentityClient.Authenticator authenticator = client.enrol(enrolOnly);
        var login = IdentityClient.json(client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", password,
                "totpCode", authenticator.nextCode())).exchange().expectStatus().isOk());
        // Admin logins are short: at most 12 hours, and the refresh token idles out well before that.
        assertThat(Instant.parse((String) login.get("refreshTokenExpiresAt"))).isBefore(clock.instant().plusSeconds(12 * 3600 + 60));
        client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", "wrong-" + password)).exchange().expectStatus().isUnauthorized();

        client.post("/api/v1/admin/admins/" + leaver + "/disable", Map.of(), admin).exchange()
                .expectStatus().isForbidden();
        client.post("/api/v1/admin/admins/" + leaver + "/disable", Map.of("totpCode", client.rootAdminCode()), admin).exchange()
                .expectStatus().isNoContent();

        client.post("/api/v1/auth/refresh", Map.of("refreshToken", login.get("refreshToken"))).exchange().expectStatus().isUnauthorized();
        client.post("/api/v1/auth/admin/login", Map.of("email", email, "password", password, "totpCode", authenticator.nextCode()))
                .exchange().expectStatus().isUnauthorized();
        Long live = database.sql("SELECT count(*) AS n FROM refresh_token WHERE account_id = :id AND revoked_at IS NULL")
                .bind("id", leaver).map(row -> row.get("n", Long.class)).one().block();
        assertThat(live).isZero();

        List<String> kinds = database.sql("SELECT kind FROM security_event WHERE lower(email) = :email OR account_id = :id ORDER BY occurred_at")
                .bind("email", email).bind("id", leaver).map(row -> row.get("kind", String.class)).all().collectList().block();
        assertThat(kinds).contains("ADMIN_LOGIN_SUCCEEDED", "ADMIN_LOGIN_FAILED", "ADMIN_DISABLED");
        String details = database.sql("SELECT string_agg(details::text || coalesce(email, ''), ' ') AS all_details FROM security_event WHERE lower(email) = :email")
                .bind("email", email).map(row -> row.get("all_details", String.class)).one().block();
        assertThat(details).doesNotContain(password);
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

    private Map<String, Object> decide(String path, Map<String, String> body) {
        return IdentityClient.json(client.post(path, body, admin).exchange().expectStatus().isOk());
    }

    private long rowVersion(UUID consultantId) {
        return database.sql("SELECT row_version FROM consultant WHERE id = :id").bind("id", consultantId)
                .map(row -> row.get("row_version", Long.class)).one().block();
    }

    /** A status event as published: its type with the reason where there is one, and its consultantVersion. */
    private record Decision(String description, Long version) {
    }

    /** The status events published for the consultant, in order, from one read of the topic. */
    private static List<Decision> decisionsPublishedFor(UUID consultantId) {
        return PublishedEvents.within(Duration.ofSeconds(1), Topic.IDENTITY_CONSULTANT, SpecificRecord.class, event -> true).stream()
                .map(event -> switch (event) {
                    case ConsultantApproved approved when approved.getConsultantId().equals(consultantId) ->
                            new Decision("ConsultantApproved", approved.getConsultantVersion());
                    case ConsultantRejected rejected when rejected.getConsultantId().equals(consultantId) ->
                            new Decision("ConsultantRejected " + rejected.getReason(), rejected.getConsultantVersion());
                    case ConsultantSuspended suspended when suspended.getConsultantId().equals(consultantId) ->
                            new Decision("ConsultantSuspended " + suspended.getReason(), suspended.getConsultantVersion());
                    default -> null;
                })
                .filter(Objects::nonNull)
                .toList();
    }

    private UUID adminId() {
        try {
            return UUID.fromString(SignedJWT.parse(admin).getJWTClaimsSet().getSubject());
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
