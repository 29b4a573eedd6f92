package com.nakksha.identity.password;

import java.time.Clock;

import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.identity.account.EmailAddress;
import com.nakksha.identity.consultant.ConsultantService;
import com.nakksha.identity.emaillink.AccountLinks;
import com.nakksha.identity.emaillink.LinkPurpose;
import com.nakksha.identity.throttle.LoginThrottle;
import com.nakksha.identity.token.LoginTokens;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * A reset replaces the password, revokes every refresh token of the account (ending all its logins)
 * and lifts the account's login block, as the sign-in link mailed at the account-wide failure limit does.
 */
@Service
class PasswordReset {

    private final ConsultantService consultants;
    private final AccountLinks links;
    private final Passwords passwords;
    private final LoginTokens tokens;
    private final LoginThrottle throttle;
    private final TransactionalOperator transactions;
    private final Clock clock;

    PasswordReset(ConsultantService consultants, AccountLinks links, Passwords passwords, LoginTokens tokens, LoginThrottle throttle,
                  TransactionalOperator transactions, Clock clock) {
        this.throttle = throttle;
        this.consultants = consultants;
        this.links = links;
        this.passwords = passwords;
        this.tokens = tokens;
        this.transactions = transactions;
        this.clock = clock;
    }

    Mono<Void> requestLink(String rawEmail) {
        EmailAddress email;
        try {
            email = EmailAddress.parse(rawEmail);
        } catch (IllegalArgumentException invalid) {
            return Mono.error(new InvalidInputException("email", invalid.getMessage()));
        }
        return transactions.transactional(consultants.findByEmail(email)
                .flatMap(loaded -> links.issue(loaded.consultant(), LinkPurpose.PASSWORD_RESET)));
    }

    Mono<Void> reset(String token, String newPassword) {
        FieldErrors errors = new FieldErrors();
        errors.parse("newPassword", () -> passwords.acceptable(newPassword));
        errors.throwIfAny();
        return passwords.hash(newPassword).flatMap(hash -> transactions.transactional(
                links.redeem(token, LinkPurpose.PASSWORD_RESET)
                        .switchIfEmpty(Mono.error(() -> new InvalidInputException("token", "is invalid, already used or expired")))
                        // The row lock orders the reset after a concurrent profile edit or admin decision instead of failing on it.
                        .flatMap(consultants::findByIdForUpdate)
                        .flatMap(loaded -> {
                            var consultant = loaded.consultant();
                            consultant.changePasswordHash(hash, clock.instant());
                            // Receiving the link proves the mailbox, so a reset also verifies the email.
                            consultant.verifyEmail(clock.instant());
                            // The link proves the mailbox: failures counted against the account no longer hold the owner back.
                            return consultants.save(consultant, loaded.rowVersion())
                                    .then(tokens.revokeAll(consultant.id(), "PASSWORD_RESET"))
                                    .then(throttle.forgiveAccount("consultant:" + consultant.email().value()));
                        })));
    }
}
