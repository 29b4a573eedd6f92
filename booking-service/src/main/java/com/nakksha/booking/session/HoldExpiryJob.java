package com.nakksha.booking.session;

import com.nakksha.booking.BookingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gives back the slots of public bookings whose payment hold ran out (SessionAbandoned). They are
 * counted by {@link BookingMetrics}, like those the booking paths abandon on their way.
 */
@Component
class HoldExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiryJob.class);

    private final SessionService sessions;
    private final BookingProperties properties;

    HoldExpiryJob(SessionService sessions, BookingProperties properties) {
        this.sessions = sessions;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${nakksha.booking.hold-expiry-interval:5s}")
    void expireHolds() {
        try {
            Long count = sessions.expireHolds(properties.holdExpiryBatch()).block();
            if (count != null && count > 0) {
                log.info("abandoned {} bookings whose payment hold expired", count);
            }
        } catch (RuntimeException failure) {
            // The next round retries; nothing was changed by a failed transaction.
            log.warn("expiring payment holds failed", failure);
        }
    }
}
