package com.nakksha.identity.admin;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

import com.nakksha.defaults.problem.BadRequestProblem;
import com.nakksha.edge.token.Role;
import com.nakksha.identity.account.EmailAddress;
import com.nakksha.identity.encryption.DataEncryption;
import com.nakksha.identity.login.InvalidCredentials;
import com.nakksha.identity.login.LoginThrottle;
import com.nakksha.identity.password.Passwords;
import com.nakksha.identity.token.SessionTokens;
import com.nakksha.identity.token.TokenPair;
import com.nakksha.identity.totp.TotpAuthenticator;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Admin login: password, then the TOTP code once the admin has enrolled one. A wrong password and
 * a wrong or replayed code answer the same, and both count against the login limits.
 */
@Service
class AdminLogin {

    private final AdminAccounts admins;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final SessionTokens sessions;
    private final DataEncryption encryption;
    private final TotpAuthenticator totp;
    private final Clock clock;

    AdminLogin(AdminAccounts admins, Passwords passwords, LoginThrottle throttle, SessionTokens sessions,
               DataEncryption encryption, TotpAuthenticator totp, Clock clock) {
        this.admins = admins;
        this.passwords = passwords;
        this.throttle = throttle;
        this.sessions = sessions;
        this.encryption = encryption;
        this.totp = totp;
        this.clock = clock;
    }

    Mono<TokenPair> login(String rawEmail, String password, String totpCode, String address) {
        EmailAddress email;
        try {
            email = EmailAddress.parse(rawEmail);
        } catch (IllegalArgumentException invalid) {
            return Mono.error(new BadRequestProblem("email", invalid.getMessage()));
        }
        String subject = "admin:" + email.value();
        return throttle.check(subject, address)
                .then(admins.findByEmail(email).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(found -> found
                        .map(admin -> passwords.matches(password, admin.passwordHash()).map(ok -> ok ? found : Optional.<AdminAccount>empty()))
                        .orElseGet(() -> passwords.spendComparableEffort(password).thenReturn(Optional.empty())))
                .flatMap(authenticated -> authenticated.isEmpty()
                        ? Mono.just(authenticated)
                        : secondFactor(authenticated.get(), totpCode).map(ok -> ok ? authenticated : Optional.<AdminAccount>empty()))
                .flatMap(authenticated -> authenticated.isEmpty()
                        ? throttle.recordFailure(subject, address).then(Mono.<TokenPair>error(new InvalidCredentials(
                                "The email, password or authentication code is incorrect")))
                        : throttle.clearAccount(subject).then(sessions.startSession(authenticated.get().id(), Role.ADMIN, null)));
    }

    private Mono<Boolean> secondFactor(AdminAccount admin, String code) {
        if (!admin.totpEnabled()) {
            return Mono.just(true);
        }
        byte[] secret = encryption.open(admin.totpSecretSealed(), AdminAccount.secretContext(admin.id()));
        OptionalLong step = totp.verify(secret, code, clock.instant(), admin.totpLastUsedStep());
        java.util.Arrays.fill(secret, (byte) 0);
        return step.isPresent() ? admins.useTotpStep(admin.id(), step.getAsLong()) : Mono.just(false);
    }

}
