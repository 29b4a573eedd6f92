package com.nakksha.booking.session;

import java.time.Duration;

import com.nakksha.defaults.problem.ProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A public booking would exceed a live-hold limit (nakksha.booking.hold-limits): 429 with
 * {@code Retry-After} the payment hold, by when the oldest of the counted holds is paid or gone.
 */
public class HoldLimitReachedException extends ProblemException {

    HoldLimitReachedException(String of, int limit, Duration paymentHold) {
        super(HttpStatus.TOO_MANY_REQUESTS, "Too many unpaid bookings",
                "There are already " + limit + " unpaid bookings for this " + of + ", the most allowed at once; pay one (or confirm a free one from its mail) or let it expire before booking another");
        getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, paymentHold.toSeconds())));
    }
}
