package com.nakksha.booking.consultant;

import reactor.core.publisher.Mono;

import java.util.UUID;

import org.springframework.stereotype.Service;

/** What other features read about a consultant, from the replica of identity's events. */
@Service
public class ConsultantService {

    /** The currency of a consultant whose profile has not arrived yet. */
    static final String DEFAULT_CURRENCY = "INR";

    private final ConsultantProfileRepository profiles;

    ConsultantService(ConsultantProfileRepository profiles) {
        this.profiles = profiles;
    }

    /** The consultant's profile; empty before identity's first event about them arrived. */
    public Mono<ConsultantProfile> find(UUID consultantId) {
        return profiles.findById(consultantId);
    }

    /** The profile that has this slug now (slugs move between consultants); empty when none has it. */
    public Mono<ConsultantProfile> findBySlug(String slug) {
        return profiles.findBySlug(slug);
    }

    /** The ISO 4217 code prices and totals of this consultant are in. */
    public Mono<String> currencyOf(UUID consultantId) {
        return profiles.findById(consultantId).map(ConsultantProfile::currency).defaultIfEmpty(DEFAULT_CURRENCY);
    }
}
