package com.nakksha.booking.consultant;

import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import org.springframework.stereotype.Service;

/** What other features read about a consultant, from the replica of identity's events. */
@Service
public class ConsultantService {

    /** The currency of a consultant whose profile has not arrived yet. */
    static final String DEFAULT_CURRENCY = "INR";

    private final ConsultantProfileRepository profiles;
    private final Clock clock;

    ConsultantService(ConsultantProfileRepository profiles, Clock clock) {
        this.profiles = profiles;
        this.clock = clock;
    }

    /** The consultant's profile; empty before identity's first event about them arrived. */
    public Mono<ConsultantProfile> find(UUID consultantId) {
        return profiles.findById(consultantId);
    }

    /**
     * The profile that has this slug now (slugs move between consultants); empty when none has it.
     * Slugs are lower-case (identity's rule), so the slug is found in any letter case.
     */
    public Mono<ConsultantProfile> findBySlug(String slug) {
        return profiles.findBySlug(slug.toLowerCase(Locale.ROOT));
    }

    /**
     * The slug now held by the consultant who left {@code retiredSlug} less than {@code redirectFor}
     * ago (any letter case), unless someone else holds {@code retiredSlug} now; empty otherwise.
     */
    public Mono<String> slugReplacing(String retiredSlug, Duration redirectFor) {
        String slug = retiredSlug.toLowerCase(Locale.ROOT);
        return profiles.findBySlug(slug).hasElement().flatMap(held -> held
                ? Mono.empty() : profiles.slugReplacing(slug, clock.instant().minus(redirectFor)));
    }

    /** The ISO 4217 code prices and totals of this consultant are in. */
    public Mono<String> currencyOf(UUID consultantId) {
        return profiles.findById(consultantId).map(ConsultantProfile::currency).defaultIfEmpty(DEFAULT_CURRENCY);
    }
}
