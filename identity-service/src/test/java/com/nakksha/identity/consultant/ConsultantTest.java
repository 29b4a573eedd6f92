package com.nakksha.identity.consultant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import com.nakksha.identity.account.EmailAddress;
import org.junit.jupiter.api.Test;

class ConsultantTest {

    private final UUID id = UUID.randomUUID();
    private final UUID admin = UUID.randomUUID();
    private final Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
    private final Instant t1 = t0.plusSeconds(3600);
    private final Profile profile = Profile.initial("Priya", "Sharma", new PhoneNumber("+91", "9876543210"), Slug.parse("priya-sharma"));

    private Consultant registered() {
        return Consultant.register(id, EmailAddress.parse("priya@example.com"), "hash", profile, t0).consultant();
    }

    @Test
    void registrationWaitsForApprovalAndAnnouncesAccountAndPublicProfile() {
        Consultant.Registration registration = Consultant.register(id, EmailAddress.parse("Priya@Example.com"), "hash", profile, t0);

        assertThat(registration.consultant().status()).isEqualTo(ConsultantStatus.PENDING_APPROVAL);
        assertThat(registration.consultant().emailVerified()).isFalse();
        assertThat(registration.events()).containsExactly(
                new ConsultantEvent.Registered(id, t0, "priya@example.com", "Priya", "Sharma", "+91", "9876543210"),
                new ConsultantEvent.ProfileUpdated(id, t0, profile, 1));
    }

    @Test
    void approvalOpensTheAccount() {
        Consultant consultant = registered();

        assertThat(consultant.approve(admin, t1)).containsExactly(new ConsultantEvent.Approved(id, t1, admin));
        assertThat(consultant.status()).isEqualTo(ConsultantStatus.APPROVED);
    }

