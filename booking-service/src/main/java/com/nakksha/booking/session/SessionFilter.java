package com.nakksha.booking.session;

import com.nakksha.booking.consultant.SessionType;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Which of a consultant's sessions a list or summary covers; null or empty means any. */
public record SessionFilter(
        Set<SessionStatus> statuses,
        SessionType type,
        Set<PaymentStatus> paymentStatuses,
        Instant startsFrom,
        Instant startsBefore,
        UUID clientId,
        String search) {
}
