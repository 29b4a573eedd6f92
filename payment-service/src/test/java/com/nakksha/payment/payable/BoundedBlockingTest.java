package com.nakksha.payment.payable;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedBlockingTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BoundedBlocking blocking = new BoundedBlocking(new PaymentsProperties(BigDecimal.ZERO, Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofDays(3), Duration.ofMillis(200)), meters);

    @Test
    void aHungPassIsCutAtTheTimeoutCancelledCountedAndDoesNotHoldTheSchedulerThread() {
        AtomicBoolean cancelled = new AtomicBoolean();
        long started = System.nanoTime();

        blocking.runPass("refund-retry", Mono.never().doOnCancel(() -> cancelled.set(true)));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(cancelled).isTrue();
        assertThat(meters.counter("nakksha.payments.job.failures", "job", "refund-retry", "cause", "timeout").count()).isEqualTo(1);
    }

    @Test
    void aFailedPassIsCountedAsAnErrorAndNotThrownIntoTheScheduler() {
        blocking.runPass("webhook-poll", Mono.error(new IllegalStateException("database gone")));

        assertThat(meters.counter("nakksha.payments.job.failures", "job", "webhook-poll", "cause", "error").count()).isEqualTo(1);
        assertThat(meters.counter("nakksha.payments.job.failures", "job", "webhook-poll", "cause", "timeout").count()).isZero();
    }

    @Test
    void aPassThatFinishesInTimeCountsNothing() {
        AtomicBoolean ran = new AtomicBoolean();
        blocking.runPass("order-reconciliation", Mono.fromRunnable(() -> ran.set(true)));

        assertThat(ran).isTrue();
        assertThat(meters.find("nakksha.payments.job.failures").counters()).isEmpty();
    }

    @Test
    void aListenersHungHandlingIsThrownSoTheRecordIsRetriedNotAcknowledged() {
        assertThatThrownBy(() -> blocking.counting("payment-service.session-payables", () -> blocking.block(Mono.never())))
                .hasCauseInstanceOf(TimeoutException.class);

        assertThat(meters.counter("nakksha.payments.listener.failures", "listener", "payment-service.session-payables",
                "cause", "timeout").count()).isEqualTo(1);
    }
}
