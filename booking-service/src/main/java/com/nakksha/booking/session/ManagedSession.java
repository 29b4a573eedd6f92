package com.nakksha.booking.session;

/**
 * A session a client's manage link opens, with the zone its client booked in.
 *
 * @param clientTimeZone IANA id the client gave when booking; null when they gave none
 */
public record ManagedSession(Session session, String clientTimeZone) {
}
