package com.nakksha.booking.publicpage;

import com.nakksha.booking.consultant.SessionType;
import com.nakksha.booking.session.PaymentStatus;
import com.nakksha.booking.session.SessionStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** What the client learns after booking: what to pay, and until when the slot is held for the payment. */
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
        String consultantTimeZone) {
}
