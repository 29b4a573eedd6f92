package com.nakksha.identity.throttle;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Failed-login limits.
 *
 * @param maxFailuresPerAccountAndAddress failures for one email from one client address within the window before
 *        that address may no longer try that email
 * @param maxFailuresPerAddress failures from one client address within the window before it is blocked
 * @param maxFailuresPerAccount failures for one email from all addresses within the window before the email is
 *        blocked everywhere (a distributed guess); keep it well above the per-address limit
 * @param window the sliding window the failures are counted in
 * @param freeAttemptsBeforeDelay failures of one email from one address before each further attempt is delayed
 * @param baseDelay the first such delay; it doubles with every further failure
 */
@ConfigurationProperties("nakksha.identity.login")
public record LoginProperties(
        @DefaultValue("5") int maxFailuresPerAccountAndAddress,
        @DefaultValue("20") int maxFailuresPerAddress,
        @DefaultValue("50") int maxFailuresPerAccount,
        @DefaultValue("15m") Duration window,
        @DefaultValue("3") int freeAttemptsBeforeDelay,
        @DefaultValue("1s") Duration baseDelay) {

    public LoginThrottlePolicy policy() {
        return new LoginThrottlePolicy(maxFailuresPerAccountAndAddress, maxFailuresPerAddress, maxFailuresPerAccount, window,
                freeAttemptsBeforeDelay, baseDelay);
    }
}
