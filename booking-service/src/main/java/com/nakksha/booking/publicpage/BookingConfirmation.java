package com.nakksha.booking.publicpage;

import com.nakksha.booking.consultant.SessionType;
import com.nakksha.booking.session.PaymentStatus;
import com.nakksha.booking.session.SessionStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * What the client learns after booking: what to pay, until when the slot is held for the payment, and
 * what to pay it with. A replay of the same Idempotency-Key answers the same, capability included.
 *
 * @param amount major units of {@code currency} (rupees), the consultant's price
 * @param holdExpiresAt UTC instant the slot is given back unless paid (or an order extends it); null when confirmed
 * @param payableId what {@code POST /api/v1/payments/orders} takes as {@code payableId}: the session id
 * @param paymentCapability what that call takes as {@code capability} (43 characters, base64url); null for a
 *                          free session, which is confirmed without payment
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
        String managePath) {

    /** Leaves the capability and the manage token out, so that logging an answer never gives them away. */
    @Override
    public String toString() {
        return "BookingConfirmation[sessionId=" + sessionId + ", status=" + status + ", paymentStatus=" + paymentStatus
                + ", start=" + start + ", holdExpiresAt=" + holdExpiresAt + ", paymentCapability="
                + (paymentCapability == null ? "none" : "redacted") + "]";
    }
}
