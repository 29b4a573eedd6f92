package com.nakksha.booking.publicpage;

import com.nakksha.booking.consultant.SessionType;
import com.nakksha.booking.session.PaymentStatus;
import com.nakksha.booking.session.SessionStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * What the client learns after booking: what to pay, until when the slot is held for the payment, and
 * what to pay it with; or, for a free session, that it waits for the booker to confirm their email. A replay
 * of the same Idempotency-Key answers the same, capability included.
 *
 * @param amount major units of {@code currency} (rupees), the consultant's price
 * @param holdExpiresAt UTC instant the slot is given back unless paid (or an order extends it) or, for a free
 *                      session, unless the booker confirms their email by then
 * @param payableId what {@code POST /api/v1/payments/orders} takes as {@code payableId}: the session id
 * @param paymentCapability what that call takes as {@code capability} (43 characters, base64url); null for a
 *                          free session, which is not paid
 * @param awaitingEmailConfirmation true for a free session: it stays PENDING until the booker follows the link
 *                                  mailed to {@code email} ({@code POST /api/v1/public/bookings/confirm-email});
 *                                  false when the session waits for its payment
 * @param manageToken the client's manage link token (43 characters, base64url): with it and no account they view,
 *                    cancel and reschedule the booking at {@code managePath}; booking keeps only its hash
 * @param managePath {@code /api/v1/public/bookings/{manageToken}}
 */
public record BookingConfirmation(
        UUID sessionId,
        SessionStatus status,
        PaymentStatus paymentStatus,
        SessionType type,
        String title,
        Instant start,
        Instant end,
        int durationMinutes,
        BigDecimal amount,
        String currency,
        Instant holdExpiresAt,
        String consultantTimeZone,
        UUID payableId,
        String paymentCapability,
        String manageToken,
        String managePath,
        @Schema(description = "True for a free session: it stays PENDING, holding its time until holdExpiresAt, until "
                + "the booker confirms their email by the link mailed to them (POST /api/v1/public/bookings/confirm-email "
                + "with its token); unconfirmed by then it is ABANDONED and the time given back. False when the session "
                + "waits for its payment.")
        Boolean awaitingEmailConfirmation) {

    /**
     * An answer an Idempotency-Key stored before the field existed has none: it was a booking made when free
     * bookings were confirmed at once, so it awaits nothing, and its replay must not fail.
     */
    public BookingConfirmation {
        awaitingEmailConfirmation = Boolean.TRUE.equals(awaitingEmailConfirmation);
    }

    /** Leaves the capability and the manage token out, so that logging an answer never gives them away. */
    @Override
    public String toString() {
        return "BookingConfirmation[sessionId=" + sessionId + ", status=" + status + ", paymentStatus=" + paymentStatus
                + ", start=" + start + ", holdExpiresAt=" + holdExpiresAt + ", awaitingEmailConfirmation="
                + awaitingEmailConfirmation + ", paymentCapability="
                + (paymentCapability == null ? "none" : "redacted") + "]";
    }
}
