package com.nakksha.identity.password;

import com.nakksha.defaults.problem.ProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** Every password-hashing slot is taken; the client should retry shortly (503, Retry-After). */
public class HashingBusy extends ProblemException {

    /** Seconds a client is asked to wait. */
    private static final long RETRY_AFTER_SECONDS = 2;

    public HashingBusy() {
        super(HttpStatus.SERVICE_UNAVAILABLE, "Busy", "Too many sign-ins are being checked right now; retry in a few seconds");
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
    }
}
