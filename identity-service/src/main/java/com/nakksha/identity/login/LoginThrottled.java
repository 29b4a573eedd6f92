package com.nakksha.identity.login;

import java.time.Duration;

import com.nakksha.defaults.problem.ProblemException;

import org.springframework.http.HttpStatus;

/** Too many failed logins; the same answer whether or not the email has an account. */
public class LoginThrottled extends ProblemException {

    private final Duration retryAfter;

    public LoginThrottled(Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, "Too many login attempts", "Too many failed logins; try again later");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
