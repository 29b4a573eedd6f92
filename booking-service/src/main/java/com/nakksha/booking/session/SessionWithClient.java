package com.nakksha.booking.session;

/** A session with the client's name and email, as lists show it. */
public record SessionWithClient(Session session, String clientName, String clientEmail) {
}
