package com.nakksha.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nakksha.identity.IdentityClient;
import com.nakksha.identity.AbstractIdentityIT;
import com.nakksha.identity.emaillink.LinkTokenProperties;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Limits: 5 failures per account from one address, 12 per client address, 15 per account from anywhere,
 * in 15 minutes (test configuration).
 */
class LoginThrottlingIT extends AbstractIdentityIT {

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient database;
    @Autowired
    LinkTokenProperties linkTokens;

    @Test
    void anAccountIsBlockedFromTheGuessingAddressButNotForTheOwnerElsewhere() {
        IdentityClient client = new IdentityClient(web, database, linkTokens, clock);
        IdentityClient.Account account = client.verifiedConsultant("Isha");

        for (int i = 0; i < 5; i++) {
            client.post("/api/v1/auth/login", Map.of("email", account.email(), "password", "wrong-password-" + i)).exchange()
                    .expectStatus().isUnauthorized();
        }
        client.post("/api/v1/auth/login", Map.of("email", account.email(), "password", IdentityClient.PASSWORD)).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value)).isBetween(1L, 900L))
                .expectBody().jsonPath("$.title").isEqualTo("Too many login attempts");
        // The owner at another address is not locked out by someone else's guesses.
        new IdentityClient(web, database, linkTokens, clock).login(account.email(), IdentityClient.PASSWORD);
        // The lockout is a security event, without the password.
        assertThat(database.sql("SELECT count(*) AS n FROM security_event WHERE kind = 'LOGIN_THROTTLED' AND email = :email AND address = :address")
                .bind("email", account.email()).bind("address", client.address()).map(row -> row.get("n", Long.class)).one().block())
                .isPositive();
    }

    @Test
    @SuppressWarnings("unchecked")
    void guessesFromManyAddressesMailTheOwnerASignInLinkAtTheAccountWideLimit() throws Exception {
        IdentityClient owner = new IdentityClient(web, database, linkTokens, clock);
        IdentityClient.Account account = owner.verifiedConsultant("Tara");
        String passwordHash = passwordHash(account);
        guessFromManyAddresses("/api/v1/auth/login", account.email());
        long resetLinksBefore = links(account, "PASSWORD_RESET");

        owner.post("/api/v1/auth/login", Map.of("email", account.email(), "password", IdentityClient.PASSWORD)).exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("sign-in link we emailed"));
        owner.post("/api/v1/auth/login", Map.of("email", account.email(), "password", IdentityClient.PASSWORD)).exchange()
                .expectStatus().isEqualTo(429);
        // One mail however often the block is hit, a sign-in link and no longer a password reset.
        assertThat(links(account, "LOGIN_LINK")).isEqualTo(1);
        assertThat(links(account, "PASSWORD_RESET")).isEqualTo(resetLinksBefore);
        assertThat(securityEvents("LOGIN_LINK_SENT", account.email())).isEqualTo(1);

        String token = owner.loginLinkToken(account.id());
        var signedIn = IdentityClient.json(owner.post("/api/v1/auth/login-link", Map.of("token", token)).exchange()
                .expectStatus().isOk()
                .expectHeader().cacheControl(CacheControl.noStore()));
        assertThat(signedIn).containsKeys("accessToken", "refreshToken");
        var claims = SignedJWT.parse((String) signedIn.get("accessToken")).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(account.id().toString());
        assertThat((List<String>) claims.getClaim("amr")).containsExactly("otp");
        owner.get("/api/v1/consultants/me", (String) signedIn.get("accessToken")).exchange().expectStatus().isOk();
        assertThat(securityEvents("LOGIN_LINK_USED", account.email())).isEqualTo(1);

        // The link lifted the block and left the password as it was.
        assertThat(passwordHash(account)).isEqualTo(passwordHash);
        owner.login(account.email(), IdentityClient.PASSWORD);
        // Single use.
        long refusedBefore = securityEvents("LOGIN_LINK_REFUSED", null);
        owner.post("/api/v1/auth/login-link", Map.of("token", token)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("token");
        assertThat(securityEvents("LOGIN_LINK_REFUSED", null)).isEqualTo(refusedBefore + 1);
    }

    @Test
    void aSignInLinkMarksTheEmailVerified() {
        IdentityClient owner = new IdentityClient(web, database, linkTokens, clock);
        String email = IdentityClient.uniqueEmail("unverified");
        UUID id = owner.signUp(email, "Uma", "Tester");
        guessFromManyAddresses("/api/v1/auth/login", email);
        owner.post("/api/v1/auth/login", Map.of("email", email, "password", IdentityClient.PASSWORD)).exchange()
                .expectStatus().isEqualTo(429);

        owner.post("/api/v1/auth/login-link", Map.of("token", owner.loginLinkToken(id))).exchange().expectStatus().isOk();

        // Unverified, the password login was refused (403); the link proved the mailbox.
        owner.login(email, IdentityClient.PASSWORD);
    }

    @Test
    void alteredResetAndExpiredTokensDoNotSignIn() {
        IdentityClient owner = new IdentityClient(web, database, linkTokens, clock);
        IdentityClient.Account account = owner.verifiedConsultant("Kavya");
        guessFromManyAddresses("/api/v1/auth/login", account.email());
        owner.post("/api/v1/auth/login", Map.of("email", account.email(), "password", IdentityClient.PASSWORD)).exchange()
                .expectStatus().isEqualTo(429);
        String token = owner.loginLinkToken(account.id());
        owner.post("/api/v1/auth/forgot-password", Map.of("email", account.email())).exchange().expectStatus().isAccepted();
        String resetToken = owner.linkToken(account.id(), "PASSWORD_RESET");
        String altered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");

        for (String refused : List.of(altered, resetToken)) {
            owner.post("/api/v1/auth/login-link", Map.of("token", refused)).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("token")
                    .jsonPath("$.accessToken").doesNotExist();
        }
        // A sign-in token is no reset token either.
        owner.post("/api/v1/auth/reset-password", Map.of("token", token, "newPassword", "Amber-Orchard-Pylon-2207")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("token");

        clock.advance(linkTokens.loginLinkLifetime().plusSeconds(1));
        try {
            owner.post("/api/v1/auth/login-link", Map.of("token", token)).exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("token");
        } finally {
            clock.reset();
        }
        // Back at the real time the same token signs in: the refusal above was its expiry's.
        owner.post("/api/v1/auth/login-link", Map.of("token", token)).exchange().expectStatus().isOk();
    }

    @Test
    void aSuspendedConsultantSignsInByLinkAsByPasswordWithTheSuspensionInTheToken() throws Exception {
        IdentityClient owner = new IdentityClient(web, database, linkTokens, clock);
        IdentityClient.Account account = owner.approvedConsultant("Sana");
        owner.post("/api/v1/admin/consultants/" + account.id() + "/suspend", Map.of("reason", "Unpaid invoices"), owner.adminToken())
                .exchange().expectStatus().isOk();
        var byPassword = owner.login(account.email(), IdentityClient.PASSWORD);
        guessFromManyAddresses("/api/v1/auth/login", account.email());
        owner.post("/api/v1/auth/login", Map.of("email", account.email(), "password", IdentityClient.PASSWORD)).exchange()
                .expectStatus().isEqualTo(429);

        var byLink = IdentityClient.json(owner.post("/api/v1/auth/login-link", Map.of("token", owner.loginLinkToken(account.id())))
                .exchange().expectStatus().isOk());

        assertThat(SignedJWT.parse((String) byLink.get("accessToken")).getJWTClaimsSet().getClaim("approval"))
                .isEqualTo("SUSPENDED")
                .isEqualTo(SignedJWT.parse((String) byPassword.get("accessToken")).getJWTClaimsSet().getClaim("approval"));
    }

    @Test
    void anUnknownEmailAtTheAccountWideLimitGetsTheSameAnswerAndNoMail() {
        IdentityClient owner = new IdentityClient(web, database, linkTokens, clock);
        IdentityClient.Account known = owner.verifiedConsultant("Mira");
        String unknown = IdentityClient.uniqueEmail("nobody");
        guessFromManyAddresses("/api/v1/auth/login", known.email());
        guessFromManyAddresses("/api/v1/auth/login", unknown);
        long loginLinkMails = loginLinkEvents();

        var knownBlocked = IdentityClient.json(owner.post("/api/v1/auth/login", Map.of("email", known.email(), "password", "x"))
                .exchange().expectStatus().isEqualTo(429));
        long afterKnown = loginLinkEvents();
        var unknownBlocked = IdentityClient.json(owner.post("/api/v1/auth/login", Map.of("email", unknown, "password", "x"))
                .exchange().expectStatus().isEqualTo(429));

        assertThat(unknownBlocked).containsEntry("title", knownBlocked.get("title")).containsEntry("detail", knownBlocked.get("detail"));
        assertThat(afterKnown).isEqualTo(loginLinkMails + 1);
        assertThat(loginLinkEvents()).isEqualTo(afterKnown);
        assertThat(securityEvents("LOGIN_LINK_SENT", unknown)).isZero();
    }

    @Test
    void adminsAndPasswordChangesAtTheAccountWideLimitGetNoLinkAndAreNotToldOfOne() {
        IdentityClient owner = new IdentityClient(web, database, linkTokens, clock);
        String adminEmail = IdentityClient.uniqueEmail("ops-admin");
        String adminPassword = "Granite-Meadow-Falcon-58";
        String rootAdmin = owner.adminToken();
        owner.post("/api/v1/admin/admins", Map.of("email", adminEmail, "fullName", "Ops Person", "password", adminPassword,
                "totpCode", owner.rootAdminCode()), rootAdmin).exchange().expectStatus().isCreated();
        guessFromManyAddresses("/api/v1/auth/admin/login", adminEmail);
        long loginLinkMails = loginLinkEvents();

        owner.post("/api/v1/auth/admin/login", Map.of("email", adminEmail, "password", adminPassword)).exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).doesNotContain("link"));

        IdentityClient.Account consultant = owner.verifiedConsultant("Pia");
        guessFromManyAddresses("/api/v1/auth/login", consultant.email());
        owner.post("/api/v1/consultants/me/password", Map.of("currentPassword", IdentityClient.PASSWORD,
                        "newPassword", "Amber-Orchard-Pylon-2207"), consultant.accessToken()).exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).doesNotContain("link"));
        assertThat(loginLinkEvents()).isEqualTo(loginLinkMails);
        assertThat(securityEvents("LOGIN_LINK_SENT", adminEmail)).isZero();
    }

    /** Five failures from each of three addresses: the account-wide limit (15), no single address's (5). */
    private void guessFromManyAddresses(String path, String email) {
        for (int botnet = 0; botnet < 3; botnet++) {
            IdentityClient bot = new IdentityClient(web, database, linkTokens, clock);
            for (int i = 0; i < 5; i++) {
                bot.post(path, Map.of("email", email, "password", "guess-" + i)).exchange()
                        .expectStatus().isUnauthorized();
            }
        }
    }

    private long links(IdentityClient.Account account, String purpose) {
        return database.sql("SELECT count(*) AS n FROM account_link_token WHERE consultant_id = :id AND purpose = :purpose")
                .bind("id", account.id()).bind("purpose", purpose).map(row -> row.get("n", Long.class)).one().block();
    }

    private String passwordHash(IdentityClient.Account account) {
        return database.sql("SELECT password_hash FROM consultant WHERE id = :id")
                .bind("id", account.id()).map(row -> row.get("password_hash", String.class)).one().block();
    }

    private long loginLinkEvents() {
        return database.sql("SELECT count(*) AS n FROM outbox_event_history WHERE event_type = 'com.nakksha.events.ConsultantLoginLinkRequested'")
                .map(row -> row.get("n", Long.class)).one().block();
    }

    private long securityEvents(String kind, String email) {
        var spec = database.sql("SELECT count(*) AS n FROM security_event WHERE kind = :kind"
                + (email == null ? "" : " AND email = :email")).bind("kind", kind);
        return (email == null ? spec : spec.bind("email", email)).map(row -> row.get("n", Long.class)).one().block();
    }

    @Test
    void parallelGuessesAreCountedBeforeAnyPasswordIsChecked() {
        IdentityClient client = new IdentityClient(web, database, linkTokens, clock);
        IdentityClient.Account account = client.verifiedConsultant("Rhea");

        List<Integer> statuses = IdentityClient.parallel(30, i -> client.post("/api/v1/auth/login",
                        Map.of("email", account.email(), "password", "parallel-guess-" + i))
                .exchange().returnResult(String.class).getStatus().value());

        // Limit 5: at most 5 attempts got past the count, every other one was refused before hashing. One that got past
        // may still find every hashing slot taken on a busy machine (503 with Retry-After, CI run of 95becc4): it is
        // one of the 5, and its password was not checked either.
        assertThat(statuses).isSubsetOf(401, 429, 503);
        assertThat(statuses.stream().filter(status -> status == 401 || status == 503).count()).isBetween(1L, 5L);
    }

    @Test
    void unknownEmailsGetExactlyTheSameAnswersAsWrongPasswords() {
        IdentityClient client = new IdentityClient(web, database, linkTokens, clock);
        IdentityClient.Account account = client.verifiedConsultant("Neel");
        String unknown = IdentityClient.uniqueEmail("ghost");

        for (int i = 0; i < 5; i++) {
            var known = IdentityClient.json(client.post("/api/v1/auth/login", Map.of("email", account.email(), "password", "nope-" + i))
                    .exchange().expectStatus().isUnauthorized());
            var ghost = IdentityClient.json(client.post("/api/v1/auth/login", Map.of("email", unknown, "password", "nope-" + i))
                    .exchange().expectStatus().isUnauthorized());
            assertThat(ghost).containsEntry("title", known.get("title")).containsEntry("detail", known.get("detail"));
        }
        var knownBlocked = IdentityClient.json(client.post("/api/v1/auth/login", Map.of("email", account.email(), "password", "x"))
                .exchange().expectStatus().isEqualTo(429));
        var ghostBlocked = IdentityClient.json(client.post("/api/v1/auth/login", Map.of("email", unknown, "password", "x"))
                .exchange().expectStatus().isEqualTo(429));
        assertThat(ghostBlocked).containsEntry("title", knownBlocked.get("title")).containsEntry("detail", knownBlocked.get("detail"));
    }

    @Test
    void anAddressSprayingManyAccountsIsBlocked() {
        IdentityClient setup = new IdentityClient(web, database, linkTokens, clock);
        IdentityClient.Account victim = setup.verifiedConsultant("Zoya");
        IdentityClient sprayer = new IdentityClient(web, database, linkTokens, clock);

        for (int i = 0; i < 12; i++) {
            sprayer.post("/api/v1/auth/login", Map.of("email", IdentityClient.uniqueEmail("target" + i), "password", "Summer2024!"))
                    .exchange().expectStatus().isUnauthorized();
        }
        sprayer.post("/api/v1/auth/login", Map.of("email", victim.email(), "password", IdentityClient.PASSWORD)).exchange()
                .expectStatus().isEqualTo(429);
        // The victim, from their own address, is not locked out by someone else's spraying.
        setup.login(victim.email(), IdentityClient.PASSWORD);
    }

    @Test
    void adminLoginIsThrottledToo() {
        IdentityClient client = new IdentityClient(web, database, linkTokens, clock);
        String unknownAdmin = IdentityClient.uniqueEmail("admin-guess");
        for (int i = 0; i < 5; i++) {
            client.post("/api/v1/auth/admin/login", Map.of("email", unknownAdmin, "password", "guess-" + i)).exchange()
                    .expectStatus().isUnauthorized();
        }
        client.post("/api/v1/auth/admin/login", Map.of("email", unknownAdmin, "password", "guess")).exchange()
                .expectStatus().isEqualTo(429);
    }
}
