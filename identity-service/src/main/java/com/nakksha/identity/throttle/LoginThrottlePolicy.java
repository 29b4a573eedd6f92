package com.nakksha.identity.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Sliding-window limits on failed logins. Failures are counted per account and client address
 * together (someone guessing from one place), per client address (password spraying across many
 * accounts) and per account from anywhere (a distributed guess). The account is the email as typed,
 * whether or not it exists, so the answer does not reveal which emails are registered. Counting the
 * account per address first keeps a guesser elsewhere from locking the owner out; the account-wide
 * limit is set well above the per-address one, and reaching it asks the owner to step up by email
 * instead of refusing them flat (login's step-up by email).
 *
 * <p>From the {@code freeAttempts}-th failure of an account at one address on, each further attempt
 * waits {@code baseDelay} doubled per failure since the last one (1 s, 2 s, 4 s …), before the
 * per-address limit blocks it for the rest of the window.
 */
public record LoginThrottlePolicy(int maxFailuresPerAccountAndAddress, int maxFailuresPerAddress, int maxFailuresPerAccount,
                                  Duration window, int freeAttempts, Duration baseDelay) {

    public LoginThrottlePolicy {
        if (maxFailuresPerAccountAndAddress < 1 || maxFailuresPerAddress < 1 || maxFailuresPerAccount < 1
                || window.isNegative() || window.isZero() || freeAttempts < 1 || baseDelay.isNegative()) {
            throw new IllegalArgumentException("login throttle limits and window must be positive");
        }
    }

    /** How long the caller must wait before another attempt, and whether only the account-wide limit holds it back. */
    public Optional<Block> blocked(Collection<Instant> accountAtAddressFailures, Collection<Instant> addressFailures,
                                   Collection<Instant> accountFailures, Instant now) {
        Optional<Duration> local = Stream.of(
                        blockedFor(accountAtAddressFailures, maxFailuresPerAccountAndAddress, now),
                        progressiveDelay(accountAtAddressFailures, now),
                        blockedFor(addressFailures, maxFailuresPerAddress, now))
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
        if (local.isPresent()) {
            return Optional.of(new Block(local.get(), false));
        }
        return blockedFor(accountFailures, maxFailuresPerAccount, now).map(wait -> new Block(wait, true));
    }

    /** {@link #blocked} without the reason: the wait, or empty when the caller may try now. */
    public Optional<Duration> retryAfter(Collection<Instant> accountAtAddressFailures, Collection<Instant> addressFailures,
                                         Collection<Instant> accountFailures, Instant now) {
        return blocked(accountAtAddressFailures, addressFailures, accountFailures, now).map(Block::retryAfter);
    }

    private Optional<Duration> progressiveDelay(Collection<Instant> failures, Instant now) {
        List<Instant> recent = recent(failures, now);
        if (recent.size() < freeAttempts || baseDelay.isZero()) {
            return Optional.empty();
        }
        int doublings = Math.min(recent.size() - freeAttempts, 20);
        Duration delay = baseDelay.multipliedBy(1L << doublings);
        Duration wait = Duration.between(now, recent.getFirst().plus(delay.compareTo(window) > 0 ? window : delay));
        return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    private Optional<Duration> blockedFor(Collection<Instant> failures, int max, Instant now) {
        List<Instant> recent = recent(failures, now);
        if (recent.size() < max) {
            return Optional.empty();
        }
        // The block lifts when the max-th most recent failure leaves the window.
        Instant liftsAt = recent.get(max - 1).plus(window);
        Duration wait = Duration.between(now, liftsAt);
        return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    private List<Instant> recent(Collection<Instant> failures, Instant now) {
        Instant windowStart = now.minus(window);
        return failures.stream().filter(failure -> failure.isAfter(windowStart)).sorted(Comparator.reverseOrder()).toList();
    }

    /**
     * @param retryAfter until the next attempt may be made
     * @param accountWide true when only the account-wide limit holds the attempt back (a distributed guess),
     *        so the owner is offered a step-up by email
     */
    public record Block(Duration retryAfter, boolean accountWide) {
    }
}
