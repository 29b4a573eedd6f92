package com.nakksha.identity.admin;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;

import com.nakksha.edge.token.AccessTokenClaims;
import com.nakksha.identity.account.EmailAddress;
import com.nakksha.identity.encryption.DataEncryption;
import com.nakksha.identity.token.OpaqueToken;
import com.nakksha.identity.totp.TotpAuthenticator;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Admin accounts as login uses them: finding an admin and checking the admin's second factor.
 * Until an admin has enrolled a TOTP authenticator the password alone yields a token that can
 * only enrol (its {@code amr} lacks {@code mfa}); afterwards the login needs a current code or one
 * of the admin's single-use recovery codes.
 */
@Service
public class AdminAccountService {

    private static final List<String> PASSWORD_ONLY = List.of(AccessTokenClaims.AMR_PASSWORD);
    private static final List<String> PASSWORD_AND_CODE = List.of(AccessTokenClaims.AMR_PASSWORD, AccessTokenClaims.AMR_ONE_TIME_CODE,
            AccessTokenClaims.AMR_MULTI_FACTOR);
    // RFC 8176 has no value for recovery codes; they are a second factor nonetheless.
    private static final List<String> PASSWORD_AND_RECOVERY_CODE = List.of(AccessTokenClaims.AMR_PASSWORD, AccessTokenClaims.AMR_MULTI_FACTOR);

    private final AdminAccounts admins;
    private final DataEncryption encryption;
    private final TotpAuthenticator totp;
    private final Clock clock;

    AdminAccountService(AdminAccounts admins, DataEncryption encryption, TotpAuthenticator totp, Clock clock) {
        this.admins = admins;
        this.encryption = encryption;
        this.totp = totp;
        this.clock = clock;
    }

    /** Empty when there is no such admin or the admin is disabled. */
    public Mono<AdminAccount> findActiveById(UUID id) {
        return admins.findById(id).filter(admin -> !admin.disabled());
    }

    /** Emails compare case-insensitively; empty when no admin has this email. */
    public Mono<AdminAccount> findByEmail(EmailAddress email) {
        return admins.findByEmail(email);
    }

    /**
     * The authentication methods this login proves, for an admin whose password was right: password
     * only when no TOTP is enrolled yet; password and code when {@code totpCode} is valid now and later
     * than the last code this admin used (RFC 6238 replay protection; the accepted step is recorded);
     * password and recovery code when {@code recoveryCode} is one of the admin's unused codes (used up
     * here). Empty when an enrolled admin gave neither a valid code nor a valid recovery code.
     */
    public Mono<List<String>> secondFactor(AdminAccount admin, String totpCode, String recoveryCode) {
        if (!admin.totpEnabled()) {
            return Mono.just(PASSWORD_ONLY);
        }
        if (totpCode != null && !totpCode.isBlank()) {
            return codeAccepted(admin, totpCode).flatMap(ok -> ok ? Mono.just(PASSWORD_AND_CODE) : Mono.empty());
        }
        if (recoveryCode != null && !recoveryCode.isBlank()) {
            return admins.useRecoveryCode(admin.id(), recoveryCodeHash(recoveryCode), clock.instant())
                    .flatMap(ok -> ok ? Mono.just(PASSWORD_AND_RECOVERY_CODE) : Mono.empty());
        }
        return Mono.empty();
    }

    /**
     * True when {@code code} is a current TOTP code of this enrolled admin not used before: the fresh
     * second factor that creating admins and rotating signing keys ask for.
     */
    public Mono<Boolean> freshCodeAccepted(UUID adminId, String code) {
        if (code == null || code.isBlank()) {
            return Mono.just(false);
        }
        return findActiveById(adminId).filter(AdminAccount::totpEnabled).flatMap(admin -> codeAccepted(admin, code)).defaultIfEmpty(false);
    }

    private Mono<Boolean> codeAccepted(AdminAccount admin, String code) {
        byte[] secret = encryption.open(admin.totpSecretSealed(), AdminAccount.secretContext(admin.id()));
        OptionalLong step = totp.verify(secret, code, clock.instant(), admin.totpLastUsedStep());
        Arrays.fill(secret, (byte) 0);
        return step.isPresent() ? admins.useTotpStep(admin.id(), step.getAsLong()) : Mono.just(false);
    }

    /** Recovery codes are compared by the SHA-256 of their canonical form (upper case, no separators). */
    static String recoveryCodeHash(String code) {
        return OpaqueToken.sha256(code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT));
    }
}
