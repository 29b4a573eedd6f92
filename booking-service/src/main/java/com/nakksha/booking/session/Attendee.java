package com.nakksha.booking.session;

import java.util.Objects;
import java.util.UUID;

/**
 * The client a session is booked for, as the SessionBooked event tells notification and analytics.
 *
 * @param phone with its country code; null when the client gave none
 */
public record Attendee(UUID clientId, String name, String email, String phone) {

    public Attendee {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
    }
}
