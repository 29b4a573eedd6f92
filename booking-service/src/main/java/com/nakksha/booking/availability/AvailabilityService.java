package com.nakksha.booking.availability;

import com.nakksha.booking.BookingProperties;
import com.nakksha.booking.consultant.ConsultantService;
import reactor.core.publisher.Mono;

import java.time.Clock;
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

    /** The consultant's availability, or the initial one (no hours, in the profile's zone) before it was set. */
    public Mono<Availability> of(UUID consultantId) {
        return availabilities.find(consultantId)
                .switchIfEmpty(Mono.defer(() -> consultants.find(consultantId)
                        .flatMap(profile -> Mono.justOrEmpty(profile.zone()))
                        .defaultIfEmpty(properties.defaultTimeZone())
                        .map(Availability::initial)));
    }

    public Mono<Availability> replace(UUID consultantId, AvailabilityDocument document) {
        return Mono.fromCallable(document::toAvailability)
                .flatMap(availability -> availabilities.save(consultantId, availability, clock.instant())
                        .thenReturn(availability));
    }
}
