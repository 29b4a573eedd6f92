package com.nakksha.identity.throttle;

import java.time.Duration;

import com.nakksha.defaults.problem.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * Too many failed logins; the same answer whether or not the email has an account. As the throttle
 * raises it, it promises nothing: only consultant login mails a sign-in link at the account-wide limit
 * and turns it into {@link #withStepUp()}, so an admin login or a password change never points to a
 * link that was not sent.
 */
public class LoginThrottled extends ProblemException {

    private final Duration retryAfter;
    private final boolean accountWide;

    /** @param accountWide only the account-wide limit was reached (a distributed guess) */
    public LoginThrottled(Duration retryAfter, boolean accountWide) {
        this(retryAfter, accountWide, accountWide
                ? "Too many failed logins for this account; try again later"
                : "Too many failed logins; try again later");
    }

    private LoginThrottled(Duration retryAfter, boolean accountWide, String detail) {
        super(HttpStatus.TOO_MANY_REQUESTS, "Too many login attempts", detail);
        this.retryAfter = retryAfter;
        this.accountWide = accountWide;
        retryAfter(retryAfter);
    }

    /** The same refusal, pointing the owner to the sign-in link mailed to the account (consultant login's step-up). */
    public LoginThrottled withStepUp() {
        return new LoginThrottled(retryAfter, accountWide,
                "Too many failed logins for this account; if it is yours, use the sign-in link we emailed to sign in now");
    }

    public boolean accountWide() {
        return accountWide;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
