package com.nakksha.booking.availability;

import com.nakksha.booking.BookingProperties;
import com.nakksha.booking.consultant.ConsultantProfile;
import com.nakksha.booking.consultant.ConsultantService;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

@Service
public class AvailabilityService {

    private final AvailabilityRepository availabilities;
    private final ConsultantService consultants;
    private final BookingProperties properties;
    private final Clock clock;

    AvailabilityService(AvailabilityRepository availabilities, ConsultantService consultants,
                        BookingProperties properties, Clock clock) {
        this.availabilities = availabilities;
        this.consultants = consultants;
        this.properties = properties;
        this.clock = clock;
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

    private Mono<Availability> inZone(UUID consultantId, Optional<ZoneId> zone) {
        return availabilities.find(consultantId)
                .map(stored -> zone.map(stored::inZone).orElse(stored))
                .switchIfEmpty(Mono.fromSupplier(() -> Availability.initial(zone.orElse(properties.defaultTimeZone()))));
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
                        .thenReturn(availability));
    }

    private Mono<Optional<ZoneId>> zoneOf(UUID consultantId) {
        return consultants.find(consultantId).map(ConsultantProfile::zone).defaultIfEmpty(Optional.empty());
    }
}
