package com.nakksha.payment.payable;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What payment-service still owes Razorpay, read from the database every {@value #REFRESH_MILLIS} ms:
 * <ul>
 * <li>refunds decided here that Razorpay has not accepted yet: {@value #UNSENT} (how many) and {@value #OLDEST_AGE}
 * (seconds since the oldest was decided). A refund is REQUESTED for a moment after its decision commits, and for
 * longer when Razorpay could not be reached or the process died before sending it; {@link PayableService}'s retry
 * pass sends it then;</li>
 * <li>captures owed: {@value #CAPTURES_OWED}, payments only authorised that their payable takes (not cancelled, not
 * paid by another payment), for a moment after the authorisation, and for longer when the capture did not happen;
 * {@link PayableService#captureAuthorised} makes it then.</li>
 * </ul>
 * All are NaN until the first read, so a scrape right after start-up does not say "nothing owed" before the database
 * has been asked. Every instance reports the whole database, so dashboards and alerts take the max over instances,
 * not the sum.
 */
@Component
class OwedToRazorpayGauges {

    static final String UNSENT = "nakksha.payments.refunds.unsent";
    static final String OLDEST_AGE = "nakksha.payments.refunds.unsent.oldest.age.seconds";
    static final String CAPTURES_OWED = "nakksha.payments.captures.owed";
    private static final long REFRESH_MILLIS = 5000;

    private final PayableRepository payables;
    private final BoundedBlocking blocking;
    private final PaymentsProperties properties;
    private final Clock clock;
    private final AtomicReference<PayableRepository.UnsentRefunds> refunds = new AtomicReference<>();
    private final AtomicReference<Long> captures = new AtomicReference<>();

    OwedToRazorpayGauges(PayableRepository payables, BoundedBlocking blocking, PaymentsProperties properties, Clock clock,
                         MeterRegistry meters) {
        this.payables = payables;
        this.blocking = blocking;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder(UNSENT, refunds, read -> read.get() == null ? Double.NaN : read.get().count())
                .description("Refunds decided that Razorpay has not accepted yet")
                .register(meters);
        Gauge.builder(OLDEST_AGE, refunds, this::oldestAgeSeconds)
                .description("Seconds since the oldest refund Razorpay has not accepted yet was decided; 0 when there is none")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder(CAPTURES_OWED, captures, read -> read.get() == null ? Double.NaN : read.get())
                .description("Payments only authorised whose payable takes them: captures still to make")
                .register(meters);
    }

    @Scheduled(fixedDelay = REFRESH_MILLIS)
    void refresh() {
        blocking.runPass("owed-gauges", payables.unsentRefunds().doOnNext(refunds::set)
                .then(payables.owedCaptures(clock.instant().minus(properties.reconciliationHorizon())).doOnNext(captures::set)));
    }

    private double oldestAgeSeconds(AtomicReference<PayableRepository.UnsentRefunds> read) {
        PayableRepository.UnsentRefunds unsent = read.get();
        if (unsent == null) {
            return Double.NaN;
        }
        return unsent.oldestDecidedAt().map(decided -> Duration.between(decided, clock.instant()).toMillis() / 1000.0).orElse(0.0);
    }
}
