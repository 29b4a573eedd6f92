package com.nakksha.booking.consultant;

import com.github.benmanes.caffeine.cache.Cache;
import com.nakksha.booking.BookingProperties;
import com.nakksha.defaults.commit.CommitWrites;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;

/** What other features read about a consultant, from the replica of identity's events. */
@Service
public class ConsultantService {

    /** The currency of a consultant whose profile has not arrived yet. */
    static final String DEFAULT_CURRENCY = "INR";

    /**
     * The profile a slug led to, at the version of its row (Postgres' {@code xmin}) when read.
     *
     * @param slug lower-case, as looked up
     */
    public record SlugRead(String slug, ConsultantProfile profile, long rowVersion) {
    }

    private final ConsultantProfileRepository profiles;
    private final CommitWrites commitWrites;
    private final Clock clock;
    private final Cache<String, SlugRead> recentBySlug;

    ConsultantService(ConsultantProfileRepository profiles, CommitWrites commitWrites, BookingProperties properties,
                      Clock clock) {
        this.profiles = profiles;
        this.commitWrites = commitWrites;
        this.clock = clock;
        this.recentBySlug = properties.recentReads().newCache();
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
     * As {@link #findBySlug}, maybe as read for an earlier caller (within {@code nakksha.booking.recent-reads}), for a
     * caller whose transaction then calls {@link #requireUnchangedAtCommit}: the one round trip of the check rides on
     * the commit's statement, so a kept read costs none. Only profiles with a public page are kept: one without is
     * read again each time, so its page opens as soon as it is approved, whichever instance applied the approval.
     */
    public Mono<SlugRead> findBySlugReadRecently(String slug) {
        String lowerCase = slug.toLowerCase(Locale.ROOT);
        SlugRead kept = recentBySlug.getIfPresent(lowerCase);
        if (kept != null) {
            return Mono.just(kept);
        }
        return profiles.findVersionBySlug(lowerCase).doOnNext(read -> {
            if (read.profile().isPublic()) {
                recentBySlug.put(lowerCase, read);
            }
        });
    }

    /**
     * Forgets the profile kept for {@code slug} by {@link #findBySlugReadRecently}, so that the next call reads it.
     *
     * @return the consultant whose profile was kept, or null when none was
     */
    public UUID forgetRecentRead(String slug) {
        SlugRead forgotten = recentBySlug.asMap().remove(slug.toLowerCase(Locale.ROOT));
        return forgotten == null ? null : forgotten.profile().consultantId();
    }

    /**
     * Requires at the commit of the caller's transaction that the slug still leads to the profile as {@code read};
     * otherwise the read is forgotten and the commit fails with
     * {@link com.nakksha.defaults.commit.ChangedSinceReadException}, rolling the transaction back.
     */
    public Mono<Void> requireUnchangedAtCommit(SlugRead read) {
        return commitWrites.atCommit(CommitWrites.Write.unchanged(ConsultantProfileRepository.SLUG_STILL_LEADS_TO,
                Map.of("slug", read.slug(), "consultant", read.profile().consultantId(), "version", read.rowVersion()),
                "the profile of page " + read.slug(), () -> recentBySlug.invalidate(read.slug())));
    }

    /** Forgets every profile kept by {@link #findBySlugReadRecently}, after the replica changed one. */
    void forgetRecentReads() {
        recentBySlug.invalidateAll();
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
