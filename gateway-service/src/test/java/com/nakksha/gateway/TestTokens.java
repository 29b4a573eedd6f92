package com.nakksha.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Tokens shaped like identity-service's (RS256 with kid, iss, aud per role, sub, role, approval, exp,
 * iat, jti), signed with a test key whose JWKS a WireMock server publishes, plus the broken and forged
 * variants the edge must refuse.
 */
final class TestTokens {

    static final String KEY_ID = "test-key-1";

    private static final RSAKey signingKey = generate(KEY_ID);
    private static final RSAKey impostorKey = generate(KEY_ID);
    private static final WireMockServer keyServer = startKeyServer();

    private TestTokens() {
    }

    static String jwksUri() {
        return keyServer.baseUrl() + "/.well-known/jwks.json";
    }

    static WireMockServer keyServer() {
        return keyServer;
    }

    static void publishKeys() {
        keyServer.resetAll();
        keyServer.stubFor(get("/.well-known/jwks.json").willReturn(okJson(new JWKSet(signingKey.toPublicJWK()).toString())));
    }

    static String consultant(String subject) {
        return signed(claims(subject, "CONSULTANT", "nakksha-consultant").claim("approval", "APPROVED").build());
    }

    static String admin(String subject) {
        return signed(claims(subject, "ADMIN", "nakksha-admin").build());
    }

    /** A consultant token with its claims changed before signing. */
    static String consultantWith(UnaryOperator<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder builder = claims(UUID.randomUUID().toString(), "CONSULTANT", "nakksha-consultant").claim("approval", "APPROVED");
        return signed(change.apply(builder).build());
    }

    static String expired() {
        Instant issued = Instant.now().minus(Duration.ofMinutes(30));
        return consultantWith(claims -> claims.issueTime(Date.from(issued)).expirationTime(Date.from(issued.plus(Duration.ofMinutes(15)))));
    }

    /** A valid token whose payload was swapped afterwards for one naming another subject. */
    static String tampered() {
        String[] parts = consultant(UUID.randomUUID().toString()).split("\\.");
        JWTClaimsSet forged = claims(UUID.randomUUID().toString(), "ADMIN", "nakksha-admin").build();
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.toString().getBytes());
        return parts[0] + "." + payload + "." + parts[2];
    }

    static String unsigned() {
        return new PlainJWT(claims(UUID.randomUUID().toString(), "CONSULTANT", "nakksha-consultant").claim("approval", "APPROVED").build()).serialize();
    }

    /** Signed by a key that is not published, under the published key's id. */
    static String signedByImpostor() {
        return sign(impostorKey, claims(UUID.randomUUID().toString(), "CONSULTANT", "nakksha-consultant").claim("approval", "APPROVED").build());
    }

    /** HMAC-signed with the public key as the secret: the RS256/HS256 confusion attack. */
    static String hmacWithPublicKey() {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY_ID).build(),
                    claims(UUID.randomUUID().toString(), "CONSULTANT", "nakksha-consultant").claim("approval", "APPROVED").build());
            jwt.sign(new MACSigner(signingKey.toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed with the published key but naming a key id the JWKS does not hold, so the gateway fetches the keys again. */
    static String withUnknownKeyId() {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rotated-" + UUID.randomUUID()).build(),
                    claims(UUID.randomUUID().toString(), "CONSULTANT", "nakksha-consultant").claim("approval", "APPROVED").build());
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet.Builder claims(String subject, String role, String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer("nakksha-identity")
                .audience(audience)
                .subject(subject)
                .claim("role", role)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String signed(JWTClaimsSet claims) {
        return sign(signingKey, claims);
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WireMockServer startKeyServer() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }
}
