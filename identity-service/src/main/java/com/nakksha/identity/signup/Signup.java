package com.nakksha.identity.signup;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.identity.account.EmailAddress;
import com.nakksha.identity.consultant.Consultant;
import com.nakksha.identity.consultant.ConsultantService;
import com.nakksha.identity.consultant.PhoneNumber;
import com.nakksha.identity.consultant.Profile;
import com.nakksha.identity.consultant.Slug;
import com.nakksha.identity.emaillink.AccountLinks;
import com.nakksha.identity.emaillink.LinkPurpose;
import com.nakksha.identity.password.Passwords;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Creates consultant accounts (pending approval, email unverified) and verifies their emails. */
@Service
class Signup {

    private final ConsultantService consultants;
    private final AccountLinks links;
    private final Passwords passwords;
    private final TransactionalOperator transactions;
    private final Clock clock;

    Signup(ConsultantService consultants, AccountLinks links, Passwords passwords,
           TransactionalOperator transactions, Clock clock) {
        this.consultants = consultants;
        this.links = links;
        this.passwords = passwords;
        this.transactions = transactions;
        this.clock = clock;
    }

    Mono<Consultant> signUp(SignupController.SignupRequest request) {
        FieldErrors errors = new FieldErrors();
        EmailAddress email = errors.parse("email", () -> EmailAddress.parse(request.email()));
        String countryCode = errors.parse("phoneCountryCode", () -> PhoneNumber.parseCountryCode(request.phoneCountryCode()));
        String number = errors.parse("phoneNumber", () -> PhoneNumber.parseNumber(request.phoneNumber()));
        errors.parse("password", () -> passwords.acceptable(request.password()));
        errors.throwIfAny();
        String firstName = request.firstName().strip();
        String lastName = request.lastName().strip();
        PhoneNumber phone = new PhoneNumber(countryCode, number);

        return passwords.hash(request.password())
                .flatMap(hash -> Mono.defer(() -> register(email, hash, firstName, lastName, phone))
                        // Signups of one name queue for their slugs (freeSlug); a consultant who typed the picked slug
                        // into their profile meanwhile makes the insert clash, and the signup picks the next free one.
                        .retryWhen(Retry.max(3).filter(Signup::isSlugClash))
                        // Two signups racing with one email: the unique index decides, the loser is answered as a taken email.
                        .onErrorResume(DataIntegrityViolationException.class,
                                race -> transactions.transactional(alreadyRegistered(email, hash, firstName, lastName, phone))));
    }

    private Mono<Consultant> register(EmailAddress email, String hash, String firstName, String lastName, PhoneNumber phone) {
        return transactions.transactional(consultants.emailTaken(email)
                .flatMap(taken -> taken
                        ? alreadyRegistered(email, hash, firstName, lastName, phone)
                        : consultants.freeSlug(Slug.fromName(firstName, lastName)).flatMap(slug -> {
                            Instant now = clock.instant();
                            Consultant.Registration registration = Consultant.register(UUID.randomUUID(), email, hash,
                                    Profile.initial(firstName, lastName, phone, slug), now);
                            Consultant consultant = registration.consultant();
                            return consultants.register(registration)
                                    .then(links.issue(consultant, LinkPurpose.EMAIL_VERIFICATION))
                                    .thenReturn(consultant);
                        })));
    }

    /**
     * A signup for a registered email answers exactly as a new one would (a consultant that is never
     * stored), so signup does not reveal who has an account; the owner is mailed a password-reset link
     * instead (the ConsultantEmailLinkRequested event notification-service already sends), which is
     * what someone who forgot having an account needs.
     */
    private Mono<Consultant> alreadyRegistered(EmailAddress email, String hash, String firstName, String lastName, PhoneNumber phone) {
        return consultants.findByEmail(email)
                .flatMap(owner -> links.issue(owner.consultant(), LinkPurpose.PASSWORD_RESET))
                .then(consultants.freeSlug(Slug.fromName(firstName, lastName)))
                .map(slug -> Consultant.register(UUID.randomUUID(), email, hash, Profile.initial(firstName, lastName, phone, slug),
                        clock.instant()).consultant());
    }

    private static boolean isSlugClash(Throwable error) {
        return error instanceof DataIntegrityViolationException && String.valueOf(error.getMessage()).contains("consultant_slug_key");
    }

    /**
     * Redeems a verification link; 204. A link already redeemed is answered 204 again, changing nothing, while it
     * is within its validity and the email is verified: the repeat is a retry whose answer was lost, a mail client
     * that pre-fetched the link, or a double click (RFC 9110 §9.2.2), and the state it asks for holds. Unknown,
     * expired, tampered and other-purpose tokens, links replaced by a newer one, and a redeemed link whose effect
     * no longer holds stay 400. Sign-in and password-reset links keep strict single use.
     */
    Mono<Void> verifyEmail(String token) {
        return transactions.transactional(links.redeem(token, LinkPurpose.EMAIL_VERIFICATION)
                // The row lock orders this write after a concurrent profile edit or admin decision instead of failing on it.
                .flatMap(consultantId -> consultants.findByIdForUpdate(consultantId)
                        .flatMap(loaded -> {
                            loaded.consultant().verifyEmail(clock.instant());
                            return consultants.save(loaded.consultant(), loaded.rowVersion());
                        })
                        .thenReturn(true))
                .switchIfEmpty(Mono.defer(() -> links.redeemedBefore(token, LinkPurpose.EMAIL_VERIFICATION)
                        .flatMap(consultants::findById)
                        .filter(loaded -> loaded.consultant().emailVerified())
                        .map(verified -> true)))
                .switchIfEmpty(Mono.error(() -> new InvalidInputException("token", "is invalid, already used or expired")))
                .then());
    }

    Mono<Void> resendVerification(String rawEmail) {
        EmailAddress email;
        try {
            email = EmailAddress.parse(rawEmail);
        } catch (IllegalArgumentException invalid) {
            return Mono.error(new InvalidInputException("email", invalid.getMessage()));
        }
        return transactions.transactional(consultants.findByEmail(email)
                .filter(loaded -> !loaded.consultant().emailVerified())
                .flatMap(loaded -> links.issue(loaded.consultant(), LinkPurpose.EMAIL_VERIFICATION)));
    }
}
