package com.nakksha.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.edge.token.Role;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

class SigningKeyRingTest {

    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    private final Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
    private final SigningKey first = SigningKey.generate(t0, t0);

    @Test
    void anEmptyRingNeedsAKey() {
        assertThat(new SigningKeyRing(List.of()).rotationDueAt(t0, Duration.ofDays(30))).isTrue();
        assertThat(new SigningKeyRing(List.of()).signingKeyAt(t0)).isEmpty();
    }

    @Test
    void rotationIsDueOnceTheNewestKeyHasSignedForAPeriod() {
        SigningKeyRing ring = new SigningKeyRing(List.of(first));

        assertThat(ring.rotationDueAt(t0.plus(Duration.ofDays(29)), Duration.ofDays(30))).isFalse();
        assertThat(ring.rotationDueAt(t0.plus(Duration.ofDays(30)), Duration.ofDays(30))).isTrue();
    }

    @Test
    void rotationIsOverdueByTheTimeSinceItFellDue() {
        SigningKeyRing ring = new SigningKeyRing(List.of(first));
        Duration period = Duration.ofDays(30);

        assertThat(ring.rotationOverdueAt(t0.plus(Duration.ofDays(29)), period)).isZero();
        assertThat(ring.rotationOverdueAt(t0.plus(period), period)).isZero();
        assertThat(ring.rotationOverdueAt(t0.plus(period).plusSeconds(5400), period)).isEqualTo(Duration.ofSeconds(5400));
        assertThat(new SigningKeyRing(List.of()).rotationOverdueAt(t0, period)).isZero();
    }

    @Test
    void aRotationResetsTheOverdueTimeFromTheNewKeysActivation() {
        Instant late = t0.plus(Duration.ofDays(31));
        SigningKey second = SigningKey.generate(late, late.plus(Duration.ofMinutes(10)));
        SigningKeyRing ring = new SigningKeyRing(List.of(first)).rotate(second).ring();

        assertThat(ring.rotationOverdueAt(late, Duration.ofDays(30))).isZero();
        assertThat(ring.rotationOverdueAt(second.activatesAt().plus(Duration.ofDays(30)).plusSeconds(60), Duration.ofDays(30)))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aRingWhoseKeysHaveAllRetiredIsOverdueSinceTheLastStoppedSigning() {
        Instant retired = t0.plus(Duration.ofDays(2));
        SigningKeyRing ring = new SigningKeyRing(List.of(first.retiredAt(retired)));

        assertThat(ring.rotationOverdueAt(t0.plus(Duration.ofDays(1)), Duration.ofDays(30))).isZero();
        assertThat(ring.rotationOverdueAt(retired.plusSeconds(90), Duration.ofDays(30))).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aNewKeyIsPublishedBeforeItSignsAndTheOldOneStaysPublishedUntilItsTokensExpire() {
        Instant rotationTime = t0.plus(Duration.ofDays(30));
        Instant activation = rotationTime.plus(Duration.ofMinutes(10));
        SigningKey second = SigningKey.generate(rotationTime, activation);
        SigningKeyRing.Rotation rotation = new SigningKeyRing(List.of(first)).rotate(second);
        SigningKeyRing ring = rotation.ring();

        assertThat(rotation.retired()).extracting(SigningKey::kid).containsExactly(first.kid());
        // Before activation: old key signs, both are published.
        assertThat(ring.signingKeyAt(rotationTime)).map(SigningKey::kid).contains(first.kid());
        assertThat(ring.publishedAt(rotationTime, TOKEN_LIFETIME)).extracting(SigningKey::kid).containsExactlyInAnyOrder(first.kid(), second.kid());
        // After activation: new key signs, old key still verifies tokens it issued just before.
        assertThat(ring.signingKeyAt(activation)).map(SigningKey::kid).contains(second.kid());
        assertThat(ring.publishedAt(activation.plus(TOKEN_LIFETIME), TOKEN_LIFETIME)).extracting(SigningKey::kid).contains(first.kid());
        // Once every token of the old key has expired (plus clock skew) it leaves the JWKS.
        Instant allExpired = activation.plus(TOKEN_LIFETIME).plus(SigningKeyRing.CLOCK_SKEW);
        assertThat(ring.publishedAt(allExpired, TOKEN_LIFETIME)).extracting(SigningKey::kid).containsExactly(second.kid());
    }

    @Test
    void theJwksHoldsOnlyPublicKeys() {
        var jwks = new SigningKeyRing(List.of(first)).jwksAt(t0, TOKEN_LIFETIME);

        assertThat(jwks.getKeys()).hasSize(1);
        assertThat(jwks.getKeys().getFirst().isPrivate()).isFalse();
        assertThat(jwks.toString()).doesNotContain("\"d\"");
        assertThat(jwks.getKeys().getFirst().getKeyID()).isEqualTo(first.kid());
    }

    @Test
    void issuedTokensCarryTheContractClaimsAndVerifyWithThePublishedKey() throws Exception {
        AccessTokenIssuer issuer = new AccessTokenIssuer("nakksha-identity", TOKEN_LIFETIME);
        UUID consultant = UUID.randomUUID();

        AccessTokenIssuer.IssuedAccessToken token = issuer.issue(first, consultant, Role.CONSULTANT, ApprovalStatus.PENDING_APPROVAL, java.util.List.of("pwd"), t0);
        SignedJWT jwt = SignedJWT.parse(token.value());

        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(first.kid());
        assertThat(jwt.verify(new RSASSAVerifier((RSAKey) new SigningKeyRing(List.of(first)).jwksAt(t0, TOKEN_LIFETIME).getKeyByKeyId(first.kid())))).isTrue();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("nakksha-identity");
        assertThat(claims.getAudience()).containsExactly("nakksha-consultant");
        assertThat(claims.getSubject()).isEqualTo(consultant.toString());
        assertThat(claims.getStringClaim("role")).isEqualTo("CONSULTANT");
        assertThat(claims.getStringClaim("approval")).isEqualTo("PENDING_APPROVAL");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(t0.plus(TOKEN_LIFETIME));
    }

    @Test
    void adminTokensHaveTheirOwnAudienceAndNoApproval() throws Exception {
        AccessTokenIssuer issuer = new AccessTokenIssuer("nakksha-identity", TOKEN_LIFETIME);

        var claims = SignedJWT.parse(issuer.issue(first, UUID.randomUUID(), Role.ADMIN, null, java.util.List.of("pwd", "otp", "mfa"), t0).value()).getJWTClaimsSet();

        assertThat(claims.getAudience()).containsExactly("nakksha-admin");
        assertThat(claims.getStringClaim("role")).isEqualTo("ADMIN");
        assertThat(claims.getClaim("approval")).isNull();
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");
    }

    @Test
    void accessTokensLiveAtMostFifteenMinutes() {
        assertThatThrownBy(() -> new AccessTokenIssuer("i", Duration.ofMinutes(16))).isInstanceOf(IllegalArgumentException.class);
    }
}
