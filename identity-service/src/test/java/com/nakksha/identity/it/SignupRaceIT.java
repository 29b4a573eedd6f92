package com.nakksha.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nakksha.identity.IdentityClient;
import com.nakksha.identity.AbstractIdentityIT;
import com.nakksha.identity.emaillink.LinkTokenProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Parallel signups: the database decides, and every loser gets a clean answer. */
class SignupRaceIT extends AbstractIdentityIT {

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient database;
    @Autowired
    LinkTokenProperties linkTokens;

    @Test
    void parallelSignupsWithOneEmailCreateOneAccountAndAllAnswerAlike() {
        IdentityClient client = new IdentityClient(web, database, linkTokens, clock);
        String email = IdentityClient.uniqueEmail("twin");

        List<Integer> statuses = IdentityClient.parallel(4, i -> client.post("/api/v1/auth/signup", Map.of("email", i % 2 == 0 ? email : email.toUpperCase(),
                "password", IdentityClient.PASSWORD, "firstName", "Twin", "lastName", "Signup", "phoneNumber", "9876543210"))
                .exchange().returnResult(String.class).getStatus().value());

        // The losers are answered as a new address would be: signup does not reveal registered emails.
        assertThat(statuses).containsOnly(201);
        assertThat(database.sql("SELECT count(*) AS n FROM consultant WHERE lower(email) = :email").bind("email", email)
                .map(row -> row.get("n", Long.class)).one().block()).isEqualTo(1);
    }

    @Test
    void parallelSignupsWithOneNameGetDistinctSlugs() {
        IdentityClient client = new IdentityClient(web, database, linkTokens, clock);
        String lastName = "Samename" + UUID.randomUUID().toString().substring(0, 6).replaceAll("[0-9-]", "x");

        List<Integer> statuses = IdentityClient.parallel(4, i -> client.post("/api/v1/auth/signup", Map.of("email", IdentityClient.uniqueEmail("same"),
                "password", IdentityClient.PASSWORD, "firstName", "Rohan", "lastName", lastName, "phoneNumber", "9876543210"))
                .exchange().returnResult(String.class).getStatus().value());

        assertThat(statuses).containsOnly(201);
        List<String> slugs = database.sql("SELECT slug FROM consultant WHERE last_name = :lastName").bind("lastName", lastName)
                .map(row -> row.get("slug", String.class)).all().collectList().block();
        assertThat(slugs).hasSize(4).doesNotHaveDuplicates();
    }
}
