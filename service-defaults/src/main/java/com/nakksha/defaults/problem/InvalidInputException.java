package com.nakksha.defaults.problem;

import java.util.List;

/**
 * Input that breaks a rule, naming each offending field. Domain code throws it without knowing
 * about HTTP; {@link ProblemWebExceptionHandler} answers it with a 400 problem listing the fields
 * under {@code errors}.
 */
public class InvalidInputException extends RuntimeException {

    /** One refused field: its name as the client sent it and what is wrong with it. */
    public record Violation(String field, String message) {
    }

    private final List<Violation> violations;

    /** @throws IllegalArgumentException when there is no violation, which would be a 400 naming nothing */
    public InvalidInputException(List<Violation> violations) {
        super(describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid input needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        return String.join("; ", violations.stream().map(v -> v.field() + ": " + v.message()).toList());
    }
}
