package com.nakksha.booking.publicpage;

import com.nakksha.booking.BookingProperties;
import com.nakksha.booking.consultant.ConsultantProfile;
import com.nakksha.booking.consultant.ConsultantService;
import com.nakksha.defaults.problem.NotFoundProblem;
import reactor.core.publisher.Mono;

import java.util.UUID;
import java.util.function.Predicate;

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
        return onlyPublic(slug, consultants.findBySlug(slug), ConsultantProfile::isPublic);
    }

    /**
     * As {@link #publicProfile}, maybe as read for an earlier booking, for a transaction that then calls
     * {@link #requireUnchangedAtCommit}.
     */
    Mono<ConsultantService.SlugRead> publicProfileReadRecently(String slug) {
        return onlyPublic(slug, consultants.findBySlugReadRecently(slug), read -> read.profile().isPublic());
    }

    /**
     * Fails the caller's transaction at commit unless the page still leads to the profile as read
     * ({@link ConsultantService#requireUnchangedAtCommit}): a consultant suspended or re-priced meanwhile books nothing.
     */
    Mono<Void> requireUnchangedAtCommit(ConsultantService.SlugRead read) {
        return consultants.requireUnchangedAtCommit(read);
    }

    /**
     * Forgets the profile {@link #publicProfileReadRecently} keeps for the page.
     *
     * @return its consultant, or null when none was kept
     */
    UUID forgetRecentRead(String slug) {
        return consultants.forgetRecentRead(slug);
    }

    private <T> Mono<T> onlyPublic(String slug, Mono<T> found, Predicate<T> isPublic) {
        return found
                .switchIfEmpty(Mono.defer(() -> consultants.slugReplacing(slug, properties.retiredSlugRedirect())
                        .flatMap(current -> Mono.error(new SlugMoved(current)))))
                .filter(isPublic)
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Consultant page " + slug)));
    }
}
