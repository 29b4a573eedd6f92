package com.nakksha.booking.client;

import java.time.Instant;

/** Which of a consultant's clients a list shows; null means any. Amounts are in minor units. */
public record ClientFilter(
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
