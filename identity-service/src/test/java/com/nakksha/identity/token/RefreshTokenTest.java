package com.nakksha.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nakksha.edge.token.Role;
import org.junit.jupiter.api.Test;

class RefreshTokenTest {

    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final RefreshToken.Lifetime CONSULTANT = new RefreshToken.Lifetime(Duration.ofDays(30), null);
    private static final RefreshToken.Lifetime ADMIN = new RefreshToken.Lifetime(Duration.ofHours(12), Duration.ofMinutes(30));

    private final Instant login = Instant.parse("2026-03-01T10:00:00Z");
    private final RefreshToken first = RefreshToken.startFamily(UUID.randomUUID(), Role.CONSULTANT, List.of("pwd"),
            OpaqueToken.generate(), login, CONSULTANT);

    @Test
    void anUnusedTokenRotatesIntoASuccessorOfTheSameFamilyAndAbsoluteExpiry() {
        Instant later = login.plus(Duration.ofDays(3));
        assertThat(first.presentedAt(later, GRACE)).isEqualTo(new RefreshToken.RefreshDecision.Rotate(first));

        RefreshToken next = first.successor(OpaqueToken.generate(), later, CONSULTANT);
        assertThat(next.familyId()).isEqualTo(first.familyId());
        assertThat(next.expiresAt()).isEqualTo(login.plus(Duration.ofDays(30)));
        assertThat(next.amr()).containsExactly("pwd");
        assertThat(next.tokenHash()).isNotEqualTo(first.tokenHash());
    }

    @Test
    void anAdminLoginEndsAfterTwelveHoursAndAfterHalfAnHourWithoutARefresh() {
        RefreshToken admin = RefreshToken.startFamily(UUID.randomUUID(), Role.ADMIN, List.of("pwd", "otp", "mfa"),
                OpaqueToken.generate(), login, ADMIN);
        assertThat(admin.expiresAt()).isEqualTo(login.plus(Duration.ofMinutes(30)));
        assertThat(admin.presentedAt(login.plus(Duration.ofMinutes(31)), GRACE)).isInstanceOf(RefreshToken.RefreshDecision.Refused.class);

        // Refreshed every 20 minutes, it still ends 12 hours after the login.
        RefreshToken current = admin;
        Instant at = login;
        while (true) {
            at = at.plus(Duration.ofMinutes(20));
            if (!(current.presentedAt(at, GRACE) instanceof RefreshToken.RefreshDecision.Rotate)) {
                break;
            }
            current = current.successor(OpaqueToken.generate(), at, ADMIN);
        }
        assertThat(at).isEqualTo(login.plus(Duration.ofHours(12)));
    }

    @Test
    void aUsedTokenPresentedAgainWithinTheGraceWindowIsARepeatAndLaterReuse() {
        UUID successor = UUID.randomUUID();
        RefreshToken used = new RefreshToken(first.id(), first.familyId(), first.accountId(), first.accountType(), first.amr(),
                first.tokenHash(), first.issuedAt(), first.expiresAt(), first.familyExpiresAt(), login.plusSeconds(60), null, successor);

        assertThat(used.presentedAt(login.plusSeconds(65), GRACE)).isEqualTo(new RefreshToken.RefreshDecision.Repeat(used));
        assertThat(used.presentedAt(login.plusSeconds(120), GRACE))
                .isEqualTo(new RefreshToken.RefreshDecision.ReuseDetected(first.familyId()));
    }

    @Test
    void revokedAndExpiredTokensAreRefused() {
        RefreshToken revoked = new RefreshToken(first.id(), first.familyId(), first.accountId(), first.accountType(), first.amr(),
                first.tokenHash(), first.issuedAt(), first.expiresAt(), first.familyExpiresAt(), null, login.plusSeconds(5), null);

        assertThat(revoked.presentedAt(login.plusSeconds(10), GRACE)).isInstanceOf(RefreshToken.RefreshDecision.Refused.class);
        assertThat(first.presentedAt(login.plus(Duration.ofDays(30)), GRACE)).isInstanceOf(RefreshToken.RefreshDecision.Refused.class);
    }

    @Test
    void onlyTheHashIsKeptAndTheValueIsNeverPrinted() {
        OpaqueToken token = OpaqueToken.generate();

        assertThat(token.value()).hasSize(43);
        assertThat(token.sha256()).hasSize(64).isEqualTo(OpaqueToken.sha256(token.value()));
        assertThat(token.toString()).doesNotContain(token.value());
    }
}
