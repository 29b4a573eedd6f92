package com.nakksha.identity.login;

import java.time.Clock;

import com.nakksha.identity.account.EmailAddress;
import com.nakksha.identity.consultant.ConsultantService;
import com.nakksha.identity.emaillink.AccountLinks;
import com.nakksha.identity.emaillink.LinkPurpose;
import com.nakksha.identity.throttle.LoginProperties;
import com.nakksha.identity.throttle.LoginThrottle;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The step-up offered when a consultant's email reached the account-wide failure limit (guesses from
 * many addresses): rather than refusing the owner until the window passes, the owner is mailed a
 * password-reset link (the ConsultantEmailLinkRequested event notification-service already sends);
 * using it proves the mailbox, sets a new password and lifts the account's block
 * ({@link LoginThrottle#forgiveAccount}). At most one such mail per login window, so the guesser
 * cannot flood the owner's inbox; unknown emails get the same answer and no mail.
 */
@Component
class LoginStepUp {

    private final ConsultantService consultants;
    private final AccountLinks links;
    private final LoginProperties properties;
    private final TransactionalOperator transactions;
    private final Clock clock;

    LoginStepUp(ConsultantService consultants, AccountLinks links, LoginProperties properties, TransactionalOperator transactions,
                Clock clock) {
        this.consultants = consultants;
        this.links = links;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    Mono<Void> offer(EmailAddress email) {
        return transactions.transactional(consultants.findByEmail(email)
                .filterWhen(loaded -> links.issuedSince(loaded.consultant().id(), LinkPurpose.PASSWORD_RESET,
                        clock.instant().minus(properties.window())).map(recent -> !recent))
                .flatMap(loaded -> links.issue(loaded.consultant(), LinkPurpose.PASSWORD_RESET)));
    }
}
