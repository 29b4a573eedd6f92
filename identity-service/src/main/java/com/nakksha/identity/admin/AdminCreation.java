package com.nakksha.identity.admin;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import com.nakksha.defaults.problem.ConflictProblem;
import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.identity.account.EmailAddress;
import com.nakksha.identity.password.Passwords;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Admins create admins; the first one comes from configuration ({@link BootstrapAdmin}). */
@Service
class AdminCreation {

    private final AdminAccounts admins;
    private final Passwords passwords;
    private final AuditLog audit;
    private final TransactionalOperator transactions;
    private final AdminAccountService accounts;
    private final Clock clock;

    AdminCreation(AdminAccounts admins, Passwords passwords, AuditLog audit, TransactionalOperator transactions,
                  AdminAccountService accounts, Clock clock) {
        this.accounts = accounts;
        this.admins = admins;
        this.passwords = passwords;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * @param totpCode a current code of the creator's authenticator: creating an admin needs a fresh
     *        second factor, not just a token (403 otherwise)
     */
    Mono<AdminAccount> create(UUID creatorId, String rawEmail, String fullName, String password, String totpCode) {
        FieldErrors errors = new FieldErrors();
        EmailAddress email = errors.parse("email", () -> EmailAddress.parse(rawEmail));
        errors.parse("password", () -> passwords.acceptable(password));
        errors.throwIfAny();
        UUID id = UUID.randomUUID();
        return accounts.freshCodeAccepted(creatorId, totpCode)
                .flatMap(fresh -> fresh ? Mono.empty() : Mono.error(FreshSecondFactorRequired::new))
                .then(passwords.hash(password)).flatMap(hash -> transactions.transactional(
                admins.insertIfAbsent(id, email, hash, fullName.strip(), creatorId, clock.instant())
                        .flatMap(created -> created
                                ? audit.record(creatorId, "ADMIN_CREATED", "ADMIN", id, Map.of("email", email.value()))
                                        .then(admins.findById(id))
                                : Mono.error(new ConflictProblem("Email already registered", "An admin with this email already exists")))));
    }
}
