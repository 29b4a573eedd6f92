package com.nakksha.booking.session;

import com.nakksha.defaults.problem.ProblemException;

import java.time.Instant;

import org.springframework.http.HttpStatus;

/**
 * A valid email-confirmation link that can no longer confirm its booking: 410 when the link or the booking's
 * hold ran out (the time was given back), 409 when the booking was cancelled meanwhile. Nothing is changed.
 */
public class EmailConfirmationRefusedException extends ProblemException {

    private EmailConfirmationRefusedException(HttpStatus status, String title, String detail) {
        super(status, title, detail);
    }

    /** @param expiredAt when the link (and with it the hold) ran out */
    public static EmailConfirmationRefusedException linkExpired(Instant expiredAt) {
        return new EmailConfirmationRefusedException(HttpStatus.GONE, "Confirmation link expired",
                "The link expired at " + expiredAt + " and the held time was given back; book again");
    }

    static EmailConfirmationRefusedException holdRanOut(Instant holdExpiredAt) {
        return new EmailConfirmationRefusedException(HttpStatus.GONE, "Booking hold expired",
                "The booking was not confirmed before its hold ran out"
                        + (holdExpiredAt == null ? "" : " at " + holdExpiredAt) + " and its time was given back; book again");
    }

    static EmailConfirmationRefusedException notPending(SessionStatus status) {
        return new EmailConfirmationRefusedException(HttpStatus.CONFLICT, "Booking cannot be confirmed",
                "The booking is " + status + " and can no longer be confirmed");
    }
}
