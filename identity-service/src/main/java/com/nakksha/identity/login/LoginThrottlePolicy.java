package com.nakksha.identity.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Sliding-window limits on failed logins, counted separately per account (the email as typed,
 * whether or not it exists, so the answer does not reveal which emails are registered) and per
 * client address (password spraying across many accounts).
 */
public record LoginThrottlePolicy(int maxFailuresPerAccount, int maxFailuresPerAddress, Duration window) {

    public LoginThrottlePolicy {
        if (maxFailuresPerAccount < 1 || maxFailuresPerAddress < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("login throttle limits and window must be positive");
        }
    }

    /** How long the caller must wait before another attempt, or empty when it may try now. */
    public Optional<Duration> retryAfter(Collection<Instant> accountFailures, Collection<Instant> addressFailures, Instant now) {
        Optional<Duration> account = blockedFor(accountFailures, maxFailuresPerAccount, now);
        Optional<Duration> address = blockedFor(addressFailures, maxFailuresPerAddress, now);
        if (account.isPresent() && address.isPresent()) {
            return Optional.of(account.get().compareTo(address.get()) >= 0 ? account.get() : address.get());
        }
        return account.or(() -> address);
    }

    private Optional<Duration> blockedFor(Collection<Instant> failures, int max, Instant now) {
        Instant windowStart = now.minus(window);
        var recent = failures.stream().filter(failure -> failure.isAfter(windowStart)).sorted(Comparator.reverseOrder()).toList();
        if (recent.size() < max) {
            return Optional.empty();
        }
        // The block lifts when the max-th most recent failure leaves the window.
        Instant liftsAt = recent.get(max - 1).plus(window);
        Duration wait = Duration.between(now, liftsAt);
        return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }
}
