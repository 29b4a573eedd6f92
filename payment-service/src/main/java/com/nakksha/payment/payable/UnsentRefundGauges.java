package com.nakksha.payment.payable;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Refunds decided here that Razorpay has not accepted yet: {@value #UNSENT} (how many) and
 * {@value #OLDEST_AGE} (seconds since the oldest was decided), read from the database every
 * {@value #REFRESH_MILLIS} ms. A refund is REQUESTED for a moment after its decision commits, and for
 * longer when Razorpay could not be reached or the process died before sending it; the retry pass of
 * {@link PayableService} sends it then. Both gauges are NaN until the first read, so a scrape right after
 * start-up does not say "nothing owed" before the database has been asked. Every instance reports the whole
 * database's refunds, so dashboards and alerts take the max over instances, not the sum.
 */
@Component
class UnsentRefundGauges {

    static final String UNSENT = "nakksha.payments.refunds.unsent";
    static final String OLDEST_AGE = "nakksha.payments.refunds.unsent.oldest.age.seconds";
    private static final long REFRESH_MILLIS = 5000;

    private final PayableRepository payables;
    private final BoundedBlocking blocking;
    private final Clock clock;
    private final AtomicReference<PayableRepository.UnsentRefunds> last = new AtomicReference<>();

    UnsentRefundGauges(PayableRepository payables, BoundedBlocking blocking, Clock clock, MeterRegistry meters) {
        this.payables = payables;
        this.blocking = blocking;
        this.clock = clock;
        Gauge.builder(UNSENT, last, read -> read.get() == null ? Double.NaN : read.get().count())
                .description("Refunds decided that Razorpay has not accepted yet")
                .register(meters);
        Gauge.builder(OLDEST_AGE, last, this::oldestAgeSeconds)
                .description("Seconds since the oldest refund Razorpay has not accepted yet was decided; 0 when there is none")
                .baseUnit("seconds")
                .register(meters);
    }

    @Scheduled(fixedDelay = REFRESH_MILLIS)
    void refresh() {
        blocking.runPass("refund-gauges", payables.unsentRefunds().doOnNext(last::set));
    }

    private double oldestAgeSeconds(AtomicReference<PayableRepository.UnsentRefunds> read) {
        PayableRepository.UnsentRefunds unsent = read.get();
        if (unsent == null) {
            return Double.NaN;
        }
        return unsent.oldestDecidedAt().map(decided -> Duration.between(decided, clock.instant()).toMillis() / 1000.0).orElse(0.0);
    }
}
