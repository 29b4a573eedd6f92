package com.nakksha.notification.booking;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * What booking's and payment's events say about a session now, kept for the mails that decide at
 * send time (DESIGN.md: "mails decide from the current state").
 *
 * @param clientZone IANA zone the client booked in, else the consultant's zone at booking
 * @param amountMinor price in minor units (paise for INR)
 * @param holdExpiresAt when an unpaid public booking lets its slot go; null when there is no hold
 * @param sealedPaymentCapability the payment capability sealed for notification, or null
 * @param sealedManageToken the client's manage token as booking sealed it ({@code MANAGE:<session id>}), or null
 *                          (manual bookings have no manage link)
 * @param icsSequence SEQUENCE of the session's calendar event: 0 when booked, +1 per move or cancellation
 * @param invited whether a calendar invite went out (the session was confirmed), so a cancellation sends CANCEL
 */
record BookedSession(UUID sessionId, UUID consultantId, String clientName, String clientEmail, ZoneId clientZone,
                     ZoneId consultantZone, String title, Instant startsAt, Instant endsAt, long amountMinor, String currency,
                     String source, Status status, String paymentStatus, Instant holdExpiresAt, String sealedPaymentCapability,
                     String sealedManageToken, String meetingLink, int icsSequence, boolean invited) {

    enum Status { PENDING, CONFIRMED, CANCELLED, ABANDONED, COMPLETED, NO_SHOW }

    boolean paid() {
        return "PAID".equals(paymentStatus);
    }

    /** Whether the client can still pay for the held slot at {@code now}. */
    boolean awaitsPayment(Instant now) {
        return status == Status.PENDING && !paid() && holdExpiresAt != null && now.isBefore(holdExpiresAt);
    }
}