    @Test
    void rejectionNeedsAReasonAndIsFinal() {
        Consultant consultant = registered();
        assertThatThrownBy(() -> consultant.reject(admin, "  ", t1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(consultant.status()).isEqualTo(ConsultantStatus.PENDING_APPROVAL);

        assertThat(consultant.reject(admin, " incomplete profile ", t1))
                .containsExactly(new ConsultantEvent.Rejected(id, t1, "incomplete profile", admin));
        assertThat(consultant.statusReason()).isEqualTo("incomplete profile");
        assertThatThrownBy(() -> consultant.approve(admin, t1)).isInstanceOf(StatusChangeRefused.class);
        assertThatThrownBy(() -> consultant.suspend(admin, "x", t1)).isInstanceOf(StatusChangeRefused.class);
        assertThatThrownBy(() -> consultant.reinstate(admin, t1)).isInstanceOf(StatusChangeRefused.class);
    }

    @Test
    void anApprovedAccountCanBeSuspendedAndReinstated() {
        Consultant consultant = registered();
        consultant.approve(admin, t0);

        assertThat(consultant.suspend(admin, "chargebacks", t1)).containsExactly(new ConsultantEvent.Suspended(id, t1, "chargebacks", admin));
        assertThat(consultant.status()).isEqualTo(ConsultantStatus.SUSPENDED);
        assertThat(consultant.reinstate(admin, t1)).containsExactly(new ConsultantEvent.Approved(id, t1, admin));
        assertThat(consultant.status()).isEqualTo(ConsultantStatus.APPROVED);
        assertThat(consultant.statusReason()).isNull();
    }

    @Test
    void onlyThePermittedTransitionsHappen() {
        Consultant pending = registered();
        assertThatThrownBy(() -> pending.suspend(admin, "x", t1)).isInstanceOf(StatusChangeRefused.class);
        assertThatThrownBy(() -> pending.reinstate(admin, t1)).isInstanceOf(StatusChangeRefused.class);

        Consultant approved = registered();
        approved.approve(admin, t1);
        assertThatThrownBy(() -> approved.reject(admin, "x", t1)).isInstanceOf(StatusChangeRefused.class)
                .hasMessage("cannot reject a consultant whose status is APPROVED");
        // Approved and never suspended: a reinstatement cannot be a retry of one.
        assertThatThrownBy(() -> approved.reinstate(admin, t1)).isInstanceOf(StatusChangeRefused.class)
                .hasMessage("cannot reinstate a consultant whose status is APPROVED");

        Consultant suspended = registered();
        suspended.approve(admin, t0);
        suspended.suspend(admin, "chargebacks", t0);
        assertThatThrownBy(() -> suspended.approve(admin, t1)).isInstanceOf(StatusChangeRefused.class)
                .hasMessage("cannot approve a consultant whose status is SUSPENDED");
        assertThatThrownBy(() -> suspended.reject(admin, "x", t1)).isInstanceOf(StatusChangeRefused.class);

        Consultant reinstated = registered();
        reinstated.approve(admin, t0);
        reinstated.suspend(admin, "chargebacks", t0);
        reinstated.reinstate(admin, t0);
        // APPROVED, but by a reinstatement: an approval was not what brought it here.
        assertThatThrownBy(() -> reinstated.approve(admin, t1)).isInstanceOf(StatusChangeRefused.class)
                .hasMessage("cannot approve a consultant whose status is APPROVED");
    }

    @Test
    void aRepeatedApprovalChangesAndRaisesNothing() {
        Consultant consultant = registered();
        consultant.approve(admin, t0);

        assertThat(consultant.approve(UUID.randomUUID(), t1)).isEmpty();
        assertUnchanged(consultant, ConsultantStatus.APPROVED, null, StatusDecision.APPROVE, t0);
    }

    @Test
    void aRepeatedRejectionChangesAndRaisesNothingAndKeepsTheFirstReason() {
        Consultant consultant = registered();
        consultant.reject(admin, "incomplete profile", t0);

        assertThat(consultant.reject(admin, "incomplete profile", t1)).isEmpty();
        assertThat(consultant.reject(admin, "a different reason", t1)).isEmpty();
        assertUnchanged(consultant, ConsultantStatus.REJECTED, "incomplete profile", StatusDecision.REJECT, t0);
        // Bad input is still refused as such.
        assertThatThrownBy(() -> consultant.reject(admin, " ", t1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> consultant.reject(admin, "x".repeat(Consultant.MAX_REASON_LENGTH + 1), t1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRepeatedSuspensionChangesAndRaisesNothingAndKeepsTheFirstReason() {
        Consultant consultant = registered();
        consultant.approve(admin, t0);
        consultant.suspend(admin, "chargebacks", t0);

        assertThat(consultant.suspend(admin, "chargebacks", t1)).isEmpty();
        assertThat(consultant.suspend(admin, "unpaid invoices", t1)).isEmpty();
        assertUnchanged(consultant, ConsultantStatus.SUSPENDED, "chargebacks", StatusDecision.SUSPEND, t0);
        assertThatThrownBy(() -> consultant.suspend(admin, "", t1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRepeatedReinstatementChangesAndRaisesNothing() {
        Consultant consultant = registered();
        consultant.approve(admin, t0);
        consultant.suspend(admin, "chargebacks", t0);
        consultant.reinstate(admin, t0);

        assertThat(consultant.reinstate(admin, t1)).isEmpty();
        assertUnchanged(consultant, ConsultantStatus.APPROVED, null, StatusDecision.REINSTATE, t0);
        // Suspended again, it is reinstated again: the repeat rule is about the current status only.
        assertThat(consultant.suspend(admin, "chargebacks again", t1)).containsExactly(
                new ConsultantEvent.Suspended(id, t1, "chargebacks again", admin));
        assertThat(consultant.reinstate(admin, t1)).containsExactly(new ConsultantEvent.Approved(id, t1, admin));
    }

    private static void assertUnchanged(Consultant consultant, ConsultantStatus status, String reason, StatusDecision decision,
                                        Instant updatedAt) {
        assertThat(consultant.status()).isEqualTo(status);
        assertThat(consultant.statusReason()).isEqualTo(reason);
        assertThat(consultant.statusDecision()).isEqualTo(decision);
        assertThat(consultant.updatedAt()).isEqualTo(updatedAt);
    }

    @Test
    void profileChangesRaiseAVersionedSnapshotAndNoChangeRaisesNothing() {
        Consultant consultant = registered();
        Profile moved = new Profile("Priya", "Sharma", profile.phone(), "Career coaching", null, 24, null, null, null, null,
                null, null, null, null, TimeZoneId.parse("Europe/London"), profile.slug());

        assertThat(consultant.updateProfile(moved, t1)).containsExactly(new ConsultantEvent.ProfileUpdated(id, t1, moved, 2));
        assertThat(consultant.updateProfile(moved, t1.plusSeconds(1))).isEmpty();
        assertThat(consultant.profileVersion()).isEqualTo(2);
    }

    @Test
    void bankDetailsChangeRaisesNoEvent() {
        Consultant consultant = registered();
        consultant.replaceSealedBankDetails("v1.k.sealed", t1);

        assertThat(consultant.sealedBankDetails()).isEqualTo("v1.k.sealed");
        assertThat(consultant.profileVersion()).isEqualTo(1);
    }

    @Test
    void emailVerificationIsIdempotent() {
        Consultant consultant = registered();

        assertThat(consultant.verifyEmail(t1)).isTrue();
        assertThat(consultant.verifyEmail(t1.plusSeconds(5))).isFalse();
        assertThat(consultant.emailVerifiedAt()).isEqualTo(t1);
    }
}
