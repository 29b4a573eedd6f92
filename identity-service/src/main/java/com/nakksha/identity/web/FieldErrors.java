package com.nakksha.identity.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.nakksha.defaults.problem.BadRequestProblem;
import com.nakksha.defaults.problem.ProblemException.FieldProblem;

/**
 * Collects every field that fails its domain rule, so one 400 answer names all of them instead
 * of the first only.
 */
public final class FieldErrors {

    private final List<FieldProblem> problems = new ArrayList<>();

    /** The parsed value, or null after recording why {@code field} was refused. */
    public <T> T parse(String field, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException refused) {
            problems.add(new FieldProblem(field, refused.getMessage()));
            return null;
        }
    }

    /** Like {@link #parse} for an optional field: null stays null. */
    public <T> T parseOptional(String field, Object raw, Supplier<T> parser) {
        return raw == null ? null : parse(field, parser);
    }

    public void reject(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            String fields = String.join(", ", problems.stream().map(FieldProblem::field).distinct().toList());
            throw new BadRequestProblem("Invalid fields: " + fields, List.copyOf(problems));
        }
    }
}
