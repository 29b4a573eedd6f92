package com.nakksha.booking.manage;

import com.nakksha.booking.consultant.SessionType;
import com.nakksha.booking.session.PaymentStatus;
import com.nakksha.booking.session.SessionStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A booking as its client sees it through the manage link: times as UTC instants and as local times in
 * {@code timeZone} (the zone asked for, else the one they booked in, else the consultant's), the meeting link
 * only once the session is confirmed, and what they may still do under the consultant's policy.
 *
 * @param amount major units of {@code currency}
 * @param version the session's version, also the answer's {@code ETag}; changes may send it as {@code If-Match}
 */
record ManagedBooking(
        UUID sessionId,
        SessionStatus status,
        PaymentStatus paymentStatus,
        SessionType type,
        String title,
        String consultantName,
        String consultantSlug,
        Instant start,
        Instant end,
        String localStart,
        String localEnd,
        String timeZone,
        int durationMinutes,
        BigDecimal amount,
        String currency,
        String meetingLink,
        Instant holdExpiresAt,
        String cancellationReason,
        Allowed allowed,
        long version) {

    /**
     * What the client may do now: {@code refundPercentIfCancelled} is the share of a payment a cancellation now
     * returns; {@code changesCloseAt} when the policy's notice closes changes; a reason when something is refused.
     */
    record Allowed(boolean cancel, boolean reschedule, int reschedulesLeft, int refundPercentIfCancelled,
                   Instant changesCloseAt, String refusal) {
    }

    String etag() {
        return "\"" + version + "\"";
    }
}
