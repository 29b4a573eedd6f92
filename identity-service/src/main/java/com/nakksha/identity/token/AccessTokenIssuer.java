package com.nakksha.identity.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nakksha.edge.token.AccessTokenClaims;
import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.edge.token.Role;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints access tokens in the shape the gateway and every service validate with
 * {@link com.nakksha.edge.token.AccessTokenDecoder} (docs/platform-contracts.md): RS256 with
 * {@code kid}; {@code iss}, {@code aud} of the role, {@code sub}, {@code role}, {@code approval}
 * for consultants, {@code amr} (how the login was authenticated), {@code exp}, {@code iat}, {@code jti}.
 */
public final class AccessTokenIssuer {

    public static final Duration MAX_LIFETIME = Duration.ofMinutes(15);

    private final String issuer;
    private final Duration lifetime;

    public AccessTokenIssuer(String issuer, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("access token lifetime must be positive and at most " + MAX_LIFETIME);
        }
        this.issuer = issuer;
        this.lifetime = lifetime;
    }

    /** @param amr the login's authentication methods (RFC 8176), e.g. {@code pwd}, {@code otp}, {@code mfa} */
    public IssuedAccessToken issue(SigningKey key, UUID subject, Role role, ApprovalStatus approval, List<String> amr, Instant now) {
        // Checks the claims against the contract before anything is signed.
        AccessTokenClaims contract = new AccessTokenClaims(subject, role, approval, amr);
        Instant issuedAt = Instant.ofEpochSecond(now.getEpochSecond());
        Instant expiresAt = issuedAt.plus(lifetime);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(role.audience())
                .subject(subject.toString())
                .claim(AccessTokenClaims.ROLE, role.name())
                .claim(AccessTokenClaims.AMR, contract.amr())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString());
        if (contract.approval() != null) {
            claims.claim(AccessTokenClaims.APPROVAL, contract.approval().name());
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.kid()).type(JOSEObjectType.JWT).build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(new RSASSASigner(key.jwk()));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign access token", e);
        }
        return new IssuedAccessToken(jwt.serialize(), expiresAt);
    }

    public Duration lifetime() {
        return lifetime;
    }

    public String issuer() {
        return issuer;
    }

    public record IssuedAccessToken(String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedAccessToken[expiresAt=" + expiresAt + "]";
        }
    }
}
