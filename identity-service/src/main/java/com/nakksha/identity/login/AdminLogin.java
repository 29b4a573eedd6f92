package com.nakksha.identity.login;

import java.util.Optional;

import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.edge.token.Role;
import com.nakksha.identity.account.EmailAddress;
import com.nakksha.identity.admin.AdminAccount;
import com.nakksha.identity.admin.AdminAccountService;
import com.nakksha.identity.password.Passwords;
import com.nakksha.identity.token.LoginTokens;
import com.nakksha.identity.token.TokenPair;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Admin login: password, then the TOTP code once the admin has enrolled one. A wrong password and
 * a wrong or replayed code answer the same, and both count against the login limits.
 */
@Service
class AdminLogin {

    private final AdminAccountService admins;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final LoginTokens tokens;

    AdminLogin(AdminAccountService admins, Passwords passwords, LoginThrottle throttle, LoginTokens tokens) {
        this.admins = admins;
        this.passwords = passwords;
        this.throttle = throttle;
        this.tokens = tokens;
    }

    Mono<TokenPair> login(String rawEmail, String password, String totpCode, String address) {
        EmailAddress email;
        try {
            email = EmailAddress.parse(rawEmail);
        } catch (IllegalArgumentException invalid) {
            return Mono.error(new InvalidInputException("email", invalid.getMessage()));
        }
        String subject = "admin:" + email.value();
        return throttle.check(subject, address)
                .then(admins.findByEmail(email).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(found -> found
                        .map(admin -> passwords.matches(password, admin.passwordHash()).map(ok -> ok ? found : Optional.<AdminAccount>empty()))
                        .orElseGet(() -> passwords.spendComparableEffort(password).thenReturn(Optional.empty())))
                .flatMap(authenticated -> authenticated.isEmpty()
                        ? Mono.just(authenticated)
                        : admins.secondFactorAccepted(authenticated.get(), totpCode).map(ok -> ok ? authenticated : Optional.<AdminAccount>empty()))
                .flatMap(authenticated -> authenticated.isEmpty()
                        ? throttle.recordFailure(subject, address).then(Mono.<TokenPair>error(new InvalidCredentials(
                                "The email, password or authentication code is incorrect")))
                        : throttle.clearAccount(subject).then(tokens.issue(authenticated.get().id(), Role.ADMIN, null)));
    }
}
