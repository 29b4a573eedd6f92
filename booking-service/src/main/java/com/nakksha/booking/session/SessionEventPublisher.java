package com.nakksha.booking.session;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.events.CancelledBy;
import com.nakksha.events.PaymentDeclineReason;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionCompleted;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionHoldExtended;
import com.nakksha.events.SessionNoShow;
import com.nakksha.events.SessionPaymentDeclined;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.events.SessionRescheduled;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Turns a session's domain events into the platform's Avro events and appends them to the outbox,
 * inside the transaction that changed the session. Every payment change of a session becomes
 * SessionPaymentUpdated, whether the consultant made it or a payment-service outcome did, so that
 * {@code booking.session} alone tells each session's payment story in order.
 */
@Component
class SessionEventPublisher {

    private final Outbox outbox;

    SessionEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    /** @param version the session's version once the write that raised {@code events} commits; every event carries it */
    Mono<Void> publish(Session session, long version, List<SessionEvent> events) {
        return Flux.fromIterable(events)
                .map(event -> toAvro(session, version, event))
                .concatMap(avro -> outbox.append(Topic.BOOKING_SESSION, session.id().toString(), avro))
                .then();
    }

    private static SpecificRecord toAvro(Session session, long version, SessionEvent event) {
        UUID eventId = UUID.randomUUID();
        Instant at = millis(event.occurredAt());
        return switch (event) {
            case SessionEvent.Booked booked -> SessionBooked.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(session.consultantId())
                    .setSessionId(session.id()).setSessionVersion(version)
                    .setClientId(booked.attendee().clientId())
                    .setClientName(booked.attendee().name())
                    .setClientEmail(booked.attendee().email())
                    .setClientPhone(booked.attendee().phone())
                    .setSessionType(com.nakksha.events.SessionType.valueOf(session.type().name()))
                    .setTitle(session.title())
                    .setStartsAt(millis(session.startsAt()))
                    .setEndsAt(millis(session.endsAt()))
                    .setDurationMinutes((int) session.duration().toMinutes())
                    .setAmountMinor(session.amount().amountMinor())
                    .setCurrency(session.amount().currency().getCurrencyCode())
                    .setSource(com.nakksha.events.BookingSource.valueOf(booked.source().name()))
                    .setPaymentStatus(avro(session.paymentStatus()))
                    .setPaymentMethod(session.paymentMethod() == null ? null
                            : com.nakksha.events.PaymentMethod.valueOf(session.paymentMethod().name()))
                    .setHoldExpiresAt(session.holdExpiresAt() == null ? null : millis(session.holdExpiresAt()))
                    .setMeetingPlatform(com.nakksha.events.MeetingPlatform.valueOf(session.platform().name()))
                    .setMeetingLink(booked.meetingLink())
                    .setConsultantTimezone(booked.consultantTimeZone().getId())
                    .setNotes(session.notes())
                    .setPaymentCapabilityHash(booked.paymentCapabilityHash())
                    .setSealedPaymentCapability(booked.sealedPaymentCapability())
                    .setClientTimezone(booked.clientTimeZone())
                    .setSealedManageToken(booked.sealedManageToken())
                    .setSealedEmailConfirmationToken(booked.sealedEmailConfirmationToken())
                    .build();
            case SessionEvent.Confirmed confirmed -> SessionConfirmed.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(session.consultantId())
                    .setSessionId(session.id()).setSessionVersion(version)
                    .setClientId(session.clientId())
                    .setStartsAt(millis(session.startsAt()))
                    .setEndsAt(millis(session.endsAt()))
                    .setMeetingLink(confirmed.meetingLink())
                    .build();
            case SessionEvent.Rescheduled moved -> SessionRescheduled.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(session.consultantId())
                    .setSessionId(session.id()).setSessionVersion(version)
                    .setPreviousStartsAt(millis(moved.previousStart()))
                    .setPreviousEndsAt(millis(moved.previousStart().plus(moved.previousDuration())))
                    .setStartsAt(millis(moved.newStart()))
                    .setEndsAt(millis(moved.newStart().plus(moved.newDuration())))
                    .setReason(moved.reason())
                    .build();
            case SessionEvent.Cancelled cancelled -> SessionCancelled.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(session.consultantId())
                    .setSessionId(session.id()).setSessionVersion(version)
                    .setReason(cancelled.reason())
                    .setCancelledBy(CancelledBy.valueOf(cancelled.by().name()))
                    .setRefundPercent(cancelled.refundPercent())
                    .build();
            case SessionEvent.Completed completed -> SessionCompleted.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(session.consultantId())
                    .setSessionId(session.id()).setSessionVersion(version)
                    .build();
            case SessionEvent.NoShow noShow -> SessionNoShow.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(session.consultantId())
                    .setSessionId(session.id()).setSessionVersion(version)
                    .build();
            case SessionEvent.Abandoned abandoned -> SessionAbandoned.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(session.consultantId())
                    .setSessionId(session.id()).setSessionVersion(version)
                    .setHoldExpiredAt(millis(abandoned.holdExpiredAt()))
                    .build();
            case SessionEvent.HoldExtended extended -> SessionHoldExtended.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(session.consultantId())
                    .setSessionId(session.id()).setSessionVersion(version)
                    .setPreviousHoldExpiresAt(millis(extended.previousHoldExpiresAt()))
                    .setHoldExpiresAt(millis(extended.holdExpiresAt()))
                    .build();
            case SessionEvent.PaymentDeclined declined -> SessionPaymentDeclined.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(session.consultantId())
                    .setSessionId(session.id()).setSessionVersion(version)
                    .setPaymentId(declined.paymentId())
                    .setProviderPaymentId(declined.providerPaymentId())
                    .setAmountMinor(declined.amount().amountMinor())
                    .setCurrency(declined.amount().currency().getCurrencyCode())
                    .setReason(PaymentDeclineReason.valueOf(declined.reason().name()))
                    .build();
            case SessionEvent.PaymentChanged paymentChanged -> SessionPaymentUpdated.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(session.consultantId())
                    .setSessionId(session.id()).setSessionVersion(version)
                    .setClientId(session.clientId())
                    .setPreviousPaymentStatus(avro(paymentChanged.previous()))
                    .setPaymentStatus(avro(paymentChanged.current()))
                    .setPaymentMethod(session.paymentMethod() == null ? null
                            : com.nakksha.events.PaymentMethod.valueOf(session.paymentMethod().name()))
                    .setAmountMinor(session.amount().amountMinor())
                    .setCurrency(session.amount().currency().getCurrencyCode())
                    .build();
        };
    }

    private static com.nakksha.events.PaymentStatus avro(PaymentStatus status) {
        return com.nakksha.events.PaymentStatus.valueOf(status.name());
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
