package com.nakksha.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.edge.token.Role;
import com.nakksha.identity.IdentityClient;
import com.nakksha.identity.AbstractIdentityIT;
import com.nakksha.identity.emaillink.LinkTokenProperties;
import com.nakksha.identity.token.LoginTokens;
import com.nakksha.identity.token.SigningKeys;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TestJwks;
import com.nakksha.testsupport.TestTokens;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Only tokens identity-service signed, unchanged, unexpired, for the right audience, get in. */
class TokenSecurityIT extends AbstractIdentityIT {

    private static final String ME = "/api/v1/consultants/me";

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient database;
    @Autowired
    LinkTokenProperties linkTokens;

    @Autowired
    SigningKeys signingKeys;
    @Autowired
    LoginTokens loginTokens;

    IdentityClient client;
    IdentityClient.Account consultant;

    @BeforeEach
    void setUp() {
        client = new IdentityClient(web, database, linkTokens, clock);
        consultant = client.verifiedConsultant("Tara");
    }

    @Test
    void theIssuedTokenIsAccepted() {
        client.get(ME, consultant.accessToken()).exchange().expectStatus().isOk();
    }

    @Test
    void aTokenWithAChangedClaimIsRefused() throws Exception {
        String[] parts = consultant.accessToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("PENDING_APPROVAL", "APPROVED");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertUnauthorized(tampered);
        assertUnauthorized(consultant.accessToken().substring(0, consultant.accessToken().length() - 4) + "AAAA");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = loginTokens.accessTokenAt(consultant.id(), Role.CONSULTANT, ApprovalStatus.APPROVED,
                Instant.now().minus(Duration.ofMinutes(20))).block().value();

        assertUnauthorized(expired);
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        String payload = SignedJWT.parse(consultant.accessToken()).getPayload().toBase64URL().toString();
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

        assertUnauthorized(header + "." + payload + ".");
    }

    @Test
    void anHmacTokenKeyedWithThePublicKeyIsRefused() throws Exception {
        RSAKey published = (RSAKey) signingKeys.jwks().block().getKeys().getFirst();
        JWTClaimsSet claims = SignedJWT.parse(consultant.accessToken()).getJWTClaimsSet();
        for (byte[] secret : List.of(published.toRSAPublicKey().getEncoded(), published.toJSONString().getBytes(StandardCharsets.UTF_8))) {
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            forged.sign(new MACSigner(secret));
            assertUnauthorized(forged.serialize());
        }
    }

    @Test
    void tokensSignedByAnyOtherKeyAreRefused() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(consultant.accessToken()).getJWTClaimsSet();
        RSAKey stranger = TestJwks.unpublishedKey();
        assertUnauthorized(TestTokens.sign(stranger, claims));
        // Same kid as ours, different key.
        String ourKid = SignedJWT.parse(consultant.accessToken()).getHeader().getKeyID();
        SignedJWT impostor = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(ourKid).build(), claims);
        impostor.sign(new RSASSASigner(stranger));
        assertUnauthorized(impostor.serialize());
        // The test-support key other services trust in their tests means nothing here.
        assertUnauthorized(TestTokens.consultant(consultant.id(), "APPROVED"));
        assertThat(TestInfrastructure.jwks()).isNotNull();
    }

    @Test
    void wrongIssuerOrAudienceIsRefusedEvenWhenCorrectlySigned() throws Exception {
        RSAKey key = signingKeys.currentSigningKey().block().jwk();
        JWTClaimsSet genuine = SignedJWT.parse(consultant.accessToken()).getJWTClaimsSet();

        assertUnauthorized(sign(key, new JWTClaimsSet.Builder(genuine).issuer("someone-else").build()));
        assertUnauthorized(sign(key, new JWTClaimsSet.Builder(genuine).audience("nakksha-admin").build()));
        assertUnauthorized(sign(key, new JWTClaimsSet.Builder(genuine).audience(List.of("nakksha-consultant", "nakksha-admin")).build()));
        assertUnauthorized(sign(key, new JWTClaimsSet.Builder(genuine).claim("approval", null).build()));
        assertUnauthorized(sign(key, new JWTClaimsSet.Builder(genuine).expirationTime(null).build()));
        client.get(ME, sign(key, genuine)).exchange().expectStatus().isOk();
    }

    @Test
    void aRotationLogsNobodyOutAndNewTokensUseTheNewKey() throws Exception {
        String before = consultant.accessToken();
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
        String adminToken = client.adminToken();

        // Rotating keys needs a fresh code, not just an admin token.
        client.post("/api/v1/admin/signing-keys/rotation", Map.of(), adminToken).exchange().expectStatus().isForbidden();
        var rotation = IdentityClient.json(client.post("/api/v1/admin/signing-keys/rotation", Map.of("totpCode", client.rootAdminCode()), adminToken)
                .exchange().expectStatus().isAccepted());
        String newKid = (String) rotation.get("kid");

        web.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.keys[?(@.kid == '" + oldKid + "')]").exists()
                .jsonPath("$.keys[?(@.kid == '" + newKid + "')]").exists()
                .jsonPath("$.keys[0].d").doesNotExist()
                .jsonPath("$.keys[0].alg").isEqualTo("RS256");
        client.get(ME, before).exchange().expectStatus().isOk();
        client.get("/api/v1/admin/consultants", adminToken).exchange().expectStatus().isOk();

        String after = (String) client.login(consultant.email(), IdentityClient.PASSWORD).get("accessToken");
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid);
        client.get(ME, after).exchange().expectStatus().isOk();
    }

    @Test
    void consultantAndAdminTokensOnlyOpenTheirOwnApis() {
        String adminToken = client.adminToken();
        IdentityClient.Account approved = client.approvedConsultant("Omar");

        client.get("/api/v1/admin/consultants", approved.accessToken()).exchange().expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Admin token required");
        client.get("/api/v1/admin/consultants", consultant.accessToken()).exchange().expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.post("/api/v1/admin/consultants/" + consultant.id() + "/approve", Map.of(), consultant.accessToken())
                .exchange().expectStatus().isForbidden();
        client.get(ME, adminToken).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.title").isEqualTo("Consultant token required");
        client.get(ME, null).exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get("/api/v1/admin/consultants", null).exchange().expectStatus().isUnauthorized();
    }

    private void assertUnauthorized(String token) {
        client.get(ME, token).exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

}
