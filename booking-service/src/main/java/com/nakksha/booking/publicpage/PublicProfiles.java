package com.nakksha.booking.publicpage;

import com.nakksha.booking.BookingProperties;
import com.nakksha.booking.consultant.ConsultantProfile;
import com.nakksha.booking.consultant.ConsultantService;
import com.nakksha.defaults.problem.NotFoundProblem;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Finds the consultant behind a public page: only an approved one that is not suspended has a page.
 * The slug is matched in any letter case; a slug its consultant left less than
 * {@code nakksha.booking.retired-slug-redirect} ago (and nobody took since) ends in {@link SlugMoved}.
 */
@Component
class PublicProfiles {

    /** The page moved: the consultant's slug is now {@code slug}. */
    static final class SlugMoved extends RuntimeException {

        private final String slug;

        SlugMoved(String slug) {
            super("moved to " + slug, null, false, false);
            this.slug = slug;
        }

        String slug() {
            return slug;
        }
    }

    private final ConsultantService consultants;
    private final BookingProperties properties;

    PublicProfiles(ConsultantService consultants, BookingProperties properties) {
        this.consultants = consultants;
        this.properties = properties;
    }

    Mono<ConsultantProfile> publicProfile(String slug) {
        return consultants.findBySlug(slug)
                .switchIfEmpty(Mono.defer(() -> consultants.slugReplacing(slug, properties.retiredSlugRedirect())
                        .flatMap(current -> Mono.error(new SlugMoved(current)))))
                .filter(ConsultantProfile::isPublic)
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Consultant page " + slug)));
    }
}
