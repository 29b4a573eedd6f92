package com.nakksha.defaults.problem;

import java.time.Duration;
import java.util.Map;

/**
 * A refusal by a domain rule (a state that does not allow a change, a slot lost in a race, a payment
 * provider that refused), thrown by aggregates and services that know nothing of HTTP.
 * {@link ProblemWebExceptionHandler} answers every refusal as {@code application/problem+json} with the
 * status its {@link Kind} stands for, so no service maps its refusals by hand. Web adapters refuse with
 * {@link ProblemException} instead; this type names no Spring web type, so domain classes may throw it
 * (test-support's {@code ServiceArchitecture} keeps HTTP out of the domain).
 */
public abstract class Refusal extends RuntimeException {

    /** What kind of refusal it is, and the HTTP status it is answered with (RFC 9110, section 15). */
    public enum Kind {
        /** 409: the request clashes with the resource's current state; the client may change it and retry. */
        CONFLICT(409),
        /** 410: the resource was withdrawn for good. */
        GONE(410),
        /** 412: the request was conditional on a version that is no longer current. */
        PRECONDITION_FAILED(412),
        /** 422: the request is well formed but a rule does not allow what it asks. */
        UNPROCESSABLE(422),
        /** 502: a provider the service depends on refused the request. */
        UPSTREAM_REFUSED(502),
        /** 503 with {@code Retry-After}: nothing was changed; the same request may succeed shortly. */
        UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        /** The HTTP status code answered for this kind. */
        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final String title;

    /**
     * @param title   the problem's title: the same for every refusal of this type
     * @param message what was refused and why; the problem's detail unless {@link #detail()} says more
     */
    protected Refusal(Kind kind, String title, String message) {
        super(message);
        this.kind = kind;
        this.title = title;
    }

    /** @param cause what made the rule refuse, for the log; the client sees only the problem */
    protected Refusal(Kind kind, String title, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.title = title;
    }

    public Kind kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    /** The problem's detail, for the client to read; the message unless a refusal says more. */
    public String detail() {
        return getMessage();
    }

    /**
     * The request field the refusal concerns, answered as the problem's {@code errors} entry with the
     * message; null when it concerns no one field.
     */
    public String field() {
        return null;
    }

    /** Extension members of the problem (RFC 9457, section 3.2), such as the id of a booking in the way. */
    public Map<String, Object> properties() {
        return Map.of();
    }

    /**
     * How long a client should wait before retrying an {@link Kind#UNAVAILABLE} refusal (whole seconds on the
     * wire, at least 1); null for the service's {@code nakksha.problem.retry-after}.
     */
    public Duration retryAfter() {
        return null;
    }
}
