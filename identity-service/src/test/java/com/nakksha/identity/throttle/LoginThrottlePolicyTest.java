package com.nakksha.identity.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class LoginThrottlePolicyTest {

    private final LoginThrottlePolicy policy = new LoginThrottlePolicy(5, 20, 50, Duration.ofMinutes(15), 3, Duration.ofSeconds(1));
    private final Instant now = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void allowsAttemptsBelowTheLimits() {
        assertThat(policy.retryAfter(failures(4, 10), failures(19, 1), failures(49, 2), now)).isEmpty();
    }

    @Test
    void blocksAnAccountAfterTooManyFailuresUntilTheWindowSlides() {
        var accountFailures = failures(5, 60);

        Duration wait = policy.retryAfter(accountFailures, List.of(), accountFailures, now).orElseThrow();

        // the 5th most recent failure was 300 s ago; it leaves the 900 s window in 600 s
        assertThat(wait).isEqualTo(Duration.ofSeconds(600));
        assertThat(policy.retryAfter(accountFailures, List.of(), accountFailures, now.plus(wait))).isEmpty();
    }

    @Test
    void blocksAnAddressSprayingManyAccounts() {
        assertThat(policy.retryAfter(List.of(), failures(20, 5), List.of(), now)).isPresent();
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        var old = IntStream.range(0, 10).mapToObj(i -> now.minus(Duration.ofMinutes(16 + i))).toList();

        assertThat(policy.retryAfter(old, old, old, now)).isEmpty();
    }

    @Test
    void guessesFromElsewhereDoNotLockTheOwnerOutAndTheAccountWideLimitAsksForAStepUp() {
        // 49 failures for the account from other addresses, none from the owner's: the owner may log in.
        assertThat(policy.blocked(List.of(), List.of(), failures(49, 10), now)).isEmpty();
        assertThat(policy.blocked(List.of(), List.of(), failures(50, 10), now)).get()
                .extracting(LoginThrottlePolicy.Block::accountWide).isEqualTo(true);
        assertThat(policy.blocked(failures(5, 10), List.of(), failures(50, 10), now)).get()
                .extracting(LoginThrottlePolicy.Block::accountWide).isEqualTo(false);
    }

    @Test
    void repeatedFailuresFromOneAddressWaitLongerEachTime() {
        // Two failures: no delay. Three: 1 s after the last one. Four: 2 s.
        assertThat(policy.retryAfter(failures(2, 0), List.of(), List.of(), now)).isEmpty();
        assertThat(policy.retryAfter(List.of(now), List.of(), List.of(), now)).isEmpty();
        List<Instant> three = List.of(now, now.minusSeconds(1), now.minusSeconds(2));
        assertThat(policy.retryAfter(three, List.of(), List.of(), now)).contains(Duration.ofSeconds(1));
        assertThat(policy.retryAfter(three, List.of(), List.of(), now.plusSeconds(1))).isEmpty();
        List<Instant> four = List.of(now, now.minusSeconds(1), now.minusSeconds(2), now.minusSeconds(3));
        assertThat(policy.retryAfter(four, List.of(), List.of(), now)).contains(Duration.ofSeconds(2));
        assertThat(policy.retryAfter(four, List.of(), List.of(), now.plusSeconds(1))).contains(Duration.ofSeconds(1));
    }

    private List<Instant> failures(int count, int secondsApart) {
        return IntStream.range(0, count).mapToObj(i -> now.minusSeconds((long) (i + 1) * secondsApart)).toList();
    }
}
