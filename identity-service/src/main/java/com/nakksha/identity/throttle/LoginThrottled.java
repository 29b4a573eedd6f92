package com.nakksha.identity.throttle;

import java.time.Duration;

import com.nakksha.defaults.problem.ProblemException;

import org.springframework.http.HttpStatus;

/** Too many failed logins; the same answer whether or not the email has an account. */
public class LoginThrottled extends ProblemException {

    private final Duration retryAfter;
    private final boolean accountWide;

    /** @param accountWide only the account-wide limit was reached: the answer points the owner to the emailed link */
    public LoginThrottled(Duration retryAfter, boolean accountWide) {
        super(HttpStatus.TOO_MANY_REQUESTS, "Too many login attempts", accountWide
                ? "Too many failed logins for this account; if it is yours, use the password-reset link we emailed to sign in now"
                : "Too many failed logins; try again later");
        this.retryAfter = retryAfter;
        this.accountWide = accountWide;
    }

    public boolean accountWide() {
        return accountWide;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
