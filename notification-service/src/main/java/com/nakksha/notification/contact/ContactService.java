package com.nakksha.notification.contact;

import java.time.Clock;
import java.util.UUID;

import com.nakksha.defaults.time.RegionZones;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/** The consultant contact replica: kept from identity's events, read by the mail features. */
@Service
public class ContactService {

    private final ContactRepository contacts;
    private final Clock clock;

    ContactService(ContactRepository contacts, Clock clock) {
        this.contacts = contacts;
        this.clock = clock;
    }

    /** Empty before identity's first event about the consultant arrived. */
    public Mono<Contact> find(UUID consultantId) {
        return contacts.findById(consultantId);
    }

    public Mono<Void> registered(UUID consultantId, String email, String firstName, String lastName) {
        return contacts.registered(consultantId, email, firstName, lastName, clock.instant());
    }

    /**
     * Records an admin decision about the consultant's account; true when it is the newest the replica has seen, so
     * its mail is owed, false for an older decision delivered after a newer one (a re-driven record).
     *
     * @param consultantVersion the decision's {@code consultantVersion}; null from writers before the field, which
     *                          then counts as the newest (arrival order)
     */
    public Mono<Boolean> decided(UUID consultantId, Long consultantVersion) {
        return contacts.decided(consultantId, consultantVersion, clock.instant());
    }

    /**
     * @param timeZone IANA zone id; an id this JVM does not know is kept out (the old zone stays)
     * @param version identity's profile version; an older or equal one changes nothing
     */
    public Mono<Void> profileUpdated(UUID consultantId, String firstName, String lastName, String timeZone, long version) {
        String zone = RegionZones.known(timeZone) ? timeZone : null;
        return contacts.profileUpdated(consultantId, firstName, lastName, zone, version, clock.instant());
    }
}
