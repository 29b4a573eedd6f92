package com.nakksha.identity.login;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Failed-login limits.
 *
 * @param maxFailuresPerAccount failures for one email within the window before it is blocked
 * @param maxFailuresPerAddress failures from one client address within the window before it is blocked
 * @param window the sliding window the failures are counted in
 */
@ConfigurationProperties("nakksha.identity.login")
public record LoginProperties(
        @DefaultValue("5") int maxFailuresPerAccount,
        @DefaultValue("20") int maxFailuresPerAddress,
        @DefaultValue("15m") Duration window) {

    public LoginThrottlePolicy policy() {
        return new LoginThrottlePolicy(maxFailuresPerAccount, maxFailuresPerAddress, window);
    }
}
