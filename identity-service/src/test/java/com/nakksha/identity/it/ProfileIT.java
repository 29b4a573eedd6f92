package com.nakksha.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.identity.IdentityClient;
import com.nakksha.identity.AbstractIdentityIT;
import com.nakksha.identity.emaillink.LinkTokenProperties;
import com.nakksha.schemas.serde.AvroEventCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The consultant's own profile: masked, encrypted bank details, public-only events, own data only. */
class ProfileIT extends AbstractIdentityIT {

    private static final String ACCOUNT_NUMBER = "50100123456789";

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
    void bankDetailsAreEncryptedAtRestShownMaskedAndNeverPublished() {
        IdentityClient.Account account = client.verifiedConsultant("Leela");
        Map<String, Object> body = profile(account, Map.of(
                "bankDetails", Map.of("bankName", "HDFC Bank", "accountNumber", ACCOUNT_NUMBER, "ifsc", "hdfc0001234")));

        client.put("/api/v1/consultants/me", body, account.accessToken()).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.bankDetails.accountNumberMasked").isEqualTo("**********6789")
                .jsonPath("$.bankDetails.ifsc").isEqualTo("HDFC0001234")
                .jsonPath("$.bankDetails.accountNumber").doesNotExist();
        client.get("/api/v1/consultants/me", account.accessToken()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.bankDetails.accountNumberMasked").isEqualTo("**********6789")
                .jsonPath("$.bankDetails.bankName").isEqualTo("HDFC Bank");

        String stored = database.sql("SELECT bank_details_sealed FROM consultant WHERE id = :id").bind("id", account.id())
                .map(row -> row.get("bank_details_sealed", String.class)).one().block();
        assertThat(stored).startsWith("v1.").doesNotContain(ACCOUNT_NUMBER).doesNotContain("HDFC");

        List<ConsultantProfileUpdated> published = profileEvents(account.id());
        assertThat(published).isNotEmpty();
        assertThat(published).allSatisfy(event -> assertThat(event.toString()).doesNotContain(ACCOUNT_NUMBER).doesNotContain("HDFC0001234"));

        // Changing only the bank details publishes nothing.
        int before = profileEvents(account.id()).size();
        client.put("/api/v1/consultants/me", profile(account, Map.of(
                        "bankDetails", Map.of("bankName", "SBI", "accountNumber", "123456789012", "ifsc", "SBIN0000001"))), account.accessToken())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.bankDetails.accountNumberMasked").isEqualTo("********9012");
        assertThat(profileEvents(account.id())).hasSize(before);
        // Leaving bank details out keeps them.
        client.put("/api/v1/consultants/me", profile(account, Map.of("description", "Now with a description")), account.accessToken())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.bankDetails.bankName").isEqualTo("SBI");
        assertThat(profileEvents(account.id())).hasSize(before + 1);
        assertThat(profileEvents(account.id()).getLast().getDescription()).isEqualTo("Now with a description");
    }

    @Test
    void aMergePatchChangesOnlyTheFieldsItNamesAndAFullPutThatDropsAnOfferSaysSo() {
        IdentityClient.Account account = client.verifiedConsultant("Meera");
        client.put("/api/v1/consultants/me", profile(account, Map.of("personalSessionTitle", "Career call",
                        "personalSessionPrice", 1500, "webinarSessionPrice", 499)), account.accessToken())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.notices.length()").isEqualTo(0);

        client.mergePatch("/api/v1/consultants/me", "{\"description\": \"Careers in data\"}", account.accessToken())
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.description").isEqualTo("Careers in data")
                .jsonPath("$.personalSessionPrice").isEqualTo(1500)
                .jsonPath("$.personalSessionTitle").isEqualTo("Career call")
                .jsonPath("$.notices.length()").isEqualTo(0);
        client.mergePatch("/api/v1/consultants/me", "{\"webinarSessionPrice\": null, \"timezone\": \"Europe/London\"}",
                        account.accessToken())
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.webinarSessionPrice").doesNotExist()
                .jsonPath("$.timezone").isEqualTo("Europe/London")
                .jsonPath("$.notices[0]").value(notice -> assertThat((String) notice).contains("WEBINAR sessions are no longer offered"))
                .jsonPath("$.notices[1]").value(notice -> assertThat((String) notice)
                        .contains("from Asia/Kolkata to Europe/London").contains("keeps its wall-clock times"));
        long versionBefore = ((Number) IdentityClient.json(client.get("/api/v1/consultants/me", account.accessToken()).exchange()
                .expectStatus().isOk()).get("profileVersion")).longValue();
        client.mergePatch("/api/v1/consultants/me", "{\"nickname\": \"M\"}", account.accessToken())
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("nickname")
                .jsonPath("$.errors[0].message").isEqualTo("is not a known property");
        client.mergePatch("/api/v1/consultants/me", "{\"experienceMonths\": \"lots\"}", account.accessToken())
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("experienceMonths");
        client.mergePatch("/api/v1/consultants/me", "{\"firstName\": null}", account.accessToken())
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("firstName");
        assertThat(((Number) IdentityClient.json(client.get("/api/v1/consultants/me", account.accessToken()).exchange()
                .expectStatus().isOk()).get("profileVersion")).longValue()).isEqualTo(versionBefore);

        Map<String, Object> withoutPrices = profile(account, Map.of());
        withoutPrices.remove("personalSessionPrice");
        client.put("/api/v1/consultants/me", withoutPrices, account.accessToken()).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.personalSessionPrice").doesNotExist()
                .jsonPath("$.notices[0]").value(notice -> assertThat((String) notice)
                        .startsWith("personalSessionPrice is no longer set, so PERSONAL sessions are no longer offered"));
    }

    @Test
    void slugsAreUniqueAndEditable() {
        IdentityClient.Account first = client.verifiedConsultant("Sana");
        IdentityClient.Account second = client.verifiedConsultant("Sana");
        String firstSlug = (String) IdentityClient.json(client.get("/api/v1/consultants/me", first.accessToken()).exchange().expectStatus().isOk()).get("slug");
        String secondSlug = (String) IdentityClient.json(client.get("/api/v1/consultants/me", second.accessToken()).exchange().expectStatus().isOk()).get("slug");
        assertThat(firstSlug).isNotEqualTo(secondSlug).startsWith("sana-tester");

        client.put("/api/v1/consultants/me", profile(second, Map.of("slug", firstSlug)), second.accessToken()).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.errors[0].field").isEqualTo("slug");
        String chosen = "sana-" + UUID.randomUUID().toString().substring(0, 8);
        client.put("/api/v1/consultants/me", profile(second, Map.of("slug", chosen.toUpperCase())), second.accessToken()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.slug").isEqualTo(chosen);
    }

    @Test
    void aConsultantOnlyEverReadsAndChangesTheirOwnAccount() {
        IdentityClient.Account alice = client.verifiedConsultant("Alice");
        IdentityClient.Account bob = client.verifiedConsultant("Bob");

        client.put("/api/v1/consultants/me", profile(alice, Map.of("description", "Alice's page")), alice.accessToken()).exchange().expectStatus().isOk();

        client.get("/api/v1/consultants/me", bob.accessToken()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(bob.id().toString()).jsonPath("$.description").doesNotExist();
        // No consultant path takes a consultant id; the ones admins use refuse consultant tokens.
        client.get("/api/v1/admin/consultants/" + alice.id(), bob.accessToken()).exchange().expectStatus().isForbidden();
        client.put("/api/v1/admin/consultants/" + alice.id(), Map.of(), bob.accessToken()).exchange().expectStatus().isForbidden();
        client.get("/api/v1/consultants/me", alice.accessToken()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.description").isEqualTo("Alice's page");
    }

    @Test
    void aPasswordResetRacingProfileEditsSucceedsAndSoDoTheEdits() {
        IdentityClient.Account account = client.verifiedConsultant("Racer");
        for (int round = 0; round < 3; round++) {
            client.post("/api/v1/auth/forgot-password", Map.of("email", account.email())).exchange().expectStatus().isAccepted();
            String token = client.linkToken(account.id(), "PASSWORD_RESET");
            String accessToken = account.accessToken();
            Map<String, Object> edit = profile(account, Map.of("description", "Round " + round));
            int currentRound = round;

            List<Integer> statuses = IdentityClient.parallel(6, i -> i == 0
                    ? client.post("/api/v1/auth/reset-password", Map.of("token", token, "newPassword", IdentityClient.PASSWORD))
                            .exchange().returnResult(String.class).getStatus().value()
                    : client.put("/api/v1/consultants/me", edit, accessToken).exchange().returnResult(String.class).getStatus().value());

            assertThat(statuses.get(0)).as("reset in round %d", currentRound).isEqualTo(204);
            assertThat(statuses.subList(1, 6)).as("edits in round %d", currentRound).containsOnly(200);
        }
    }

    @Test
    void aSignedInConsultantChangesThePasswordWithTheCurrentOne() {
        IdentityClient.Account account = client.verifiedConsultant("Changer");
        String newPassword = "Velvet-Harbor-Quince-4471";

        client.post("/api/v1/consultants/me/password", Map.of("currentPassword", "not-the-password", "newPassword", newPassword),
                        account.accessToken()).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("currentPassword");
        client.post("/api/v1/consultants/me/password", Map.of("currentPassword", IdentityClient.PASSWORD, "newPassword", "password1"),
                        account.accessToken()).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("newPassword");
        var tokens = IdentityClient.json(client.post("/api/v1/consultants/me/password",
                        Map.of("currentPassword", IdentityClient.PASSWORD, "newPassword", newPassword), account.accessToken()).exchange()
                .expectStatus().isOk().expectHeader().cacheControl(org.springframework.http.CacheControl.noStore()));

        // Every earlier login ends; the answer is a new one.
        client.post("/api/v1/auth/refresh", Map.of("refreshToken", account.refreshToken())).exchange().expectStatus().isUnauthorized();
        client.refresh((String) tokens.get("refreshToken"));
        client.post("/api/v1/auth/login", Map.of("email", account.email(), "password", IdentityClient.PASSWORD)).exchange()
                .expectStatus().isUnauthorized();
        client.login(account.email(), newPassword);
        // Another consultant's token changes only that consultant's password.
        IdentityClient.Account other = client.verifiedConsultant("Bystander");
        client.post("/api/v1/consultants/me/password", Map.of("currentPassword", newPassword, "newPassword", "Another-Strong-Phrase-9182"),
                other.accessToken()).exchange().expectStatus().isBadRequest();
        client.login(account.email(), newPassword);
    }

    private List<ConsultantProfileUpdated> profileEvents(UUID consultantId) {
        return database.sql("""
                        SELECT payload FROM outbox_event_history
                        WHERE message_key = :key AND event_type = 'com.nakksha.events.ConsultantProfileUpdated' ORDER BY id""")
                .bind("key", consultantId.toString())
                .map(row -> row.get("payload", byte[].class)).all()
                .map(bytes -> new AvroEventCodec().decode(bytes, ConsultantProfileUpdated.class))
                .collectList().block();
    }

    private Map<String, Object> profile(IdentityClient.Account account, Map<String, Object> overrides) {
        Map<String, Object> current = IdentityClient.json(client.get("/api/v1/consultants/me", account.accessToken()).exchange().expectStatus().isOk());
        Map<String, Object> body = new HashMap<>();
        for (String field : List.of("firstName", "lastName", "phoneCountryCode", "phoneNumber", "consultancySector", "description",
                "experienceMonths", "personalSessionTitle", "personalSessionPrice", "webinarSessionTitle", "webinarSessionPrice",
                "instagramUrl", "linkedinUrl", "twitterUrl", "profilePhotoUrl", "timezone", "slug")) {
            if (current.get(field) != null) {
                body.put(field, current.get(field));
            }
        }
        body.putAll(overrides);
        return body;
    }
}
