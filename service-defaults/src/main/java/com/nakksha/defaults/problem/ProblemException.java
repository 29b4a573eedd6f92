package com.nakksha.defaults.problem;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A failure the client can act on, rendered as {@code application/problem+json}. */
public class ProblemException extends ErrorResponseException {

    public ProblemException(HttpStatus status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public ProblemException(HttpStatus status, String title, String detail, List<FieldProblem> errors) {
        super(status, problem(status, title, detail, errors), null);
    }

    /** @param cause what made the request fail, for the log; the client sees only the problem */
    public ProblemException(HttpStatus status, String title, String detail, Throwable cause) {
        super(status, problem(status, title, detail, List.of()), cause);
    }

    /**
     * Asks the client to wait before retrying: {@code Retry-After} in whole seconds, rounded up so that a client
     * waiting what it is told is not refused again, at least 1 (RFC 9110, section 10.2.3).
     */
    protected final void retryAfter(Duration wait) {
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(wholeSeconds(wait)));
    }

    static long wholeSeconds(Duration wait) {
        return Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail, List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    /** One rejected field: its path in the request and what is wrong with it. */
    public record FieldProblem(String field, String message) {
    }
}
