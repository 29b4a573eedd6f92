package com.nakksha.notification.contact;

import java.time.ZoneId;
import java.util.UUID;

/**
 * What mails need to know about a consultant, from identity's events.
 *
 * @param email null until ConsultantRegistered arrived
 * @param timeZone IANA zone from the profile; null before the first ConsultantProfileUpdated
 */
public record Contact(UUID consultantId, String email, String firstName, String lastName, String timeZone) {

    public String fullName() {
        String first = firstName == null ? "" : firstName;
        String last = lastName == null ? "" : lastName;
        return (first + " " + last).strip();
    }

    /** The consultant's zone, or {@code fallback} while the profile has none. */
    public ZoneId zoneOr(ZoneId fallback) {
        return timeZone == null ? fallback : ZoneId.of(timeZone);
    }
}
