package com.nakksha.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.nakksha.identity.IdentityClient;
import com.nakksha.identity.AbstractIdentityIT;
import com.nakksha.identity.emaillink.LinkTokenProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every bad request answers problem+json 4xx naming the field, and changes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT extends AbstractIdentityIT {

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient database;
    @Autowired
    LinkTokenProperties linkTokens;

    IdentityClient client;
    IdentityClient.Account consultant;

    @BeforeEach
    void setUp() {
        client = new IdentityClient(web, database, linkTokens, clock);
        if (consultant == null) {
            consultant = client.verifiedConsultant("Bad");
        }
    }

    static Stream<Arguments> badSignups() {
        return Stream.of(
                Arguments.of("invalid email", signup(Map.of("email", "not-an-email")), "email"),
                Arguments.of("missing email", signupWithout("email"), "email"),
                Arguments.of("short password", signup(Map.of("password", "Ab1!")), "password"),
                Arguments.of("breached password", signup(Map.of("password", "Password123")), "password"),
                Arguments.of("overlong password", signup(Map.of("password", "x".repeat(129))), "password"),
                Arguments.of("blank first name", signup(Map.of("firstName", "  ")), "firstName"),
                Arguments.of("overlong last name", signup(Map.of("lastName", "x".repeat(101))), "lastName"),
                Arguments.of("letters in phone", signup(Map.of("phoneNumber", "call-me")), "phoneNumber"),
                Arguments.of("bad country code", signup(Map.of("phoneCountryCode", "91")), "phoneCountryCode"),
                Arguments.of("wrong type", signup(Map.of("firstName", List.of("a"))), "firstName"),
                Arguments.of("NUL in first name", signup(Map.of("firstName", "Asha\u0000")), "firstName"),
                Arguments.of("line break in first name", signup(Map.of("firstName", "Asha\r\nBcc: someone@example.test")), "firstName"),
                Arguments.of("NUL in last name too", signup(Map.of("firstName", "Asha\n", "lastName", "Rao\u0000")), "lastName"),
                Arguments.of("unknown field", signup(Map.of("isAdmin", true)), null));
    }

    @ParameterizedTest(name = "signup: {0}")
    @MethodSource("badSignups")
    void badSignupsStoreNothing(String description, Map<String, Object> body, String field) {
        long consultants = count("consultant");
        long events = count("outbox_event_history");

        var spec = client.post("/api/v1/auth/signup", body).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody();
        if (field != null) {
            spec.jsonPath("$.errors[?(@.field == '" + field + "')]").exists();
        }

        assertThat(count("consultant")).isEqualTo(consultants);
        assertThat(count("outbox_event_history")).isEqualTo(events);
    }

    @Test
    void malformedJsonIsABadRequest() {
        long consultants = count("consultant");
        web.post().uri("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"email\": ").exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("consultant")).isEqualTo(consultants);
    }

    @Test
    void aRegisteredEmailInAnyCaseIsAnsweredLikeANewOneStoresNothingAndMailsTheOwner() {
        long consultants = count("consultant");
        long resetMails = resetLinkEvents(consultant.id());
        var answer = IdentityClient.json(client.post("/api/v1/auth/signup", signup(Map.of("email", consultant.email().toUpperCase()))).exchange()
                .expectStatus().isCreated().expectHeader().contentType(MediaType.APPLICATION_JSON));
        var fresh = IdentityClient.json(client.post("/api/v1/auth/signup", signup(Map.of("email", IdentityClient.uniqueEmail("fresh")))).exchange()
                .expectStatus().isCreated());
        assertThat(answer.keySet()).isEqualTo(fresh.keySet());
        assertThat(answer).containsEntry("status", "PENDING_APPROVAL").containsEntry("emailVerified", false)
                .doesNotContainEntry("consultantId", consultant.id().toString());
        assertThat(count("consultant")).isEqualTo(consultants + 1);
        // The owner is told by mail (a password-reset link), not the person signing up.
        assertThat(resetLinkEvents(consultant.id())).isEqualTo(resetMails + 1);
    }

    private long resetLinkEvents(java.util.UUID consultantId) {
        return database.sql("SELECT count(*) AS n FROM account_link_token WHERE consultant_id = :id AND purpose = 'PASSWORD_RESET'")
                .bind("id", consultantId).map(row -> row.get("n", Long.class)).one().block();
    }

    static Stream<Arguments> badProfiles() {
        return Stream.of(
                Arguments.of("non-IANA zone", profile(Map.of("timezone", "IST")), "timezone"),
                Arguments.of("offset zone", profile(Map.of("timezone", "+05:30")), "timezone"),
                Arguments.of("reserved slug", profile(Map.of("slug", "admin")), "slug"),
                Arguments.of("malformed slug", profile(Map.of("slug", "Priya Sharma!")), "slug"),
                Arguments.of("script URL", profile(Map.of("linkedinUrl", "javascript:alert(1)")), "linkedinUrl"),
                Arguments.of("relative URL", profile(Map.of("profilePhotoUrl", "/me.jpg")), "profilePhotoUrl"),
                Arguments.of("negative price", profile(Map.of("personalSessionPrice", -1)), "personalSessionPrice"),
                Arguments.of("paid price below Razorpay's minimum", profile(Map.of("personalSessionPrice", "0.99")), "personalSessionPrice"),
                Arguments.of("fractional paise", profile(Map.of("webinarSessionPrice", "10.005")), "webinarSessionPrice"),
                Arguments.of("price not a number", profile(Map.of("webinarSessionPrice", "ten")), "webinarSessionPrice"),
                Arguments.of("negative experience", profile(Map.of("experienceMonths", -1)), "experienceMonths"),
                Arguments.of("overlong description", profile(Map.of("description", "x".repeat(5001))), "description"),
                Arguments.of("bad IFSC", profile(Map.of("bankDetails", Map.of("bankName", "HDFC", "accountNumber", "50100123456789", "ifsc", "HDFC123"))), "bankDetails.ifsc"),
                Arguments.of("bad account number", profile(Map.of("bankDetails", Map.of("bankName", "HDFC", "accountNumber", "12AB", "ifsc", "HDFC0001234"))), "bankDetails.accountNumber"),
                Arguments.of("missing bank name", profile(Map.of("bankDetails", Map.of("accountNumber", "50100123456789", "ifsc", "HDFC0001234"))), "bankDetails.bankName"));
    }

    @ParameterizedTest(name = "profile: {0}")
    @MethodSource("badProfiles")
    void badProfilesChangeNothing(String description, Map<String, Object> body, String field) {
        String before = profileRow();
        long events = count("outbox_event_history");

        client.put("/api/v1/consultants/me", body, consultant.accessToken()).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[?(@.field == '" + field + "')]").exists();

        assertThat(profileRow()).isEqualTo(before);
        assertThat(count("outbox_event_history")).isEqualTo(events);
    }

    @Test
    void badQueryParametersOnAdminApisAreNamed() {
        String admin = client.adminToken();
        client.get("/api/v1/admin/consultants?status=BOGUS", admin).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get("/api/v1/admin/consultants?size=1000", admin).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("size");
        client.get("/api/v1/admin/consultants?page=-1", admin).exchange().expectStatus().isBadRequest();
        client.get("/api/v1/admin/consultants?signedUpFrom=yesterday", admin).exchange().expectStatus().isBadRequest();
        client.get("/api/v1/admin/audit-log?size=201", admin).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("size");
        client.get("/api/v1/admin/audit-log?page=100001", admin).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("page");
        client.post("/api/v1/admin/consultants/" + consultant.id() + "/reject", Map.of(), admin).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        client.get("/api/v1/admin/consultants/" + consultant.id(), admin).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("PENDING_APPROVAL");
    }

    @Test
    void badAuthRequestsAreNamed() {
        client.post("/api/v1/auth/login", Map.of("email", consultant.email())).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("password");
        client.post("/api/v1/auth/login", Map.of("email", "nope", "password", "x")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("email");
        client.post("/api/v1/auth/verify-email", Map.of("token", "made-up")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("token");
        client.post("/api/v1/auth/refresh", Map.of()).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("refreshToken");
        client.post("/api/v1/auth/reset-password", Map.of("token", "made-up", "newPassword", "short")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("newPassword");
        client.login(consultant.email(), IdentityClient.PASSWORD);
    }

    static Stream<Arguments> badLoginLinks() {
        return Stream.of(
                Arguments.of("missing token", Map.of()),
                Arguments.of("blank token", Map.of("token", "   ")),
                Arguments.of("overlong token", Map.of("token", "x".repeat(201))),
                Arguments.of("token of the wrong type", Map.of("token", List.of("a"))),
                Arguments.of("made-up token", Map.of("token", "made-up")));
    }

    @ParameterizedTest(name = "login link: {0}")
    @MethodSource("badLoginLinks")
    void badLoginLinksNameTheTokenAndSignNoOneIn(String description, Map<String, Object> body) {
        long refreshTokens = count("refresh_token");

        client.post("/api/v1/auth/login-link", body).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("token")
                .jsonPath("$.accessToken").doesNotExist();

        assertThat(count("refresh_token")).isEqualTo(refreshTokens);
    }

    private long count(String table) {
        return database.sql("SELECT count(*) AS n FROM " + table).map(row -> row.get("n", Long.class)).one().block();
    }

    private String profileRow() {
        return database.sql("SELECT row_version, profile_version, slug, timezone, bank_details_sealed FROM consultant WHERE id = :id")
                .bind("id", consultant.id())
                .map(row -> row.get("row_version", Long.class) + "|" + row.get("profile_version", Long.class) + "|" + row.get("slug", String.class)
                        + "|" + row.get("timezone", String.class) + "|" + row.get("bank_details_sealed", String.class))
                .one().block();
    }

    private static Map<String, Object> signup(Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("email", IdentityClient.uniqueEmail("bad"), "password", IdentityClient.PASSWORD,
                "firstName", "Bad", "lastName", "Input", "phoneNumber", "9876543210"));
        body.putAll(overrides);
        return body;
    }

    private static Map<String, Object> signupWithout(String field) {
        Map<String, Object> body = signup(Map.of());
        body.remove(field);
        return body;
    }

    private static Map<String, Object> profile(Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("firstName", "Bad", "lastName", "Input", "phoneNumber", "9876543210",
                "timezone", "Asia/Kolkata", "slug", "bad-input-profile"));
        body.putAll(overrides);
        return body;
    }
}
