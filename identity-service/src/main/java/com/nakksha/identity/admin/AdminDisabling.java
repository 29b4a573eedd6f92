package com.nakksha.identity.admin;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import com.nakksha.defaults.problem.ConflictProblem;
import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.identity.audit.SecurityEvents;
import com.nakksha.identity.token.LoginTokens;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Disabling an admin (a departed colleague, a suspected takeover): the admin can no longer log in or
 * refresh, and every refresh token is revoked in the same transaction. Access tokens already issued
 * end with their lifetime (at most 15 minutes). An admin cannot disable themselves, so the last
 * admin cannot lock the platform out.
 */
@Service
class AdminDisabling {

    private final AdminAccounts admins;
    private final AdminAccountService accounts;
    private final LoginTokens tokens;
    private final AuditLog audit;
    private final SecurityEvents securityEvents;
    private final TransactionalOperator transactions;
    private final Clock clock;

    AdminDisabling(AdminAccounts admins, AdminAccountService accounts, LoginTokens tokens, AuditLog audit,
                   SecurityEvents securityEvents, TransactionalOperator transactions, Clock clock) {
        this.admins = admins;
        this.accounts = accounts;
        this.tokens = tokens;
        this.audit = audit;
        this.securityEvents = securityEvents;
        this.transactions = transactions;
        this.clock = clock;
    }

    Mono<Void> disable(UUID actorId, UUID adminId, String totpCode) {
        if (actorId.equals(adminId)) {
            return Mono.error(new ConflictProblem("Cannot disable yourself", "Another admin must disable this account"));
        }
        return accounts.freshCodeAccepted(actorId, totpCode)
                .flatMap(fresh -> fresh ? Mono.empty() : Mono.<Void>error(FreshSecondFactorRequired::new))
                .then(transactions.transactional(admins.findById(adminId)
                        .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Admin")))
                        .flatMap(target -> admins.disable(adminId, clock.instant()))
                        .flatMap(changed -> changed
                                ? tokens.revokeAll(adminId, "ADMIN_DISABLED")
                                        .flatMap(revoked -> audit.record(actorId, "ADMIN_DISABLED", "ADMIN", adminId,
                                                Map.of("refreshTokensRevoked", revoked)))
                                        .then(securityEvents.record(SecurityEvents.Kind.ADMIN_DISABLED, "ADMIN", adminId, null, null,
                                                Map.of("by", actorId.toString())))
                                : Mono.empty())));
    }
}
