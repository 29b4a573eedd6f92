package com.nakksha.identity.login;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.edge.token.AccessTokenClaims;
import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.edge.token.Role;
import com.nakksha.identity.audit.SecurityEvents;
import com.nakksha.identity.consultant.ConsultantService;
import com.nakksha.identity.emaillink.AccountLinks;
import com.nakksha.identity.emaillink.LinkPurpose;
import com.nakksha.identity.throttle.LoginThrottle;
import com.nakksha.identity.token.LoginTokens;
import com.nakksha.identity.token.TokenPair;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Signing in with the single-use link {@link LoginStepUp} mailed at the account-wide failure limit. The
 * link proves the mailbox, so it signs in with the one-time token as the factor ({@code amr} ["otp"]),
 * verifies the email and lifts the account's login block; the password stays as it is and the
 * account's other logins go on. Like a password login, any approval state signs in and the token's
 * {@code approval} claim decides what opens. A token that is unknown, altered, of another purpose,
 * already used or expired is a 400 naming {@code token}, and an audited refusal.
 */
@Service
class LoginLink {

    private final AccountLinks links;
    private final ConsultantService consultants;
    private final LoginThrottle throttle;
    private final LoginTokens tokens;
    private final SecurityEvents events;
    private final TransactionalOperator transactions;
    private final Clock clock;

    LoginLink(AccountLinks links, ConsultantService consultants, LoginThrottle throttle, LoginTokens tokens, SecurityEvents events,
              TransactionalOperator transactions, Clock clock) {
        this.links = links;
        this.consultants = consultants;
        this.throttle = throttle;
        this.tokens = tokens;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** @param address the caller's address, for the audit */
    Mono<TokenPair> signIn(String token, String address) {
        return transactions.transactional(links.redeem(token, LinkPurpose.LOGIN_LINK)
                        // The row lock orders this after a concurrent profile edit or admin decision instead of failing on it.
                        .flatMap(consultants::findByIdForUpdate)
                        .flatMap(loaded -> {
                            var consultant = loaded.consultant();
                            Mono<Void> verify = consultant.verifyEmail(clock.instant())
                                    ? consultants.save(consultant, loaded.rowVersion())
                                    : Mono.empty();
                            return verify
                                    .then(throttle.forgiveAccount("consultant:" + consultant.email().value()))
                                    .then(events.record(SecurityEvents.Kind.LOGIN_LINK_USED, "CONSULTANT", consultant.id(),
                                            consultant.email().value(), address, Map.of()))
                                    .then(tokens.issue(consultant.id(), Role.CONSULTANT, ApprovalStatus.valueOf(consultant.status().name()),
                                            List.of(AccessTokenClaims.AMR_ONE_TIME_CODE)));
                        }))
                .switchIfEmpty(Mono.defer(() -> events.record(SecurityEvents.Kind.LOGIN_LINK_REFUSED, "CONSULTANT", null, null, address, Map.of())
                        .then(Mono.error(new InvalidInputException("token", "is invalid, already used or expired")))));
    }
}
