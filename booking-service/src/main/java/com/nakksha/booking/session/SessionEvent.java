package com.nakksha.booking.session;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** What a session's own methods report having happened, for the outbox and for tests to assert on. */
public sealed interface SessionEvent {

    UUID sessionId();

    Instant occurredAt();

    record Booked(UUID sessionId, BookingSource source, Instant occurredAt) implements SessionEvent {
    }

    record Confirmed(UUID sessionId, Instant occurredAt) implements SessionEvent {
    }

    record Rescheduled(UUID sessionId, Instant previousStart, Duration previousDuration,
                       Instant newStart, Duration newDuration, Instant occurredAt) implements SessionEvent {
    }

    record Cancelled(UUID sessionId, String reason, Instant occurredAt) implements SessionEvent {
    }

    record Completed(UUID sessionId, Instant occurredAt) implements SessionEvent {
    }

    record NoShow(UUID sessionId, Instant occurredAt) implements SessionEvent {
    }

    record Abandoned(UUID sessionId, Instant holdExpiredAt, Instant occurredAt) implements SessionEvent {
    }

    record PaymentChanged(UUID sessionId, PaymentStatus previous, PaymentStatus current, Instant occurredAt)
            implements SessionEvent {
    }
}
