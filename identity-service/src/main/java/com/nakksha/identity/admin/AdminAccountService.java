package com.nakksha.identity.admin;

import java.time.Clock;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.UUID;

import com.nakksha.identity.account.EmailAddress;
import com.nakksha.identity.encryption.DataEncryption;
import com.nakksha.identity.totp.TotpAuthenticator;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/** Admin accounts as login uses them: finding an admin and checking the admin's second factor. */
@Service
public class AdminAccountService {

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

    /** Empty when there is no such admin. */
    public Mono<AdminAccount> findById(UUID id) {
        return admins.findById(id);
    }

    /** Emails compare case-insensitively; empty when no admin has this email. */
    public Mono<AdminAccount> findByEmail(EmailAddress email) {
        return admins.findByEmail(email);
    }

    /**
     * True when the admin has no TOTP enrolled, or {@code code} is valid now and later than the
     * last code this admin used (RFC 6238 replay protection); the accepted step is recorded.
     */
    public Mono<Boolean> secondFactorAccepted(AdminAccount admin, String code) {
        if (!admin.totpEnabled()) {
            return Mono.just(true);
        }
        byte[] secret = encryption.open(admin.totpSecretSealed(), AdminAccount.secretContext(admin.id()));
        OptionalLong step = totp.verify(secret, code, clock.instant(), admin.totpLastUsedStep());
        Arrays.fill(secret, (byte) 0);
        return step.isPresent() ? admins.useTotpStep(admin.id(), step.getAsLong()) : Mono.just(false);
    }
}
