package com.nakksha.defaults.it;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.Readiness;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TestJwks;
import com.nakksha.testsupport.TestTokens;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@NakkshaServiceTest(schema = "defaultsit")
@ExtendWith(OutputCaptureExtension.class)
class WebDefaultsIT {

    @Autowired
    WebTestClient web;

    private final UUID consultant = UUID.randomUUID();

    @Test
    void validationErrorsNameEveryField() {
        post("{\"name\":\"\",\"ownerEmail\":\"not-an-email\",\"quantity\":0}")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Invalid request")
                .jsonPath("$.errors[?(@.field == 'name')]").exists()
                .jsonPath("$.errors[?(@.field == 'ownerEmail')]").exists()
                .jsonPath("$.errors[?(@.field == 'quantity')]").exists();
    }

    @Test
    void malformedJsonIsABadRequestNotAServerError() {
        post("{\"name\": \"lamp\", ")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Malformed request");
    }

    @Test
    void aWrongTypeNamesTheField() {
        post("{\"name\":\"lamp\",\"ownerEmail\":\"a@b.in\",\"quantity\":\"many\"}")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("quantity");
    }

    @Test
    void anOversizedBodyIs413() {
        String big = "{\"name\":\"" + "x".repeat(300 * 1024) + "\",\"ownerEmail\":\"a@b.in\",\"quantity\":1}";
        post(big).expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anUnexpectedFailureIsAProblemWithoutInternals() {
        web.get().uri("/api/v1/public/boom").exchange()
                .expectStatus().is5xxServerError()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .value(body -> org.assertj.core.api.Assertions.assertThat(body)
                        .doesNotContain("secret internal detail").doesNotContain("IllegalStateException").doesNotContain("at com."));
    }

    @Test
    void unknownPathsAndDomainNotFoundAreProblems() {
        web.get().uri("/api/v1/widgets/" + UUID.randomUUID()).header("Authorization", bearer(TestTokens.approvedConsultant(consultant)))
                .exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/public/nothing-here").exchange()
                .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    /** Issue 14's fuzz test found the URL firewall's refusals answered as an empty 400 with no content type. */
    @Test
    void pathsTheUrlFirewallRefusesAreProblems() {
        for (String segment : new String[] {"100%", "a/b", "back\\slash"}) {
            web.get().uri("/api/v1/public/consultants/{slug}", segment).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.title").isEqualTo("Request URL refused");
        }
    }

    /** Issue 14's fuzz test found a blank UUID path segment answered 500: it converts to null, WebFlux's "missing" variable. */
    @Test
    void aBlankPathVariableIsABadRequestNamingIt() {
        web.get().uri("/api/v1/widgets/{id}", " ").header("Authorization", bearer(TestTokens.approvedConsultant(consultant)))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("id");
    }

    @Test
    void logLinesWrittenWhileHandlingARequestCarryItsRequestId(CapturedOutput output) {
        web.post().uri("/api/v1/widgets").header("Authorization", bearer(TestTokens.approvedConsultant(consultant)))
                .header("X-Request-Id", "trace-me-0815")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"lamp\",\"ownerEmail\":\"a@b.in\",\"quantity\":1}")
                .exchange().expectStatus().isOk();
        org.assertj.core.api.Assertions.assertThat(output.getOut())
                .containsPattern("\"message\":\"Creating widget lamp\"[^\\n]*\"requestId\":\"trace-me-0815\"");
    }

    @Test
    void logLinesOfAFailedRequestCarryItsRequestId(CapturedOutput output) {
        web.get().uri("/api/v1/public/boom").header("X-Request-Id", "trace-me-4711").exchange()
                .expectStatus().is5xxServerError();
        org.assertj.core.api.Assertions.assertThat(output.getOut())
                .containsPattern("\"message\":\"Unhandled error on GET /api/v1/public/boom\"[^\\n]*\"requestId\":\"trace-me-4711\"");
    }

    @Test
    void theRequestIdIsTakenFromTheCallerOrMade() {
        web.get().uri("/actuator/health/liveness").header("X-Request-Id", "abc-123").exchange()
                .expectHeader().valueEquals("X-Request-Id", "abc-123");
        web.get().uri("/actuator/health/liveness").header("X-Request-Id", "bad id with spaces").exchange()
                .expectHeader().value("X-Request-Id", id -> org.assertj.core.api.Assertions.assertThat(id).hasSize(36));
    }

    @Test
    void anApprovedConsultantIsTheCaller() {
        web.get().uri("/api/v1/widgets/me").header("Authorization", bearer(TestTokens.approvedConsultant(consultant)))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(consultant.toString()).jsonPath("$.role").isEqualTo("CONSULTANT");
    }

    @Test
    void describesTheApiForTheGatewaysSwaggerUi() {
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.securitySchemes.bearer.type").isEqualTo("http")
                .jsonPath("$.components.securitySchemes.bearer.scheme").isEqualTo("bearer")
                .jsonPath("$.security[0].bearer").exists()
                // Relative: Swagger UI resolves it against the gateway it loaded the document from.
                .jsonPath("$.servers[*].url").isEqualTo(java.util.List.of("/"))
                .jsonPath("$.paths['/api/v1/widgets/me'].get.parameters").doesNotExist()
                .jsonPath("$.paths['/api/v1/admin/widgets'].get.parameters").doesNotExist()
                .jsonPath("$.paths['/api/v1/widgets/{id}'].get.parameters[*].name").isEqualTo(java.util.List.of("id"))
                .jsonPath("$.paths['/api/v1/widgets'].post.responses['400'].content['application/problem+json'].schema.$ref")
                .isEqualTo("#/components/schemas/Problem")
                .jsonPath("$.paths['/api/v1/widgets'].post.responses['401']").exists()
                .jsonPath("$.paths['/api/v1/widgets'].post.responses['403']").exists()
                .jsonPath("$.paths['/api/v1/widgets/{id}'].get.responses['404']").exists()
                .jsonPath("$.components.schemas.Problem.properties.status.type").isEqualTo("integer");
    }

    @Test
    void answersToAuthenticatedRequestsAreNotStored() {
        web.get().uri("/api/v1/widgets/me").header("Authorization", bearer(TestTokens.approvedConsultant(consultant)))
                .exchange().expectStatus().isOk().expectHeader().cacheControl(org.springframework.http.CacheControl.noStore());
        web.get().uri("/api/v1/widgets/me").exchange()
                .expectStatus().isUnauthorized().expectHeader().doesNotExist("Cache-Control");
    }

    @Test
    void aConsultantPendingApprovalIsHeldOutOfTheDashboardButMayEditTheProfile() {
        String pending = TestTokens.consultant(consultant, "PENDING_APPROVAL");
        web.get().uri("/api/v1/widgets/me").header("Authorization", bearer(pending)).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Pending approval");
        web.get().uri("/api/v1/profile/me").header("Authorization", bearer(pending)).exchange()
                .expectStatus().isOk();
        web.get().uri("/api/v1/widgets/me").header("Authorization", bearer(TestTokens.consultant(consultant, "SUSPENDED"))).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.title").isEqualTo("Account suspended");
    }

    @Test
    void adminAndConsultantTokensCannotStandInForEachOther() {
        web.get().uri("/api/v1/admin/widgets").header("Authorization", bearer(TestTokens.approvedConsultant(consultant))).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.title").isEqualTo("Admin token required");
        web.get().uri("/api/v1/admin/widgets").header("Authorization", bearer(TestTokens.consultant(consultant, "PENDING_APPROVAL"))).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.title").isEqualTo("Admin token required");
        web.get().uri("/api/v1/widgets/me").header("Authorization", bearer(TestTokens.admin(UUID.randomUUID()))).exchange()
                .expectStatus().isForbidden();
        web.get().uri("/api/v1/admin/widgets").header("Authorization", bearer(TestTokens.admin(UUID.randomUUID()))).exchange()
                .expectStatus().isOk();
        // A password-only admin login (no second factor yet) opens no admin API, nor the operator endpoints.
        web.get().uri("/api/v1/admin/widgets").header("Authorization", bearer(TestTokens.adminWithoutSecondFactor(UUID.randomUUID()))).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.title").isEqualTo("Second factor required");
        web.get().uri("/api/v1/admin/widgets").header("Authorization", bearer(TestTokens.sign(TestInfrastructure.jwks().signingKey(),
                        TestTokens.claims(UUID.randomUUID(), "ADMIN", "nakksha-admin").build()))).exchange()
                .expectStatus().isForbidden();
        web.get().uri("/actuator/outbox").header("Authorization", bearer(TestTokens.adminWithoutSecondFactor(UUID.randomUUID()))).exchange()
                .expectStatus().isForbidden();
        // An admin token relabelled as a consultant one: the audience no longer matches the role.
        String relabelled = TestTokens.sign(TestInfrastructure.jwks().signingKey(),
                TestTokens.claims(consultant, "CONSULTANT", "nakksha-admin").claim("approval", "APPROVED").build());
        unauthorized(relabelled);
    }

    @Test
    void missingForgedExpiredAndUnsignedTokensAreRefused() throws Exception {
        web.get().uri("/api/v1/widgets/me").exchange()
                .expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        String valid = TestTokens.approvedConsultant(consultant);
        String[] parts = valid.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                TestTokens.claims(UUID.randomUUID(), "CONSULTANT", "nakksha-consultant").claim("approval", "APPROVED").build().toString().getBytes());
        unauthorized(parts[0] + "." + otherPayload + "." + parts[2]);

        unauthorized(TestTokens.sign(TestJwks.unpublishedKey(),
                TestTokens.claims(consultant, "CONSULTANT", "nakksha-consultant").claim("approval", "APPROVED").build()));

        Instant past = Instant.now().minus(Duration.ofHours(1));
        unauthorized(TestTokens.sign(TestInfrastructure.jwks().signingKey(),
                TestTokens.claims(consultant, "CONSULTANT", "nakksha-consultant").claim("approval", "APPROVED")
                        .issueTime(Date.from(past.minusSeconds(900))).expirationTime(Date.from(past)).build()));

        unauthorized(TestTokens.sign(TestInfrastructure.jwks().signingKey(),
                TestTokens.claims(consultant, "CONSULTANT", "nakksha-consultant").claim("approval", "APPROVED").issuer("someone-else").build()));

        unauthorized(TestTokens.sign(TestInfrastructure.jwks().signingKey(),
                TestTokens.claims(consultant, "CONSULTANT", "nakksha-consultant").claim("approval", "APPROVED").expirationTime(null).build()));
        unauthorized(TestTokens.sign(TestInfrastructure.jwks().signingKey(),
                TestTokens.claims(consultant, "CONSULTANT", "nakksha-consultant").claim("approval", "APPROVED").issueTime(null).build()));

        JWTClaimsSet claims = TestTokens.claims(consultant, "CONSULTANT", "nakksha-consultant").claim("approval", "APPROVED").build();
        unauthorized(new PlainJWT(claims).serialize());

        // HMAC signed with the public key as the secret: the classic algorithm-confusion forgery.
        RSAKey publicKey = TestInfrastructure.jwks().signingKey().toPublicJWK();
        SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(publicKey.getKeyID()).build(), claims);
        confused.sign(new MACSigner(java.util.Arrays.copyOf(publicKey.toRSAPublicKey().getEncoded(), 64)));
        unauthorized(confused.serialize());
    }

    @Test
    void readinessIncludesTheDatabaseAndKafkaAndMetricsAreExposed() {
        Readiness.awaitUp(web);
        // The scrape outgrows the services' 256 KB request-body limit, which this client would otherwise apply to it.
        web.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> org.assertj.core.api.Assertions.assertThat(body)
                        .contains("nakksha_outbox_backlog").contains("nakksha_outbox_oldest_age_seconds"));
    }

    private WebTestClient.ResponseSpec post(String json) {
        return web.post().uri("/api/v1/widgets")
                .header("Authorization", bearer(TestTokens.approvedConsultant(consultant)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private void unauthorized(String token) {
        web.get().uri("/api/v1/widgets/me").header("Authorization", bearer(token)).exchange()
                .expectStatus().isUnauthorized();
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
