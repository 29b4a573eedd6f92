package com.nakksha.booking.session;

import com.nakksha.booking.BookingProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Gives back the slots of public bookings whose payment hold ran out (SessionAbandoned). */
@Component
class HoldExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiryJob.class);

    private final SessionService sessions;
    private final BookingProperties properties;
    private final Counter abandoned;

    HoldExpiryJob(SessionService sessions, BookingProperties properties, MeterRegistry meters) {
        this.sessions = sessions;
        this.properties = properties;
        this.abandoned = Counter.builder("nakksha.booking.holds.abandoned")
                .description("Public bookings abandoned because their payment hold expired")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${nakksha.booking.hold-expiry-interval:5s}")
    void expireHolds() {
        try {
            Long count = sessions.expireHolds(properties.holdExpiryBatch()).block();
            if (count != null && count > 0) {
                abandoned.increment(count);
                log.info("abandoned {} bookings whose payment hold expired", count);
            }
        } catch (RuntimeException failure) {
            // The next round retries; nothing was changed by a failed transaction.
            log.warn("expiring payment holds failed", failure);
        }
    }
}
