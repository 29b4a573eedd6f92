package com.nakksha.identity.login;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.nakksha.defaults.problem.ForbiddenProblem;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.edge.token.AccessTokenClaims;
import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.edge.token.Role;
import com.nakksha.identity.account.EmailAddress;
import com.nakksha.identity.consultant.ConsultantService;
import com.nakksha.identity.consultant.LoadedConsultant;
import com.nakksha.identity.password.Passwords;
import com.nakksha.identity.throttle.LoginThrottle;
import com.nakksha.identity.throttle.LoginThrottled;
import com.nakksha.identity.token.LoginTokens;
import com.nakksha.identity.token.TokenPair;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Consultant login. Unknown emails cost the same hashing work as wrong passwords and count
 * against the same limits, so neither the answer nor its timing reveals which emails exist.
 * Accounts in any approval state may log in: the token's {@code approval} claim decides what opens.
 */
@Service
class ConsultantLogin {

    private final ConsultantService consultants;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final LoginTokens tokens;
    private final LoginStepUp stepUp;
    private final Clock clock;

    ConsultantLogin(ConsultantService consultants, Passwords passwords, LoginThrottle throttle, LoginTokens tokens,
                    LoginStepUp stepUp, Clock clock) {
        this.stepUp = stepUp;
        this.clock = clock;
        this.consultants = consultants;
        this.passwords = passwords;
        this.throttle = throttle;
        this.tokens = tokens;
    }

    Mono<TokenPair> login(String rawEmail, String password, String address) {
        EmailAddress email;
        try {
            email = EmailAddress.parse(rawEmail);
        } catch (IllegalArgumentException invalid) {
            return Mono.error(new InvalidInputException("email", invalid.getMessage()));
        }
        String subject = "consultant:" + email.value();
        return throttle.reserve(subject, address)
                .onErrorResume(LoginThrottled.class, throttled -> throttled.accountWide()
                        ? stepUp.offer(email, address).then(Mono.<LoginThrottle.Reservation>error(throttled.withStepUp()))
                        : Mono.<LoginThrottle.Reservation>error(throttled))
                .flatMap(reservation -> consultants.findByEmail(email)
                .map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(found -> found
                        .map(loaded -> passwords.matches(password, loaded.consultant().passwordHash()).map(ok -> ok ? found : Optional.<LoadedConsultant>empty()))
                        .orElseGet(() -> passwords.spendComparableEffort(password).thenReturn(Optional.empty())))
                .flatMap(authenticated -> {
                    if (authenticated.isEmpty()) {
                        return Mono.<TokenPair>error(new InvalidCredentials());
                    }
                    LoadedConsultant loaded = authenticated.get();
                    var consultant = loaded.consultant();
                    return throttle.succeeded(reservation).then(Mono.defer(() -> {
                        if (!consultant.emailVerified()) {
                            return Mono.error(new ForbiddenProblem("Email not verified",
                                    "Verify your email address with the link we sent before logging in"));
                        }
                        Mono<Void> rehash = passwords.needsRehash(consultant.passwordHash())
                                ? passwords.hash(password).flatMap(hash -> {
                                    consultant.changePasswordHash(hash, clock.instant());
                                    return consultants.save(consultant, loaded.rowVersion());
                                })
                                : Mono.empty();
                        return rehash.onErrorResume(error -> Mono.empty())
                                .then(tokens.issue(consultant.id(), Role.CONSULTANT, ApprovalStatus.valueOf(consultant.status().name()),
                                        List.of(AccessTokenClaims.AMR_PASSWORD)));
                    }));
                }));
    }
}
