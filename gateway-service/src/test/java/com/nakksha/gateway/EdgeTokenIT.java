package com.nakksha.gateway;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;

import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The token check at the edge, and what the gateway lets clients tell the services. */
class EdgeTokenIT extends GatewayTestSupport {

    @Test
    void forwardsAValidTokenWithoutTheHeadersAClientMayNotSet() {
        String token = TestTokens.approvedConsultant(UUID.randomUUID());
        booking.stubFor(get("/api/v1/sessions").willReturn(okJson("[]")));

        client.get().uri("/api/v1/sessions")
                .header("Authorization", bearer(token))
                .header("X-Consultant-Id", UUID.randomUUID().toString())
                .header("X-Internal-Caller", "payment-service")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "https")
                .header("Forwarded", "for=203.0.113.9")
                .header("X-Real-IP", "203.0.113.9")
                .exchange()
                .expectStatus().isOk();

        booking.verify(getRequestedFor(urlEqualTo("/api/v1/sessions"))
                .withHeader("Authorization", equalTo(bearer(token)))
                .withHeader("X-Consultant-Id", absent())
                .withHeader("X-Internal-Caller", absent())
                .withHeader("Forwarded", absent())
                .withHeader("X-Real-IP", absent())
                .withHeader("X-Forwarded-For", equalTo("127.0.0.1"))
                .withHeader("X-Forwarded-Proto", equalTo("http"))
                .withHeader("X-Forwarded-Host", WireMock.matching("localhost:\\d+")));
    }

    @Test
    void acceptsAdminTokens() {
        identity.stubFor(get("/api/v1/admin/audit-log").willReturn(okJson("[]")));

        client.get().uri("/api/v1/admin/audit-log").header("Authorization", bearer(TestTokens.admin(UUID.randomUUID())))
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    void refusesARequestWithoutTokenOnAProtectedRoute() {
        client.get().uri("/api/v1/clients").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                .expectHeader().exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.title").isEqualTo("Unauthorized")
                .jsonPath("$.instance").isEqualTo("/api/v1/clients");

        booking.verify(0, anyRequestedFor(anyUrl()));
    }

    static Stream<Named<String>> unacceptableTokens() {
        return Stream.of(
                Named.of("expired", TestTokens.expired()),
                Named.of("payload changed after signing", TestTokens.tampered()),
                Named.of("signed by another key under the published kid", TestTokens.signedByImpostor()),
                Named.of("alg none", TestTokens.unsigned()),
                Named.of("HS256 keyed with the public key", TestTokens.hmacWithPublicKey()),
                Named.of("audience of another platform", TestTokens.consultantWith(claims -> claims.audience("some-other-api"))),
                Named.of("issuer not identity-service", TestTokens.consultantWith(claims -> claims.issuer("someone-else"))),
                Named.of("no expiry", TestTokens.consultantWith(claims -> claims.expirationTime(null))),
                Named.of("no issue time", TestTokens.consultantWith(claims -> claims.issueTime(null))),
                Named.of("not yet valid", TestTokens.consultantWith(claims -> claims.notBeforeTime(java.util.Date.from(Instant.now().plusSeconds(600))))),
                Named.of("not a JWT", "not-a-token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unacceptableTokens")
    void refusesAnUnacceptableTokenWithA401Problem(String token) {
        client.get().uri("/api/v1/sessions").header("Authorization", bearer(token)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("not valid"));

        booking.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void letsPublicRoutesThroughWithoutToken() {
        identity.stubFor(post("/api/v1/auth/login").willReturn(okJson("{\"accessToken\":\"a\"}")));
        identity.stubFor(get("/.well-known/jwks.json").willReturn(okJson("{\"keys\":[]}")));
        booking.stubFor(get("/api/v1/public/consultants/asha-rao").willReturn(okJson("{\"slug\":\"asha-rao\"}")));
        payment.stubFor(post("/api/v1/payments/webhooks/razorpay").willReturn(aResponse().withStatus(200)));
        booking.stubFor(get("/actuator/health/readiness").willReturn(okJson("{\"status\":\"UP\"}")));

        client.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .header("X-Forwarded-For", "198.51.100.7, 10.0.0.1")
                .bodyValue("{\"email\":\"a@example.com\",\"password\":\"secret-password\"}")
                .exchange().expectStatus().isOk();
        client.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk();
        client.get().uri("/api/v1/public/consultants/asha-rao").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.slug").isEqualTo("asha-rao");
        client.post().uri("/api/v1/payments/webhooks/razorpay").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isOk();
        client.get().uri("/health/booking").exchange().expectStatus().isOk();

        // identity-service throttles logins by the leftmost X-Forwarded-For: it must be the real client.
        identity.verify(postRequestedFor(urlEqualTo("/api/v1/auth/login")).withHeader("X-Forwarded-For", equalTo("127.0.0.1")));
    }

    @Test
    void answers503WhenTheSigningKeysCannotBeFetched() {
        TestInfrastructure.jwks().failWith(500);

        client.get().uri("/api/v1/sessions").header("Authorization", bearer(TestTokens.withUnknownKeyId())).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.service").isEqualTo("identity-service");

        booking.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void keepsTheFallbackOutOfClientsReach() {
        client.get().uri("/fallback/booking").header("Authorization", consultantToken()).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
