package com.nakksha.booking.policy;

import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.UUID;

import org.springframework.stereotype.Service;

/** The consultants' client policies, for their dashboard and for the client's manage link. */
@Service
public class ClientPolicyService {

    private final ClientPolicyRepository policies;
    private final Clock clock;

    ClientPolicyService(ClientPolicyRepository policies, Clock clock) {
        this.policies = policies;
        this.clock = clock;
    }

    /** The consultant's policy, {@link ClientPolicy#DEFAULT} until they set one. */
    public Mono<ClientPolicy> of(UUID consultantId) {
        return policies.find(consultantId).defaultIfEmpty(ClientPolicy.DEFAULT);
    }

    /** Replaces the consultant's policy; bookings made earlier follow the new one from now on. */
    public Mono<ClientPolicy> replace(UUID consultantId, ClientPolicy policy) {
        return policies.save(consultantId, policy, clock.instant()).thenReturn(policy);
    }
}
