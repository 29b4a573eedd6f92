package com.nakksha.identity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nakksha.identity.IdentityClient;
import com.nakksha.identity.AbstractIdentityIT;
import com.nakksha.identity.account.EmailAddress;
import com.nakksha.identity.consultant.Consultant;
import com.nakksha.identity.consultant.ConsultantService;
import com.nakksha.identity.consultant.PhoneNumber;
import com.nakksha.identity.consultant.Profile;
import com.nakksha.identity.consultant.Slug;
import com.nakksha.identity.emaillink.LinkTokenProperties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Parallel signups: the database decides, and every loser gets a clean answer. */
class SignupRaceIT extends AbstractIdentityIT {

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient database;
    @Autowired
    LinkTokenProperties linkTokens;
    @Autowired
    ConsultantService consultants;
    @Autowired
    TransactionalOperator transactions;

    @Test
    void parallelSignupsWithOneEmailCreateOneAccountAndAllAnswerAlike() {
        IdentityClient client = new IdentityClient(web, database, linkTokens, clock);
        String email = IdentityClient.uniqueEmail("twin");

        List<Integer> statuses = IdentityClient.parallel(4, i -> signUp(client, Map.of("email", i % 2 == 0 ? email : email.toUpperCase(),
                "password", IdentityClient.PASSWORD, "firstName", "Twin", "lastName", "Signup", "phoneNumber", "9876543210")));

        // The losers are answered as a new address would be: signup does not reveal registered emails.
        assertThat(statuses).containsOnly(201);
        assertThat(database.sql("SELECT count(*) AS n FROM consultant WHERE lower(email) = :email").bind("email", email)
                .map(row -> row.get("n", Long.class)).one().block()).isEqualTo(1);
    }

    @Test
    void parallelSignupsWithOneNameGetDistinctSlugs() {
        IdentityClient client = new IdentityClient(web, database, linkTokens, clock);
        String lastName = "Samename" + UUID.randomUUID().toString().substring(0, 6).replaceAll("[0-9-]", "x");

        // Twelve at once: with only retries on the unique index, a loser lost four times in a row and got a 500.
        List<Integer> statuses = IdentityClient.parallel(12, i -> signUp(client, Map.of("email", IdentityClient.uniqueEmail("same"),
                "password", IdentityClient.PASSWORD, "firstName", "Rohan", "lastName", lastName, "phoneNumber", "9876543210")));

        assertThat(statuses).containsOnly(201);
        List<String> slugs = database.sql("SELECT slug FROM consultant WHERE last_name = :lastName").bind("lastName", lastName)
                .map(row -> row.get("slug", String.class)).all().collectList().block();
        assertThat(slugs).hasSize(12).doesNotHaveDuplicates();
    }

    /**
     * The race itself, without the password hashing that spreads real signups out: two registrations of one name
     * pick their slug at once and insert it 300 ms later. The second must wait for the first one's commit and take
     * the next slug; without that it picks the same one and the unique index refuses its insert.
     */
    @Test
    void twoRegistrationsOfOneNameInFlightTogetherPickDifferentSlugs() {
        String lastName = "Overlap" + UUID.randomUUID().toString().substring(0, 6).replaceAll("[0-9-]", "y");
        Slug base = Slug.fromName("Meera", lastName);

        List<Slug> picked = Flux.range(0, 2)
                .flatMap(i -> transactions.transactional(consultants.freeSlug(base)
                        .delayElement(Duration.ofMillis(300))
                        .flatMap(slug -> consultants.register(Consultant.register(UUID.randomUUID(),
                                        EmailAddress.parse(IdentityClient.uniqueEmail("overlap")), "hash",
                                        Profile.initial("Meera", lastName, new PhoneNumber("+91", "9876543210"), slug), clock.instant()))
                                .thenReturn(slug))))
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(picked).extracting(Slug::value).containsExactlyInAnyOrder(base.value(), base.withSuffix(2).value());
    }

    /**
     * The signup's final status. A 503 (every password-hashing slot taken, which parallel signups on a busy machine
     * meet) is retried after a second, as a client does after its Retry-After.
     */
    private static int signUp(IdentityClient client, Map<String, String> body) {
        AtomicInteger status = new AtomicInteger();
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                .until(() -> status.updateAndGet(ignored -> client.post("/api/v1/auth/signup", body).exchange()
                        .returnResult(String.class).getStatus().value()) != 503);
        return status.get();
    }
}
