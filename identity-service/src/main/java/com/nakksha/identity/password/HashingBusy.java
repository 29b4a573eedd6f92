package com.nakksha.identity.password;

import java.time.Duration;

import com.nakksha.defaults.problem.ProblemException;

import org.springframework.http.HttpStatus;

/** Every password-hashing slot is taken; the client should retry shortly (503, Retry-After). */
public class HashingBusy extends ProblemException {

    /** How long a client is asked to wait. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    public HashingBusy() {
        super(HttpStatus.SERVICE_UNAVAILABLE, "Busy", "Too many sign-ins are being checked right now; retry in a few seconds");
        retryAfter(RETRY_AFTER);
    }
}
