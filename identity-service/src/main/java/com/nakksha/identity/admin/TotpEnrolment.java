package com.nakksha.identity.admin;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.UUID;

import com.nakksha.defaults.problem.ConflictProblem;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.identity.encryption.DataEncryption;
import com.nakksha.identity.totp.TotpAuthenticator;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Enrolling a second factor: a new secret is issued (shown once, for the authenticator app) and
 * becomes active only when the admin proves the app produces matching codes.
 */
@Service
class TotpEnrolment {

    static final String ISSUER = "Nakksha Admin";

    private final AdminAccounts admins;
    private final DataEncryption encryption;
    private final TotpAuthenticator totp;
    private final AuditLog audit;
    private final Clock clock;

    TotpEnrolment(AdminAccounts admins, DataEncryption encryption, TotpAuthenticator totp, AuditLog audit, Clock clock) {
        this.admins = admins;
        this.encryption = encryption;
        this.totp = totp;
        this.audit = audit;
        this.clock = clock;
    }

    Mono<Started> start(UUID adminId) {
        return admins.findById(adminId)
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Admin")))
                .flatMap(admin -> {
                    if (admin.totpEnabled()) {
                        return Mono.error(new ConflictProblem("Already enrolled", "A second factor is already active for this admin"));
                    }
                    byte[] secret = totp.newSecret();
                    String sealed = encryption.seal(secret, AdminAccount.secretContext(adminId));
                    Started started = new Started(TotpAuthenticator.base32(secret), TotpAuthenticator.otpauthUri(ISSUER, admin.email(), secret));
                    return admins.storePendingTotpSecret(adminId, sealed).thenReturn(started);
                });
    }

    Mono<Void> confirm(UUID adminId, String code) {
        return admins.findById(adminId)
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Admin")))
                .flatMap(admin -> {
                    if (admin.totpEnabled()) {
                        return Mono.error(new ConflictProblem("Already enrolled", "A second factor is already active for this admin"));
                    }
                    if (admin.totpPendingSecretSealed() == null) {
                        return Mono.error(new ConflictProblem("No enrolment started", "Start an enrolment before confirming it"));
                    }
                    byte[] secret = encryption.open(admin.totpPendingSecretSealed(), AdminAccount.secretContext(adminId));
                    OptionalLong step = totp.verify(secret, code, clock.instant(), null);
                    if (step.isEmpty()) {
                        return Mono.error(new InvalidInputException("code", "does not match the authenticator app; check the device clock"));
                    }
                    return admins.enableTotp(adminId, admin.totpPendingSecretSealed(), step.getAsLong(), clock.instant())
                            .then(audit.record(adminId, "TOTP_ENROLLED", "ADMIN", adminId, java.util.Map.of("totp", "enabled")));
                });
    }

    /** The secret in the two forms authenticator apps accept; shown once, at enrolment. */
    record Started(String secret, String otpauthUri) {
        @Override
        public String toString() {
            return "Started[redacted]";
        }
    }
}
