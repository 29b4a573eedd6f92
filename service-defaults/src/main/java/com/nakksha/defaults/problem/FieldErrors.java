package com.nakksha.defaults.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.nakksha.defaults.problem.InvalidInputException.Violation;

/**
 * Collects every field that fails its rule, so one 400 answer names all of them instead of the
 * first only. Not thread-safe: one instance per request.
 */
public final class FieldErrors {

    private final List<Violation> violations = new ArrayList<>();

    /** The parsed value, or null after recording why {@code field} was refused (the parser's IllegalArgumentException message). */
    public <T> T parse(String field, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException refused) {
            violations.add(new Violation(field, refused.getMessage()));
            return null;
        }
    }

    /** Like {@link #parse} for an optional field: null stays null. */
    public <T> T parseOptional(String field, Object raw, Supplier<T> parser) {
        return raw == null ? null : parse(field, parser);
    }

    public void reject(String field, String message) {
        violations.add(new Violation(field, message));
    }

    /** @throws InvalidInputException naming every field recorded so far, if any */
    public void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }
}
