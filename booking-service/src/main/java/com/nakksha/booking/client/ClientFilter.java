package com.nakksha.booking.client;

import java.time.Instant;

/**
 * Which of a consultant's clients a list shows; null means any. Amounts are in minor units.
 *
 * @param leads whether the list shows the leads (true) or the clients (false): a lead is a client whose every
 *              session is a public booking that was never paid (held, abandoned or cancelled unpaid; issue 14:
 *              holds anyone can make must not clutter the list); null shows both
 */
public record ClientFilter(
        Boolean leads,
        Boolean active,
        String search,
        Integer minSessions,
        Integer maxSessions,
        Long minPaidMinor,
        Long maxPaidMinor,
        String city,
        String state,
        String country,
        Instant createdFrom,
        Instant createdBefore) {
}
