package com.nakksha.booking.session;

import java.util.List;
import java.util.UUID;

/** A bulk update that could not apply to every session, so it applied to none; says why per session. */
public class BulkRejectedException extends RuntimeException {

    public record Outcome(UUID id, String outcome, String message) {
    }

    private final List<Outcome> outcomes;

    BulkRejectedException(List<Outcome> outcomes) {
        super("the update applies to all sessions or to none");
        this.outcomes = List.copyOf(outcomes);
    }

    public List<Outcome> outcomes() {
        return outcomes;
    }
}
