package com.nakksha.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signs tokens shaped like identity-service's with the test JWKS key. */
public final class TestTokens {

    public static final String ISSUER = "nakksha-identity";

    private TestTokens() {
    }

    public static String approvedConsultant(UUID consultantId) {
        return consultant(consultantId, "APPROVED");
    }

    public static String consultant(UUID consultantId, String approval) {
        return sign(TestInfrastructure.jwks().signingKey(), claims(consultantId, "CONSULTANT", "nakksha-consultant")
                .claim("approval", approval).build());
    }

    public static String admin(UUID adminId) {
        return sign(TestInfrastructure.jwks().signingKey(), claims(adminId, "ADMIN", "nakksha-admin").build());
    }

    /** Claims of a valid consultant token, for tests that change one thing and sign it themselves. */
    public static JWTClaimsSet.Builder claims(UUID subject, String role, String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject.toString())
                .audience(audience)
                .claim("role", role)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString());
    }

    public static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign test token", e);
        }
    }
}
