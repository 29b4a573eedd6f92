package com.nakksha.booking.session;

import java.util.Map;
import java.util.UUID;

/**
 * The client already holds a live seat of this webinar occurrence (matched by email, case-insensitively, as
 * every booking matches its client): a second booking takes no seat and answers 409 naming the first. It is
 * a {@link SlotTakenException}, so a public booking stores it as its Idempotency-Key's refusal like any lost slot.
 */
public class AlreadyBookedException extends SlotTakenException {

    private final UUID existingSessionId;

    /** @param existingSessionId the booking that holds the seat; null when only the database's unique index knew */
    public AlreadyBookedException(UUID existingSessionId) {
        super("Already booked", existingSessionId == null
                ? "this client already holds a seat of this webinar"
                : "this client already holds a seat of this webinar: booking " + existingSessionId);
        this.existingSessionId = existingSessionId;
    }

    public UUID existingSessionId() {
        return existingSessionId;
    }

    @Override
    public String detail() {
        return getMessage() + "; a second booking takes no seat";
    }

    @Override
    public Map<String, Object> properties() {
        return existingSessionId == null ? Map.of() : Map.of("existingSessionId", existingSessionId);
    }
}
