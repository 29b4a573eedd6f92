package com.nakksha.booking.session;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nakksha.defaults.problem.Refusal;

/** A bulk update that could not apply to every session, so it applied to none; says why per session. */
public class BulkRejectedException extends Refusal {

    public record Outcome(UUID id, String outcome, String message) {
    }

    private final List<Outcome> outcomes;

    BulkRejectedException(List<Outcome> outcomes) {
        super(Kind.UNPROCESSABLE, "Bulk update rejected", "the update applies to all sessions or to none");
        this.outcomes = List.copyOf(outcomes);
    }

    public List<Outcome> outcomes() {
        return outcomes;
    }

    @Override
    public String detail() {
        return "Nothing was changed: " + getMessage();
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("results", outcomes);
    }
}
