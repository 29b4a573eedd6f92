package com.nakksha.identity.admin;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.IntStream;

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

    private static final int RECOVERY_CODES = 10;
    private static final char[] RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

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

    /**
     * Activates the pending secret when {@code code} matches it, and issues {@value #RECOVERY_CODES} single-use
     * recovery codes (shown once; only their hashes are kept) for when the authenticator is lost.
     */
    Mono<Confirmed> confirm(UUID adminId, String code) {
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
                    List<String> recoveryCodes = IntStream.range(0, RECOVERY_CODES).mapToObj(i -> newRecoveryCode()).toList();
                    return admins.enableTotp(adminId, admin.totpPendingSecretSealed(), step.getAsLong(), clock.instant())
                            .then(admins.replaceRecoveryCodes(adminId,
                                    recoveryCodes.stream().map(AdminAccountService::recoveryCodeHash).toList(), clock.instant()))
                            .then(audit.record(adminId, "TOTP_ENROLLED", "ADMIN", adminId, java.util.Map.of("totp", "enabled")))
                            .thenReturn(new Confirmed(recoveryCodes));
                });
    }

    // 12 characters from a 32-letter alphabet: 60 bits, grouped in fours for reading aloud.
    private static String newRecoveryCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(RECOVERY_ALPHABET[RANDOM.nextInt(RECOVERY_ALPHABET.length)]);
        }
        return code.toString();
    }

    /** The recovery codes, shown once: each logs in once in place of an authentication code. */
    record Confirmed(List<String> recoveryCodes) {
        @Override
        public String toString() {
            return "Confirmed[redacted]";
        }
    }

    /** The secret in the two forms authenticator apps accept; shown once, at enrolment. */
    record Started(String secret, String otpauthUri) {
        @Override
        public String toString() {
            return "Started[redacted]";
        }
    }
}
