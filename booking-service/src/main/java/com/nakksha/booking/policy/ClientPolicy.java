package com.nakksha.booking.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a consultant lets clients do with their bookings through the manage link (issue 11): change (cancel or
 * reschedule) only until {@code minimumNoticeMinutes} before the session starts, reschedule at most
 * {@code maximumReschedules} times, and get back on cancelling what {@code refund} says. Consultants change
 * nothing by this: it binds only the client's link.
 *
 * @param refund FULL (all of it), NONE, or PERCENTAGE: {@code refundPercent} (0 to 100) when the client cancels at
 *               least {@code refundDeadlineMinutes} before the start, nothing later
 * @param refundPercent set exactly when {@code refund} is PERCENTAGE
 * @param refundDeadlineMinutes set exactly when {@code refund} is PERCENTAGE
 */
public record ClientPolicy(int minimumNoticeMinutes, int maximumReschedules, Refund refund, Integer refundPercent,
                           Integer refundDeadlineMinutes) {

    /** A consultant who set nothing: changes until 24 hours before, two reschedules, full refund. */
    public static final ClientPolicy DEFAULT = new ClientPolicy(24 * 60, 2, Refund.FULL, null, null);

    /** What a client's cancellation refunds. */
    public enum Refund {
        FULL,
        NONE,
        PERCENTAGE
    }

    public ClientPolicy {
        Objects.requireNonNull(refund, "refund");
        if (minimumNoticeMinutes < 0 || maximumReschedules < 0) {
            throw new IllegalArgumentException("notice and reschedules are not negative");
        }
        if ((refund == Refund.PERCENTAGE) != (refundPercent != null && refundDeadlineMinutes != null)) {
            throw new IllegalArgumentException("a PERCENTAGE refund, and only it, has a percent and a deadline");
        }
    }

    /**
     * Why the client may not change (cancel or reschedule) a session starting at {@code startsAt} at {@code now};
     * empty when they may.
     */
    public Optional<String> refusesChange(Instant startsAt, Instant now) {
        Instant closes = startsAt.minus(Duration.ofMinutes(minimumNoticeMinutes));
        if (now.isAfter(closes)) {
            return Optional.of("the consultant takes changes through the booking link until " + minimumNoticeMinutes
                    + " minutes before the session starts, and that was at " + closes + "; contact the consultant");
        }
        return Optional.empty();
    }

    /** Why the client may not move a session they already moved {@code done} times; empty when they may. */
    public Optional<String> refusesReschedule(long done) {
        if (done >= maximumReschedules) {
            return Optional.of("the consultant allows " + maximumReschedules + " reschedule"
                    + (maximumReschedules == 1 ? "" : "s") + " of a booking through its link, and this one was moved "
                    + done + " time" + (done == 1 ? "" : "s"));
        }
        return Optional.empty();
    }

    /** The share of the payment (0 to 100 percent) a cancellation at {@code now} of a session starting at {@code startsAt} refunds. */
    public int refundPercentAt(Instant startsAt, Instant now) {
        return switch (refund) {
            case FULL -> 100;
            case NONE -> 0;
            case PERCENTAGE -> now.isAfter(startsAt.minus(Duration.ofMinutes(refundDeadlineMinutes))) ? 0 : refundPercent;
        };
    }
}
