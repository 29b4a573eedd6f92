package com.nakksha.booking.session;

import com.nakksha.booking.session.SessionRequests.NewSession;
import com.nakksha.defaults.idempotency.IdempotencyKeys;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The consultant's {@code POST /api/v1/sessions} with an optional {@code Idempotency-Key}: without one, a retry after
 * a lost answer finds its own session in the way (409 "Slot taken", or "Client exists" for its new client). The key
 * is claimed in the transaction that books, and completed there with the new session's id, so a rollback forgets
 * both; the same key and body then answer that session, another body 422 (service-defaults' {@link IdempotencyKeys},
 * kept for its retention).
 */
@Service
class ManualSessionKeys {

    private final SessionService sessions;
    private final IdempotencyKeys keys;
    private final TransactionalOperator transactions;
    private final JsonMapper json;

    ManualSessionKeys(SessionService sessions, IdempotencyKeys keys, TransactionalOperator transactions, JsonMapper json) {
        this.sessions = sessions;
        this.keys = keys;
        this.transactions = transactions;
        this.json = json;
    }

    /**
     * Books the consultant's session, or answers the one an earlier request with {@code idempotencyKey} booked.
     *
     * @param idempotencyKey null books without a key
     * @return the session's id
     * @throws com.nakksha.defaults.problem.InvalidInputException (400) on {@code Idempotency-Key} when it is blank or
     *         longer than 200 characters, and as {@link SessionService#createManual}
     * @throws com.nakksha.defaults.problem.UnprocessableProblem (422) when the key came with another body before
     */
    Mono<UUID> create(UUID consultantId, String idempotencyKey, NewSession request) {
        Mono<UUID> booked = Mono.defer(() -> sessions.createManual(consultantId, request)).map(created -> created.session().id());
        if (idempotencyKey == null) {
            return booked;
        }
        String scope = "manual-session:" + consultantId;
        return transactions.transactional(keys.claim(scope, idempotencyKey, IdempotencyKeys.hash(json.writeValueAsString(request)))
                .map(earlier -> UUID.fromString(earlier.body()))
                .switchIfEmpty(booked.flatMap(id -> keys.complete(scope, idempotencyKey, HttpStatus.CREATED.value(), id.toString())
                        .thenReturn(id))));
    }
}
