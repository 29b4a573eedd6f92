package com.nakksha.booking.availability;

import com.github.benmanes.caffeine.cache.Cache;
import com.nakksha.booking.BookingProperties;
import com.nakksha.booking.consultant.ConsultantProfile;
import com.nakksha.booking.consultant.ConsultantService;
import com.nakksha.defaults.commit.CommitWrites;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;

@Service
public class AvailabilityService {

    private final AvailabilityRepository availabilities;
    private final ConsultantService consultants;
    private final CommitWrites commitWrites;
    private final BookingProperties properties;
    private final Clock clock;
    private final Cache<UUID, AvailabilityRepository.Versioned> recentlyRead;

    AvailabilityService(AvailabilityRepository availabilities, ConsultantService consultants, CommitWrites commitWrites,
                        BookingProperties properties, Clock clock) {
        this.availabilities = availabilities;
        this.consultants = consultants;
        this.commitWrites = commitWrites;
        this.properties = properties;
        this.clock = clock;
        this.recentlyRead = properties.recentReads().newCache();
    }

    /**
     * The consultant's availability, or the initial one (no hours) before it was set, in the one
     * zone of the consultant: the profile's (identity's), which the stored rules follow with their
     * wall-clock times kept when it changes; the configured default before a profile arrived.
     */
    public Mono<Availability> of(UUID consultantId) {
        return zoneOf(consultantId).flatMap(zone -> inZone(consultantId, zone));
    }

    /**
     * As {@link #of(UUID)}, in the zone of a profile the caller has just read (the public page's), so that the
     * profile is not read a second time.
     */
    public Mono<Availability> of(ConsultantProfile profile) {
        return inZone(profile.consultantId(), profile.zone());
    }

    /**
     * As {@link #of(ConsultantProfile)}, maybe as read for an earlier public booking (within
     * {@code nakksha.booking.recent-reads}), and required unchanged at the commit of the caller's transaction: a change
     * since fails the commit with {@link com.nakksha.defaults.commit.ChangedSinceReadException} and forgets the read,
     * so the caller's retry reads again. The check rides on the commit's statement, so a kept read costs no round trip.
     *
     * @return fails with {@link IllegalStateException} outside a transaction
     */
    public Mono<Availability> ofRequiredUnchangedAtCommit(ConsultantProfile profile) {
        UUID consultantId = profile.consultantId();
        AvailabilityRepository.Versioned kept = recentlyRead.getIfPresent(consultantId);
        Mono<AvailabilityRepository.Versioned> read = kept != null ? Mono.just(kept)
                : availabilities.findVersioned(consultantId).doOnNext(found -> recentlyRead.put(consultantId, found));
        return read.flatMap(versioned -> {
            Map<String, Object> version = new LinkedHashMap<>();
            version.put("consultant", consultantId);
            version.put("version", Parameter.fromOrEmpty(versioned.rowVersion(), Long.class));
            return commitWrites.atCommit(CommitWrites.Write.unchanged(AvailabilityRepository.UNCHANGED, version,
                            "the availability of consultant " + consultantId, () -> recentlyRead.invalidate(consultantId)))
                    .thenReturn(storedOrInitial(versioned.stored(), profile.zone()));
        });
    }

    /** Forgets the availability kept by {@link #ofRequiredUnchangedAtCommit}, so that the next call reads it. */
    public void forgetRecentRead(UUID consultantId) {
        recentlyRead.invalidate(consultantId);
    }

    private Mono<Availability> inZone(UUID consultantId, Optional<ZoneId> zone) {
        return availabilities.find(consultantId)
                .map(stored -> storedOrInitial(stored, zone))
                .switchIfEmpty(Mono.fromSupplier(() -> storedOrInitial(null, zone)));
    }

    /** In the zone given; {@code stored} null (before the consultant set any) is the initial availability, with no hours. */
    private Availability storedOrInitial(Availability stored, Optional<ZoneId> zone) {
        if (stored == null) {
            return Availability.initial(zone.orElse(properties.defaultTimeZone()));
        }
        return zone.map(stored::inZone).orElse(stored);
    }

    /**
     * Replaces the rules. Their zone is the profile's: {@code timeZone} may be left out, and one that
     * differs from the profile's is refused (400 on {@code timeZone}), since the zone is changed in
     * the profile. Before a profile arrived, the document's zone (or the default) is used.
     */
    public Mono<Availability> replace(UUID consultantId, AvailabilityDocument document) {
        return zoneOf(consultantId)
                .map(zone -> document.inProfileZone(zone.orElse(null), properties.defaultTimeZone()).toAvailability())
                .flatMap(availability -> availabilities.save(consultantId, availability, clock.instant())
                        .doOnSuccess(saved -> recentlyRead.invalidate(consultantId))
                        .thenReturn(availability));
    }

    private Mono<Optional<ZoneId>> zoneOf(UUID consultantId) {
        return consultants.find(consultantId).map(ConsultantProfile::zone).defaultIfEmpty(Optional.empty());
    }
}
