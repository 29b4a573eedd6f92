package com.nakksha.notification.booking;

import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.defaults.time.RegionZones;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionCompleted;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionNoShow;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.events.SessionRescheduled;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Session events: the replica and the booking mails, once per event. */
@Component
class BookingEventsListener {

    static final String CONSUMER = "notification-service.booking";

    private final Inbox inbox;
    private final BookingMails mails;
    private final Reminders reminders;

    BookingEventsListener(Inbox inbox, BookingMails mails, Reminders reminders) {
        this.inbox = inbox;
        this.mails = mails;
        this.reminders = reminders;
    }

    @KafkaListener(topics = Topic.Names.BOOKING_SESSION, groupId = CONSUMER, batch = "true")
    void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        inbox.handleEachOnce(CONSUMER, records, this::effectOf);
    }

    /** The event's effect, null for an event this consumer ignores. */
    private Supplier<Mono<?>> effectOf(SpecificRecord event) {
        return switch (event) {
            case SessionBooked booked -> () -> mails.booked(booked.getEventId(), replica(booked), booked.getSessionVersion(),
                    booked.getSealedEmailConfirmationToken());
            case SessionConfirmed confirmed -> () -> mails.confirmed(confirmed.getEventId(), confirmed.getSessionId(),
                            confirmed.getStartsAt(), confirmed.getEndsAt(), confirmed.getMeetingLink(), confirmed.getSessionVersion())
                    .then(reminders.plan(confirmed.getSessionId()));
            case SessionRescheduled moved -> () -> mails.rescheduled(moved.getEventId(), moved.getSessionId(),
                            moved.getPreviousStartsAt(), moved.getStartsAt(), moved.getEndsAt(), moved.getReason(),
                            moved.getSessionVersion())
                    .then(reminders.plan(moved.getSessionId()));
            case SessionCancelled cancelled -> () -> mails.cancelled(cancelled.getEventId(), cancelled.getSessionId(),
                            cancelled.getReason(), cancelled.getCancelledBy().name())
                    .then(reminders.drop(cancelled.getSessionId(), "the session was cancelled"));
            case SessionAbandoned abandoned -> () -> mails.ended(abandoned.getSessionId(), BookedSession.Status.ABANDONED);
            case SessionCompleted completed -> () -> mails.ended(completed.getSessionId(), BookedSession.Status.COMPLETED);
            case SessionNoShow noShow -> () -> mails.ended(noShow.getSessionId(), BookedSession.Status.NO_SHOW);
            case SessionPaymentUpdated payment -> () -> mails.paymentStatus(payment.getSessionId(), payment.getPaymentStatus().name());
            default -> null;
        };
    }

    private static BookedSession replica(SessionBooked booked) {
        ZoneId consultantZone = zoneOrNull(booked.getConsultantTimezone());
        ZoneId clientZone = zoneOrNull(booked.getClientTimezone());
        ZoneId consultant = consultantZone == null ? ZoneId.of("UTC") : consultantZone;
        return new BookedSession(booked.getSessionId(), booked.getConsultantId(), booked.getClientName(),
                booked.getClientEmail(), clientZone == null ? consultant : clientZone, consultant, booked.getTitle(),
                booked.getStartsAt(), booked.getEndsAt(), booked.getAmountMinor(), booked.getCurrency(), booked.getSource().name(),
                BookedSession.Status.PENDING, booked.getPaymentStatus() == null ? PaymentStatus.UNKNOWN.name() : booked.getPaymentStatus().name(),
                booked.getHoldExpiresAt(), booked.getSealedPaymentCapability(), booked.getSealedManageToken(),
                booked.getMeetingLink(), 0, false);
    }

    private static ZoneId zoneOrNull(String zone) {
        return RegionZones.of(zone).orElse(null);
    }
}
