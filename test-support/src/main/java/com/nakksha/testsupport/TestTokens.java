package com.nakksha.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nakksha.edge.token.AccessTokenClaims;
import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.edge.token.Role;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs tokens shaped like identity-service's (edge-contract's {@link AccessTokenClaims}) with the
 * test JWKS key ({@link TestInfrastructure#jwks()}), plus the broken and forged variants the gateway
 * and the services must refuse.
 */
public final class TestTokens {

    public static final String ISSUER = AccessTokenClaims.DEFAULT_ISSUER;

    private TestTokens() {
    }

    public static String approvedConsultant(UUID consultantId) {
        return consultant(consultantId, ApprovalStatus.APPROVED.name());
    }

    /** A consultant token; {@code approval} is a free string so tests can also send values the contract does not know. */
    public static String consultant(UUID consultantId, String approval) {
        return signed(claims(consultantId, Role.CONSULTANT.name(), Role.CONSULTANT.audience())
                .claim(AccessTokenClaims.APPROVAL, approval).build());
    }

    /** An admin who logged in with password and authentication code, as admin APIs require. */
    public static String admin(UUID adminId) {
        return signed(claims(adminId, Role.ADMIN.name(), Role.ADMIN.audience())
                .claim(AccessTokenClaims.AMR, java.util.List.of(AccessTokenClaims.AMR_PASSWORD, AccessTokenClaims.AMR_ONE_TIME_CODE,
                        AccessTokenClaims.AMR_MULTI_FACTOR))
                .build());
    }

    /** An admin who logged in with the password alone (not enrolled yet): only the enrolment paths accept it. */
    public static String adminWithoutSecondFactor(UUID adminId) {
        return signed(claims(adminId, Role.ADMIN.name(), Role.ADMIN.audience())
                .claim(AccessTokenClaims.AMR, java.util.List.of(AccessTokenClaims.AMR_PASSWORD))
                .build());
    }

    /** An approved consultant's token with its claims changed before signing. */
    public static String consultantWith(UnaryOperator<JWTClaimsSet.Builder> change) {
        return signed(change.apply(approvedConsultantClaims(UUID.randomUUID())).build());
    }

    /** Valid claims with the given role and audience, which tests may set to disagree; 15 minutes from now. */
    public static JWTClaimsSet.Builder claims(UUID subject, String role, String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject.toString())
                .audience(audience)
                .claim(AccessTokenClaims.ROLE, role)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString());
    }

    /** Issued 30 minutes ago, expired 15 minutes ago. */
    public static String expired() {
        Instant issued = Instant.now().minus(Duration.ofMinutes(30));
        return consultantWith(claims -> claims.issueTime(Date.from(issued)).expirationTime(Date.from(issued.plus(Duration.ofMinutes(15)))));
    }

    /** A valid consultant token whose payload was swapped afterwards for an admin's. */
    public static String tampered() {
        String[] parts = approvedConsultant(UUID.randomUUID()).split("\\.");
        JWTClaimsSet forged = claims(UUID.randomUUID(), Role.ADMIN.name(), Role.ADMIN.audience()).build();
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }

    /** {@code alg: none}. */
    public static String unsigned() {
        return new PlainJWT(approvedConsultantClaims(UUID.randomUUID()).build()).serialize();
    }

    /** Signed by a key that is not published, under the published key's id. */
    public static String signedByImpostor() {
        RSAKey published = TestInfrastructure.jwks().signingKey();
        return sign(TestJwks.unpublishedKey(), published.getKeyID(), approvedConsultantClaims(UUID.randomUUID()).build());
    }

    /** HMAC-signed with the published public key as the secret: the RS256/HS256 confusion attack. */
    public static String hmacWithPublicKey() {
        RSAKey published = TestInfrastructure.jwks().signingKey();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).build(),
                    approvedConsultantClaims(UUID.randomUUID()).build());
            jwt.sign(new MACSigner(published.toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign test token", e);
        }
    }

    /** Signed with the published key under a key id the JWKS does not hold, so a validator fetches the keys again. */
    public static String withUnknownKeyId() {
        return sign(TestInfrastructure.jwks().signingKey(), "rotated-" + UUID.randomUUID(),
                approvedConsultantClaims(UUID.randomUUID()).build());
    }

    /** Signs with {@code key} under its own key id. */
    public static String sign(RSAKey key, JWTClaimsSet claims) {
        return sign(key, key.getKeyID(), claims);
    }

    private static String sign(RSAKey key, String keyId, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign test token", e);
        }
    }

    private static String signed(JWTClaimsSet claims) {
        return sign(TestInfrastructure.jwks().signingKey(), claims);
    }

    private static JWTClaimsSet.Builder approvedConsultantClaims(UUID subject) {
        return claims(subject, Role.CONSULTANT.name(), Role.CONSULTANT.audience())
                .claim(AccessTokenClaims.APPROVAL, ApprovalStatus.APPROVED.name());
    }
}
