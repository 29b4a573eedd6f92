package com.nakksha.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.nakksha.identity.IdentityClient;
import com.nakksha.identity.AbstractIdentityIT;
import com.nakksha.identity.emaillink.LinkTokenProperties;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Refresh rotation, reuse detection, logout, password reset and suspension revoking refresh tokens. */
class RefreshTokenIT extends AbstractIdentityIT {

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
    void refreshRotatesAndStoresOnlyHashes() {
        IdentityClient.Account account = client.verifiedConsultant("Ravi");

        Map<String, Object> next = client.refresh(account.refreshToken());

        assertThat(next.get("refreshToken")).isNotEqualTo(account.refreshToken());
        assertThat(next).containsEntry("tokenType", "Bearer").containsKey("accessToken");
        assertThat(((Number) next.get("expiresIn")).longValue()).isBetween(1L, 900L);
        Long stored = database.sql("SELECT count(*) AS n FROM refresh_token WHERE token_hash = :raw OR token_hash = :rawNext")
                .bind("raw", account.refreshToken()).bind("rawNext", (String) next.get("refreshToken"))
                .map(row -> row.get("n", Long.class)).one().block();
        assertThat(stored).isZero();
    }

    @Test
    void presentingAUsedRefreshTokenAfterTheGraceWindowRevokesTheWholeFamily() {
        IdentityClient.Account account = client.verifiedConsultant("Meera");
        Map<String, Object> second = client.refresh(account.refreshToken());
        // The first token was used longer ago than the grace window (20 s).
        database.sql("UPDATE refresh_token SET used_at = used_at - interval '1 minute' WHERE account_id = :id AND used_at IS NOT NULL")
                .bind("id", account.id()).fetch().rowsUpdated().block();

        // An attacker (or the owner) replays the first token: refused, and the family is gone.
        client.post("/api/v1/auth/refresh", Map.of("refreshToken", account.refreshToken())).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("already used"));
        client.post("/api/v1/auth/refresh", Map.of("refreshToken", second.get("refreshToken"))).exchange()
                .expectStatus().isUnauthorized();

