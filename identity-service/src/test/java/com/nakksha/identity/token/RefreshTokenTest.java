package com.nakksha.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.nakksha.edge.token.Role;
import org.junit.jupiter.api.Test;

class RefreshTokenTest {

    private final Instant login = Instant.parse("2026-03-01T10:00:00Z");
    private final RefreshToken first = RefreshToken.startFamily(UUID.randomUUID(), Role.CONSULTANT,
            OpaqueToken.generate(), login, Duration.ofDays(30));

    @Test
    void anUnusedTokenRotatesIntoASuccessorOfTheSameFamilyAndAbsoluteExpiry() {
        Instant later = login.plus(Duration.ofDays(3));
        assertThat(first.presentedAt(later)).isEqualTo(new RefreshToken.RefreshDecision.Rotate(first));

        RefreshToken next = first.successor(OpaqueToken.generate(), later);
        assertThat(next.familyId()).isEqualTo(first.familyId());
        assertThat(next.expiresAt()).isEqualTo(login.plus(Duration.ofDays(30)));
        assertThat(next.tokenHash()).isNotEqualTo(first.tokenHash());
    }

    @Test
    void presentingAUsedTokenIsReuseOfTheFamily() {
        RefreshToken used = new RefreshToken(first.id(), first.familyId(), first.accountId(), first.accountType(),
                first.tokenHash(), first.issuedAt(), first.expiresAt(), login.plusSeconds(60), null);

        assertThat(used.presentedAt(login.plusSeconds(120)))
                .isEqualTo(new RefreshToken.RefreshDecision.ReuseDetected(first.familyId()));
    }

    @Test
    void revokedAndExpiredTokensAreRefused() {
        RefreshToken revoked = new RefreshToken(first.id(), first.familyId(), first.accountId(), first.accountType(),
                first.tokenHash(), first.issuedAt(), first.expiresAt(), null, login.plusSeconds(5));

        assertThat(revoked.presentedAt(login.plusSeconds(10))).isInstanceOf(RefreshToken.RefreshDecision.Refused.class);
        assertThat(first.presentedAt(login.plus(Duration.ofDays(30)))).isInstanceOf(RefreshToken.RefreshDecision.Refused.class);
    }

    @Test
    void onlyTheHashIsKeptAndTheValueIsNeverPrinted() {
        OpaqueToken token = OpaqueToken.generate();

        assertThat(token.value()).hasSize(43);
        assertThat(token.sha256()).hasSize(64).isEqualTo(OpaqueToken.sha256(token.value()));
        assertThat(token.toString()).doesNotContain(token.value());
    }
}
