package com.nakksha.identity.password;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.edge.token.AccessTokenClaims;
import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.edge.token.Role;
import com.nakksha.identity.consultant.ConsultantService;
import com.nakksha.identity.throttle.LoginThrottle;
import com.nakksha.identity.token.LoginTokens;
import com.nakksha.identity.token.TokenPair;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * A signed-in consultant changing the password, proving the current one first (a stolen access token
 * alone cannot take the account over). Wrong current passwords count against the login limits. The
 * change ends every login of the account and starts a new one, whose tokens are the answer.
 */
@Service
class PasswordChange {

    private final ConsultantService consultants;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final LoginTokens tokens;
    private final TransactionalOperator transactions;
    private final Clock clock;

    PasswordChange(ConsultantService consultants, Passwords passwords, LoginThrottle throttle, LoginTokens tokens,
                   TransactionalOperator transactions, Clock clock) {
        this.consultants = consultants;
        this.passwords = passwords;
        this.throttle = throttle;
        this.tokens = tokens;
        this.transactions = transactions;
        this.clock = clock;
    }

    Mono<TokenPair> change(UUID consultantId, String currentPassword, String newPassword, String address) {
        FieldErrors errors = new FieldErrors();
        errors.parse("newPassword", () -> passwords.acceptable(newPassword));
        errors.throwIfAny();
        return consultants.findById(consultantId)
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Consultant")))
                .flatMap(current -> throttle.reserve("consultant:" + current.consultant().email().value(), address)
                        .flatMap(reservation -> passwords.matches(currentPassword, current.consultant().passwordHash())
                                .flatMap(ok -> ok
                                        ? throttle.succeeded(reservation)
                                        : Mono.error(new InvalidInputException("currentPassword", "is not the account's password")))))
                .then(passwords.hash(newPassword))
                .flatMap(hash -> transactions.transactional(consultants.findByIdForUpdate(consultantId)
                        .flatMap(loaded -> {
                            var consultant = loaded.consultant();
                            consultant.changePasswordHash(hash, clock.instant());
                            return consultants.save(consultant, loaded.rowVersion())
                                    .then(tokens.revokeAll(consultantId, "PASSWORD_CHANGED"))
                                    .then(tokens.issue(consultantId, Role.CONSULTANT, ApprovalStatus.valueOf(consultant.status().name()),
                                            List.of(AccessTokenClaims.AMR_PASSWORD)));
                        })));
    }
}
