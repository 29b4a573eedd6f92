package com.nakksha.defaults.failure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcTimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up database work waits out a slow database for a bounded time and gives up on anything else at once. */
class StartUpRetryTest {

    private static final Retry QUICK = TransientFailures.atStartUp(Duration.ofMillis(600), Duration.ofMillis(20), Duration.ofMillis(100));

    @Test
    void firstConnectionsTimingOutAreWaitedOutAndTheWorkIsDone() {
        AtomicInteger attempts = new AtomicInteger();
        Mono<String> work = Mono.defer(() -> attempts.incrementAndGet() <= 3
                ? Mono.error(new R2dbcTimeoutException("connection acquisition timed out after 5000ms"))
                : Mono.just("first admin created"));

        assertThat(work.retryWhen(QUICK).block(Duration.ofSeconds(5))).isEqualTo("first admin created");
        assertThat(attempts).hasValue(4);
    }

    @Test
    void aFailureOfTheWorkItselfFailsTheStartAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        Mono<String> work = Mono.defer(() -> {
            attempts.incrementAndGet();
            return Mono.error(new R2dbcBadGrammarException("relation \"signing_key\" does not exist", "42P01"));
        });

        assertThatThrownBy(() -> work.retryWhen(QUICK).block(Duration.ofSeconds(5)))
                .isInstanceOf(R2dbcBadGrammarException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aDatabaseThatStaysAwayFailsTheStartWithItsOwnErrorOnceThePatienceIsSpent() {
        AtomicInteger attempts = new AtomicInteger();
        Mono<String> work = Mono.defer(() -> {
            attempts.incrementAndGet();
            return Mono.error(new R2dbcTimeoutException("connection acquisition timed out after 5000ms"));
        });

        long started = System.nanoTime();
        assertThatThrownBy(() -> work.retryWhen(QUICK).block(Duration.ofSeconds(5)))
                .isInstanceOf(R2dbcTimeoutException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(Duration.ofSeconds(3));
        assertThat(attempts.get()).as("retried with back-off, not spun").isBetween(4, 12);
    }
}
