package com.nakksha.booking.publicpage;

import com.nakksha.booking.consultant.ConsultantProfile;
import com.nakksha.booking.consultant.ConsultantService;
import com.nakksha.defaults.problem.NotFoundProblem;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Finds the consultant behind a public page: only an approved one that is not suspended has a page. */
@Component
class PublicProfiles {

    private final ConsultantService consultants;

    PublicProfiles(ConsultantService consultants) {
        this.consultants = consultants;
    }

    Mono<ConsultantProfile> publicProfile(String slug) {
        return consultants.findBySlug(slug)
                .filter(ConsultantProfile::isPublic)
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Consultant page " + slug)));
    }
}
