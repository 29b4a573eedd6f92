package com.nakksha.identity.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Sliding-window limits on failed logins. Failures are counted per account and client address
 * together (someone guessing from one place), per client address (password spraying across many
 * accounts) and per account from anywhere (a distributed guess). The account is the email as typed,
 * whether or not it exists, so the answer does not reveal which emails are registered. Counting the
 * account per address first keeps a guesser elsewhere from locking the owner out; the account-wide
 * limit is set well above the per-address one.
 */
public record LoginThrottlePolicy(int maxFailuresPerAccountAndAddress, int maxFailuresPerAddress, int maxFailuresPerAccount,
                                  Duration window) {

    public LoginThrottlePolicy {
        if (maxFailuresPerAccountAndAddress < 1 || maxFailuresPerAddress < 1 || maxFailuresPerAccount < 1
                || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("login throttle limits and window must be positive");
        }
    }

    /** How long the caller must wait before another attempt, or empty when it may try now. */
    public Optional<Duration> retryAfter(Collection<Instant> accountAtAddressFailures, Collection<Instant> addressFailures,
                                         Collection<Instant> accountFailures, Instant now) {
        return Stream.of(
                        blockedFor(accountAtAddressFailures, maxFailuresPerAccountAndAddress, now),
                        blockedFor(addressFailures, maxFailuresPerAddress, now),
                        blockedFor(accountFailures, maxFailuresPerAccount, now))
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
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
