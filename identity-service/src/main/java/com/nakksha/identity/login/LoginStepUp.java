package com.nakksha.identity.login;

import java.time.Clock;
import java.util.Map;

import com.nakksha.identity.account.EmailAddress;
import com.nakksha.identity.audit.SecurityEvents;
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
 * single-use sign-in link (ConsultantLoginLinkRequested, sent by notification-service); using it
 * ({@link LoginLink}) proves the mailbox, signs the owner in with the password unchanged and lifts the
 * account's block ({@link LoginThrottle#forgiveAccount}). At most one such mail per login window, so
 * the guesser cannot flood the owner's inbox; unknown emails get the same answer and no mail. Admins
 * never get one: it would stand in for their second factor.
 */
@Component
class LoginStepUp {

    private final ConsultantService consultants;
    private final AccountLinks links;
    private final LoginProperties properties;
    private final SecurityEvents events;
    private final TransactionalOperator transactions;
    private final Clock clock;

    LoginStepUp(ConsultantService consultants, AccountLinks links, LoginProperties properties, SecurityEvents events,
                TransactionalOperator transactions, Clock clock) {
        this.consultants = consultants;
        this.links = links;
        this.properties = properties;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Mails a sign-in link unless one went out within the login window; {@code address} is the caller's, for the audit. */
    Mono<Void> offer(EmailAddress email, String address) {
        return transactions.transactional(consultants.findByEmail(email)
                .filterWhen(loaded -> links.issuedSince(loaded.consultant().id(), LinkPurpose.LOGIN_LINK,
                        clock.instant().minus(properties.window())).map(recent -> !recent))
                .flatMap(loaded -> links.issue(loaded.consultant(), LinkPurpose.LOGIN_LINK)
                        .then(events.record(SecurityEvents.Kind.LOGIN_LINK_SENT, "CONSULTANT", loaded.consultant().id(),
                                email.value(), address, Map.of()))));
    }
}
