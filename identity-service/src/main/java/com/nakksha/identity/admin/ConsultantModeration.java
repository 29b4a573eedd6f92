package com.nakksha.identity.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.identity.consultant.Consultant;
import com.nakksha.identity.consultant.ConsultantEvent;
import com.nakksha.identity.consultant.ConsultantService;
import com.nakksha.identity.consultant.ConsultantStatus;
import com.nakksha.identity.token.LoginTokens;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Admin decisions on consultant accounts. Each one stores the new status, its event and the audit
 * entry in one transaction; a suspension also revokes the consultant's refresh tokens, so it takes effect
 * within one access-token lifetime. The event is what mails the consultant (notification-service).
 *
 * <p>A decision repeated on an account it already brought to its status (approve an account it approved, suspend
 * one it suspended, ...) is a retry whose first answer was lost: it is answered 200 with the account as it stands,
 * as the first try was, and does nothing else: no write, no event (so no second mail), no audit entry, no token
 * revocation (RFC 9110 §9.2.2). A differing reason in the repeat changes nothing either; the first one stays. The
 * row lock queues concurrent tries, so only one of them applies the decision.
 */
@Service
class ConsultantModeration {

    enum Action {
        APPROVE, REJECT, SUSPEND, REINSTATE
    }

    private final ConsultantService consultants;
    private final AuditLog audit;
    private final LoginTokens tokens;
    private final TransactionalOperator transactions;
    private final Clock clock;

    ConsultantModeration(ConsultantService consultants, AuditLog audit, LoginTokens tokens,
                         TransactionalOperator transactions, Clock clock) {
        this.consultants = consultants;
        this.audit = audit;
        this.tokens = tokens;
        this.transactions = transactions;
        this.clock = clock;
    }

    Mono<Consultant> apply(UUID adminId, UUID consultantId, Action action, String reason) {
        if ((action == Action.REJECT || action == Action.SUSPEND) && (reason == null || reason.isBlank())) {
            return Mono.error(new InvalidInputException("reason", "must not be blank"));
        }
        return transactions.transactional(consultants.findByIdForUpdate(consultantId)
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Consultant")))
                .flatMap(loaded -> {
                    Consultant consultant = loaded.consultant();
                    ConsultantStatus before = consultant.status();
                    Instant now = clock.instant();
                    // A change the status does not allow throws StatusChangeRefused, answered 409 by the problem handler.
                    List<ConsultantEvent> raised = switch (action) {
                        case APPROVE -> consultant.approve(adminId, now);
                        case REJECT -> consultant.reject(adminId, reason, now);
                        case SUSPEND -> consultant.suspend(adminId, reason, now);
                        case REINSTATE -> consultant.reinstate(adminId, now);
                    };
                    if (raised.isEmpty()) {
                        // A repeat of the decision that brought the account here: answered as it stands, nothing else.
                        return Mono.just(consultant);
                    }
                    Map<String, Object> changes = new LinkedHashMap<>();
                    changes.put("status", Map.of("from", before.name(), "to", consultant.status().name()));
                    if (consultant.statusReason() != null) {
                        changes.put("reason", consultant.statusReason());
                    }
                    Mono<Long> revoke = action == Action.SUSPEND ? tokens.revokeAll(consultantId, "SUSPENDED") : Mono.just(0L);
                    return consultants.save(consultant, loaded.rowVersion(), raised)
                            .then(revoke)
                            .then(audit.record(adminId, "CONSULTANT_" + action.name(), "CONSULTANT", consultantId, changes))
                            .thenReturn(consultant);
                }));
    }
}
