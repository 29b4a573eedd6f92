package com.nakksha.booking.session;

import com.nakksha.booking.money.Money;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * What a session's own methods report having happened, for the outbox and for tests to assert on.
 * Each carries what its Avro event needs beyond the session itself, so publishing needs nothing else.
 */
public sealed interface SessionEvent {

    UUID sessionId();

    Instant occurredAt();

    /**
     * @param meetingLink where the session takes place: its own link or the consultant's default for its platform; null when neither exists
     * @param consultantTimeZone the zone the consultant's availability is in, for messages showing local times
     * @param paymentCapabilityHash lowercase hex SHA-256 of the client's payment capability; null when the session
     *                              is not paid through payment-service (manual or free)
     * @param sealedPaymentCapability the capability sealed for notification-service ({@link PaymentCapability#sealed()});
     *                                null when there is none or no seal key
     */
    record Booked(UUID sessionId, BookingSource source, Attendee attendee, String meetingLink, ZoneId consultantTimeZone,
                  String paymentCapabilityHash, String sealedPaymentCapability, Instant occurredAt) implements SessionEvent {

        /** As the aggregate reports it: the sealed capability is added where it is issued ({@link SessionBooking}). */
        public Booked(UUID sessionId, BookingSource source, Attendee attendee, String meetingLink, ZoneId consultantTimeZone,
                      String paymentCapabilityHash, Instant occurredAt) {
            this(sessionId, source, attendee, meetingLink, consultantTimeZone, paymentCapabilityHash, null, occurredAt);
        }

        Booked withSealedPaymentCapability(String sealed) {
            return new Booked(sessionId, source, attendee, meetingLink, consultantTimeZone, paymentCapabilityHash, sealed, occurredAt);
        }
    }

    /** @param meetingLink as for {@link Booked} */
    record Confirmed(UUID sessionId, String meetingLink, Instant occurredAt) implements SessionEvent {
    }

    /** @param reason why, as the consultant gave it; null when not given */
    record Rescheduled(UUID sessionId, Instant previousStart, Duration previousDuration,
                       Instant newStart, Duration newDuration, String reason, Instant occurredAt) implements SessionEvent {
    }

    record Cancelled(UUID sessionId, String reason, Instant occurredAt) implements SessionEvent {
    }

    record Completed(UUID sessionId, Instant occurredAt) implements SessionEvent {
    }

    record NoShow(UUID sessionId, Instant occurredAt) implements SessionEvent {
    }

    record Abandoned(UUID sessionId, Instant holdExpiredAt, Instant occurredAt) implements SessionEvent {
    }

    /** @param previousHoldExpiresAt when the hold would have run out; {@code holdExpiresAt} when it now does */
    record HoldExtended(UUID sessionId, Instant previousHoldExpiresAt, Instant holdExpiresAt, Instant occurredAt)
            implements SessionEvent {
    }

    /**
     * A payment captured after the hold expired cannot be kept: the slot was taken meanwhile. payment-service
     * returns it in full.
     *
     * @param paymentId payment-service's id of the payment; {@code providerPaymentId} Razorpay's (pay_...)
     * @param amount what was captured
     */
    record PaymentDeclined(UUID sessionId, UUID paymentId, String providerPaymentId, Money amount, DeclineReason reason,
                           Instant occurredAt) implements SessionEvent {
    }

    /** Why a session declines a payment. */
    enum DeclineReason {
        SLOT_TAKEN
    }

    record PaymentChanged(UUID sessionId, PaymentStatus previous, PaymentStatus current, Instant occurredAt)
            implements SessionEvent {
    }
}
