package com.nakksha.identity.login;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.edge.token.Role;
import com.nakksha.identity.account.EmailAddress;
import com.nakksha.identity.admin.AdminAccount;
import com.nakksha.identity.admin.AdminAccountService;
import com.nakksha.identity.audit.SecurityEvents;
import com.nakksha.identity.password.Passwords;
import com.nakksha.identity.throttle.LoginThrottle;
import com.nakksha.identity.token.LoginTokens;
import com.nakksha.identity.token.TokenPair;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Admin login: password, then a TOTP code or a recovery code once the admin has enrolled. Before
 * enrolment the password yields a token that can only enrol (its {@code amr} has no {@code mfa}).
 * A wrong password, a disabled admin and a wrong or replayed code answer the same, and all count
 * against the login limits. Every outcome is a security event.
 */
@Service
class AdminLogin {

    private final AdminAccountService admins;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final LoginTokens tokens;
    private final SecurityEvents events;

    AdminLogin(AdminAccountService admins, Passwords passwords, LoginThrottle throttle, LoginTokens tokens, SecurityEvents events) {
        this.admins = admins;
        this.passwords = passwords;
        this.throttle = throttle;
        this.tokens = tokens;
        this.events = events;
    }

    Mono<TokenPair> login(String rawEmail, String password, String totpCode, String recoveryCode, String address) {
        EmailAddress email;
        try {
            email = EmailAddress.parse(rawEmail);
        } catch (IllegalArgumentException invalid) {
            return Mono.error(new InvalidInputException("email", invalid.getMessage()));
        }
        String subject = "admin:" + email.value();
        return throttle.reserve(subject, address)
                .flatMap(reservation -> admins.findByEmail(email).filter(admin -> !admin.disabled())
                        .map(Optional::of).defaultIfEmpty(Optional.empty())
                        .flatMap(found -> found
                                .map(admin -> passwords.matches(password, admin.passwordHash()).map(ok -> ok ? found : Optional.<AdminAccount>empty()))
                                .orElseGet(() -> passwords.spendComparableEffort(password).thenReturn(Optional.empty())))
                        .flatMap(authenticated -> authenticated.isEmpty()
                                ? Mono.just(new Attempt(null, List.of()))
                                : admins.secondFactor(authenticated.get(), totpCode, recoveryCode)
                                        .map(amr -> new Attempt(authenticated.get(), amr))
                                        .defaultIfEmpty(new Attempt(null, List.of())))
                        .flatMap(attempt -> attempt.admin() == null
                                ? events.record(SecurityEvents.Kind.ADMIN_LOGIN_FAILED, "ADMIN", null, email.value(), address, Map.of())
                                        .then(Mono.<TokenPair>error(new InvalidCredentials("The email, password or authentication code is incorrect")))
                                : throttle.succeeded(reservation)
                                        .then(events.record(SecurityEvents.Kind.ADMIN_LOGIN_SUCCEEDED, "ADMIN", attempt.admin().id(),
                                                email.value(), address, Map.of("amr", attempt.amr())))
                                        .then(tokens.issue(attempt.admin().id(), Role.ADMIN, null, attempt.amr()))));
    }

    private record Attempt(AdminAccount admin, List<String> amr) {
    }
}
