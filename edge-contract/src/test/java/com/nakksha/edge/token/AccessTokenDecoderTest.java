package com.nakksha.edge.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The platform's token rules, checked against a real RS256 key pair. */
class AccessTokenDecoderTest {

    private static final String ISSUER = "nakksha-identity";
    private static final RSAKey published = generate("published-1");
    private static final RSAKey unpublished = generate("published-1");

    private final AccessTokenDecoder decoder = AccessTokenDecoder.fromKeys(
            jwt -> published.getKeyID().equals(jwt.getHeader().getKeyID()) ? Flux.just(published.toPublicJWK()) : Flux.empty(),
            ISSUER);

    @Test
    void acceptsAConsultantTokenAndReadsItsClaims() {
        UUID consultant = UUID.randomUUID();
        Jwt jwt = decoder.decode(sign(consultant(consultant).build())).block();

        assertThat(AccessTokenClaims.read(jwt)).isEqualTo(new AccessTokenClaims(consultant, Role.CONSULTANT, ApprovalStatus.APPROVED));
    }

    @Test
    void acceptsAnAdminTokenWithoutApproval() {
        UUID admin = UUID.randomUUID();
        Jwt jwt = decoder.decode(sign(claims(admin, Role.ADMIN).build())).block();

        assertThat(AccessTokenClaims.read(jwt)).isEqualTo(new AccessTokenClaims(admin, Role.ADMIN, null));
    }

    @Test
    void readsHowTheLoginWasAuthenticated() {
        UUID admin = UUID.randomUUID();
        Jwt withCode = decoder.decode(sign(claims(admin, Role.ADMIN).claim(AccessTokenClaims.AMR, java.util.List.of("pwd", "otp", "mfa")).build())).block();
        Jwt passwordOnly = decoder.decode(sign(claims(admin, Role.ADMIN).claim(AccessTokenClaims.AMR, java.util.List.of("pwd")).build())).block();

        assertThat(AccessTokenClaims.read(withCode).amr()).containsExactly("pwd", "otp", "mfa");
        assertThat(AccessTokenClaims.read(withCode).multiFactor()).isTrue();
        assertThat(AccessTokenClaims.read(passwordOnly).multiFactor()).isFalse();
        assertThat(AccessTokenClaims.read(decoder.decode(sign(claims(admin, Role.ADMIN).build())).block()).multiFactor()).isFalse();
    }

    @Test
    void acceptsATokenTypedJwtOrUntyped() {
        JWTClaimsSet claims = consultant(UUID.randomUUID()).build();

        assertThat(decoder.decode(sign(published, published.getKeyID(), JOSEObjectType.JWT, claims)).block()).isNotNull();
        assertThat(decoder.decode(sign(published, published.getKeyID(), null, claims)).block()).isNotNull();
    }

    @Test
    void leavesAMissingIssueTimeMissingInsteadOfCopyingTheExpiry() {
        String withoutIat = sign(consultant(UUID.randomUUID()).issueTime(null).build());

        assertThatThrownBy(() -> decoder.decode(withoutIat).block())
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("exp and iat");
    }

    static Stream<Named<String>> refusedTokens() {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        return Stream.of(
                Named.of("no expiry", sign(changed(claims -> claims.expirationTime(null)))),
                Named.of("no issue time", sign(changed(claims -> claims.issueTime(null)))),
                Named.of("expired", sign(changed(claims -> claims.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(900)))))),
                Named.of("not yet valid", sign(changed(claims -> claims.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))))),
                Named.of("another issuer", sign(changed(claims -> claims.issuer("someone-else")))),
                Named.of("another platform's audience", sign(changed(claims -> claims.audience("some-other-api")))),
                Named.of("consultant role with the admin audience", sign(changed(claims -> claims.audience(Role.ADMIN.audience())))),
                Named.of("both audiences", sign(changed(claims -> claims.audience(List.of(Role.CONSULTANT.audience(), Role.ADMIN.audience()))))),
                Named.of("consultant without approval", sign(changed(claims -> claims.claim(AccessTokenClaims.APPROVAL, null)))),
                Named.of("unknown approval", sign(changed(claims -> claims.claim(AccessTokenClaims.APPROVAL, "MAYBE")))),
                Named.of("unknown role", sign(changed(claims -> claims.claim(AccessTokenClaims.ROLE, "ROOT")))),
                Named.of("no role", sign(changed(claims -> claims.claim(AccessTokenClaims.ROLE, null)))),
                Named.of("subject not an account id", sign(changed(claims -> claims.subject("alice")))),
                Named.of("typ other than JWT", sign(published, published.getKeyID(), new JOSEObjectType("secevent+jwt"), consultant(UUID.randomUUID()).build())),
                Named.of("signed by an unpublished key under the published kid", sign(unpublished, published.getKeyID(), null, consultant(UUID.randomUUID()).build())),
                Named.of("unknown kid", sign(published, "rotated-away", null, consultant(UUID.randomUUID()).build())),
                Named.of("alg none", new PlainJWT(consultant(UUID.randomUUID()).build()).serialize()),
                Named.of("HS256 keyed with the public key", hmacWithPublicKey(consultant(UUID.randomUUID()).build())),
                Named.of("not a JWT", "not-a-token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void refuses(String token) {
        assertThatThrownBy(() -> decoder.decode(token).block()).isInstanceOf(JwtException.class);
    }

    @Test
    void aConsultantNeedsAnApprovalAndAnAdminHasNone() {
        assertThatThrownBy(() -> new AccessTokenClaims(UUID.randomUUID(), Role.CONSULTANT, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new AccessTokenClaims(UUID.randomUUID(), Role.ADMIN, ApprovalStatus.APPROVED).approval()).isNull();
    }

    private static JWTClaimsSet changed(UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(consultant(UUID.randomUUID())).build();
    }

    private static JWTClaimsSet.Builder consultant(UUID subject) {
        return claims(subject, Role.CONSULTANT).claim(AccessTokenClaims.APPROVAL, ApprovalStatus.APPROVED.name());
    }

    private static JWTClaimsSet.Builder claims(UUID subject, Role role) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(role.audience())
                .subject(subject.toString())
                .claim(AccessTokenClaims.ROLE, role.name())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String sign(JWTClaimsSet claims) {
        return sign(published, published.getKeyID(), JOSEObjectType.JWT, claims);
    }

    private static String sign(RSAKey key, String keyId, JOSEObjectType type, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).type(type).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmacWithPublicKey(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).build(), claims);
            jwt.sign(new MACSigner(published.toRSAPublicKey().getEncoded()));
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
}
