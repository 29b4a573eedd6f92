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
     * @param clientTimeZone IANA id the client booked in, for mails to them; null when unknown (manual bookings)
     * @param sealedManageToken the client's manage token sealed for notification-service ({@link ManageToken#sealed});
     *                          null for manual bookings or without a seal key
     * @param sealedEmailConfirmationToken the token of the link that confirms a free public booking
     *                                     ({@link EmailConfirmationToken}), sealed for notification-service; null
     *                                     for paid and manual bookings, or without a seal key
     */
    record Booked(UUID sessionId, BookingSource source, Attendee attendee, String meetingLink, ZoneId consultantTimeZone,
                  String paymentCapabilityHash, String sealedPaymentCapability, String clientTimeZone,
                  String sealedManageToken, String sealedEmailConfirmationToken, Instant occurredAt) implements SessionEvent {

        /** As the aggregate reports it: the sealed tokens and the client's zone are added where the booking is made ({@link SessionBooking}). */
        public Booked(UUID sessionId, BookingSource source, Attendee attendee, String meetingLink, ZoneId consultantTimeZone,
                      String paymentCapabilityHash, Instant occurredAt) {
            this(sessionId, source, attendee, meetingLink, consultantTimeZone, paymentCapabilityHash, null, null, null, null,
                    occurredAt);
        }

        Booked withSealedPaymentCapability(String sealed) {
            return new Booked(sessionId, source, attendee, meetingLink, consultantTimeZone, paymentCapabilityHash, sealed,
                    clientTimeZone, sealedManageToken, sealedEmailConfirmationToken, occurredAt);
        }

        /** The public booking's additions: the zone the client booked in and their sealed manage token. */
        Booked withClient(String zone, String sealedManage) {
            return new Booked(sessionId, source, attendee, meetingLink, consultantTimeZone, paymentCapabilityHash,
                    sealedPaymentCapability, zone, sealedManage, sealedEmailConfirmationToken, occurredAt);
        }

        /** A free public booking's addition: its confirmation link's token, sealed for the mail. */
        Booked withEmailConfirmation(String sealed) {
            return new Booked(sessionId, source, attendee, meetingLink, consultantTimeZone, paymentCapabilityHash,
                    sealedPaymentCapability, clientTimeZone, sealedManageToken, sealed, occurredAt);
        }
    }

    /** @param meetingLink as for {@link Booked} */
    record Confirmed(UUID sessionId, String meetingLink, Instant occurredAt) implements SessionEvent {
    }

    /**
     * @param reason why, as the consultant or client gave it; null when not given
     * @param by who moved it (kept in the session's history)
     */
    record Rescheduled(UUID sessionId, Instant previousStart, Duration previousDuration,
                       Instant newStart, Duration newDuration, String reason, ChangedBy by, Instant occurredAt)
            implements SessionEvent {
    }

    /**
     * @param by who cancelled
     * @param refundPercent the share of a capture to refund, 0 to 100, for a client's cancellation under the
     *                      consultant's policy; null refunds in full
     */
    record Cancelled(UUID sessionId, String reason, CancelledBy by, Integer refundPercent, Instant occurredAt)
            implements SessionEvent {
    }

    /** Who cancelled a session. */
    enum CancelledBy {
        CONSULTANT,
        CLIENT
    }

    /** Who changed a session's time. */
    enum ChangedBy {
        CONSULTANT,
        CLIENT
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
