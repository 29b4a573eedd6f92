package com.nakksha.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.nakksha.identity.IdentityClient;
import com.nakksha.identity.AbstractIdentityIT;
import com.nakksha.identity.emaillink.LinkTokenProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
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
        IdentityClient client = new IdentityClient(web, database, linkTokens);
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
        new IdentityClient(web, database, linkTokens).login(account.email(), IdentityClient.PASSWORD);
        // The lockout is a security event, without the password.
        assertThat(database.sql("SELECT count(*) AS n FROM security_event WHERE kind = 'LOGIN_THROTTLED' AND email = :email AND address = :address")
                .bind("email", account.email()).bind("address", client.address()).map(row -> row.get("n", Long.class)).one().block())
                .isPositive();
    }

    @Test
    void guessesFromManyAddressesAskTheOwnerToStepUpByEmailAtTheAccountWideLimit() {
        IdentityClient owner = new IdentityClient(web, database, linkTokens);
        IdentityClient.Account account = owner.verifiedConsultant("Tara");
        for (int botnet = 0; botnet < 3; botnet++) {
            IdentityClient bot = new IdentityClient(web, database, linkTokens);
            for (int i = 0; i < 5; i++) {
                bot.post("/api/v1/auth/login", Map.of("email", account.email(), "password", "guess-" + i)).exchange()
                        .expectStatus().isUnauthorized();
            }
        }
        long resetLinksBefore = resetLinks(account);
        owner.post("/api/v1/auth/login", Map.of("email", account.email(), "password", IdentityClient.PASSWORD)).exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("password-reset link"));
        owner.post("/api/v1/auth/login", Map.of("email", account.email(), "password", IdentityClient.PASSWORD)).exchange()
                .expectStatus().isEqualTo(429);
        // One mail however often the block is hit; the link proves the mailbox and lifts the block.
        assertThat(resetLinks(account)).isEqualTo(resetLinksBefore + 1);
        String newPassword = "Amber-Orchard-Pylon-2207";
        owner.post("/api/v1/auth/reset-password", Map.of("token", owner.linkToken(account.id(), "PASSWORD_RESET"), "newPassword", newPassword))
                .exchange().expectStatus().isNoContent();
        owner.login(account.email(), newPassword);
    }

    private long resetLinks(IdentityClient.Account account) {
        return database.sql("SELECT count(*) AS n FROM account_link_token WHERE consultant_id = :id AND purpose = 'PASSWORD_RESET'")
                .bind("id", account.id()).map(row -> row.get("n", Long.class)).one().block();
    }

    @Test
    void parallelGuessesAreCountedBeforeAnyPasswordIsChecked() {
        IdentityClient client = new IdentityClient(web, database, linkTokens);
        IdentityClient.Account account = client.verifiedConsultant("Rhea");

        List<Integer> statuses = IdentityClient.parallel(30, i -> client.post("/api/v1/auth/login",
                        Map.of("email", account.email(), "password", "parallel-guess-" + i))
                .exchange().returnResult(String.class).getStatus().value());

        // Limit 5: at most 5 passwords were checked, every other attempt was refused before hashing.
        assertThat(statuses).containsOnly(401, 429);
        assertThat(statuses.stream().filter(status -> status == 401).count()).isBetween(1L, 5L);
    }

    @Test
    void unknownEmailsGetExactlyTheSameAnswersAsWrongPasswords() {
        IdentityClient client = new IdentityClient(web, database, linkTokens);
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
        IdentityClient setup = new IdentityClient(web, database, linkTokens);
        IdentityClient.Account victim = setup.verifiedConsultant("Zoya");
        IdentityClient sprayer = new IdentityClient(web, database, linkTokens);

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
        IdentityClient client = new IdentityClient(web, database, linkTokens);
        String unknownAdmin = IdentityClient.uniqueEmail("admin-guess");
        for (int i = 0; i < 5; i++) {
            client.post("/api/v1/auth/admin/login", Map.of("email", unknownAdmin, "password", "guess-" + i)).exchange()
                    .expectStatus().isUnauthorized();
        }
        client.post("/api/v1/auth/admin/login", Map.of("email", unknownAdmin, "password", "guess")).exchange()
                .expectStatus().isEqualTo(429);
    }
}