        // Other logins of the same account are untouched.
        Map<String, Object> otherDevice = client.login(account.email(), IdentityClient.PASSWORD);
        client.refresh((String) otherDevice.get("refreshToken"));
        // The reuse is a security event, without the token.
        assertThat(database.sql("SELECT details::text AS d FROM security_event WHERE kind = 'REFRESH_TOKEN_REUSE' AND account_id = :id")
                .bind("id", account.id()).map(row -> row.get("d", String.class)).all().collectList().block())
                .hasSize(1).noneMatch(details -> details.contains(account.refreshToken()));
    }

    @Test
    void parallelRefreshesWithOneTokenAllGetTheSameSuccessorAndKeepTheLogin() {
        IdentityClient.Account account = client.verifiedConsultant("Ishaan");

        List<String> successors = IdentityClient.parallel(5, i -> (String) client.refresh(account.refreshToken()).get("refreshToken"));

        assertThat(successors).hasSize(5).containsOnly(successors.get(0));
        Map<String, Object> next = client.refresh(successors.get(0));
        client.get("/api/v1/consultants/me", (String) next.get("accessToken")).exchange().expectStatus().isOk();
        // Once the successor itself was used, the old token is plain reuse again.
        client.post("/api/v1/auth/refresh", Map.of("refreshToken", account.refreshToken())).exchange().expectStatus().isUnauthorized();
        client.post("/api/v1/auth/refresh", Map.of("refreshToken", next.get("refreshToken"))).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void tokenAnswersAreNeverStored() {
        IdentityClient.Account account = client.verifiedConsultant("Veer");
        client.post("/api/v1/auth/login", Map.of("email", account.email(), "password", IdentityClient.PASSWORD)).exchange()
                .expectStatus().isOk().expectHeader().cacheControl(CacheControl.noStore());
        client.post("/api/v1/auth/refresh", Map.of("refreshToken", "unknown-token")).exchange()
                .expectStatus().isUnauthorized().expectHeader().cacheControl(CacheControl.noStore());
        client.get("/api/v1/consultants/me", account.accessToken()).exchange()
                .expectStatus().isOk().expectHeader().cacheControl(CacheControl.noStore());
    }

    @Test
    void logoutEndsTheLogin() {
        IdentityClient.Account account = client.verifiedConsultant("Kabir");

        client.post("/api/v1/auth/logout", Map.of("refreshToken", account.refreshToken())).exchange().expectStatus().isNoContent();

        client.post("/api/v1/auth/refresh", Map.of("refreshToken", account.refreshToken())).exchange().expectStatus().isUnauthorized();
        client.post("/api/v1/auth/logout", Map.of("refreshToken", "not-a-token")).exchange().expectStatus().isNoContent();
    }

    @Test
    void aPasswordResetEndsEveryLoginAndTheLinkWorksOnce() {
        IdentityClient.Account account = client.verifiedConsultant("Anaya");
        Map<String, Object> secondDevice = client.login(account.email(), IdentityClient.PASSWORD);

        client.post("/api/v1/auth/forgot-password", Map.of("email", account.email().toUpperCase())).exchange().expectStatus().isAccepted();
        String token = client.linkToken(account.id(), "PASSWORD_RESET");
        String newPassword = "Copper-Lantern-Rain-2209";
        client.post("/api/v1/auth/reset-password", Map.of("token", token, "newPassword", newPassword)).exchange().expectStatus().isNoContent();

        client.post("/api/v1/auth/refresh", Map.of("refreshToken", account.refreshToken())).exchange().expectStatus().isUnauthorized();
        client.post("/api/v1/auth/refresh", Map.of("refreshToken", secondDevice.get("refreshToken"))).exchange().expectStatus().isUnauthorized();
        client.post("/api/v1/auth/login", Map.of("email", account.email(), "password", IdentityClient.PASSWORD)).exchange()
                .expectStatus().isUnauthorized();
        client.login(account.email(), newPassword);
        client.post("/api/v1/auth/reset-password", Map.of("token", token, "newPassword", "Another-Fresh-Phrase-77")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("token");
    }

    @Test
    void forgotPasswordAnswersTheSameForUnknownEmailsAndSendsNothing() {
        Long before = linkEvents();

        client.post("/api/v1/auth/forgot-password", Map.of("email", IdentityClient.uniqueEmail("nobody"))).exchange().expectStatus().isAccepted();

        assertThat(linkEvents()).isEqualTo(before);
    }

    @Test
    void suspensionRevokesRefreshTokensAndLaterTokensSayWhy() throws Exception {
        IdentityClient.Account account = client.approvedConsultant("Dev");
        client.get("/api/v1/consultants/me/booking-page", account.accessToken()).exchange().expectStatus().isOk();
        String admin = client.adminToken();

        client.post("/api/v1/admin/consultants/" + account.id() + "/suspend", Map.of("reason", "Chargeback investigation"), admin)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("SUSPENDED");

        client.post("/api/v1/auth/refresh", Map.of("refreshToken", account.refreshToken())).exchange().expectStatus().isUnauthorized();
        String suspendedToken = (String) client.login(account.email(), IdentityClient.PASSWORD).get("accessToken");
        assertThat(SignedJWT.parse(suspendedToken).getJWTClaimsSet().getStringClaim("approval")).isEqualTo("SUSPENDED");
        client.get("/api/v1/consultants/me/booking-page", suspendedToken).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.title").isEqualTo("Account suspended");
        client.get("/api/v1/consultants/me", suspendedToken).exchange().expectStatus().isOk();

        client.post("/api/v1/admin/consultants/" + account.id() + "/reinstate", Map.of(), admin).exchange().expectStatus().isOk();
        String reinstated = (String) client.login(account.email(), IdentityClient.PASSWORD).get("accessToken");
        client.get("/api/v1/consultants/me/booking-page", reinstated).exchange().expectStatus().isOk();
    }

    private Long linkEvents() {
        return database.sql("SELECT count(*) AS n FROM outbox_event_history WHERE event_type = 'com.nakksha.events.ConsultantEmailLinkRequested'")
                .map(row -> row.get("n", Long.class)).one().block();
    }
}
