package com.nakksha.notification.booking;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.nakksha.defaults.failure.PrerequisiteNotYetApplied;
import com.nakksha.notification.contact.ContactService;
import com.nakksha.notification.mail.EmailTemplate;
import com.nakksha.notification.mail.Mails;
import com.nakksha.notification.mail.OwedMail;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Keeps the session replica and owes the booking and payment mails. Runs inside the consumer's
 * inbox transaction: the replica change and the owed mails commit together with the event id.
 */
@Service
class BookingMails {

    /** The model key of the sealed confirmation token in a BOOKING_EMAIL_CONFIRMATION mail. */
    static final String SEALED_CONFIRMATION = "sealedConfirmationToken";

    private final BookedSessionRepository sessions;
    private final ContactService contacts;
    private final Mails mails;
    private final BookingMailProperties properties;
    private final Clock clock;

    BookingMails(BookedSessionRepository sessions, ContactService contacts, Mails mails, BookingMailProperties properties,
                 Clock clock) {
        this.properties = properties;
        this.sessions = sessions;
        this.contacts = contacts;
        this.mails = mails;
        this.clock = clock;
    }

    /**
     * @param sealedEmailConfirmation a free booking's confirmation link token as booking sealed it
     *                                ({@code CONFIRM_EMAIL:<session id>}); null for any other booking. It goes into
     *                                the owed mail's model (never shown by the email log) and is opened at send time.
     */
    Mono<Void> booked(UUID eventId, BookedSession session, Long version, String sealedEmailConfirmation) {
        Mono<Void> recorded = sessions.booked(session, version, clock.instant());
        if (sealedEmailConfirmation != null) {
            // At once: the booking is confirmed only through this mail, and its hold is running.
            return recorded.then(toClient(eventId, session, EmailTemplate.BOOKING_EMAIL_CONFIRMATION,
                    Map.of(SEALED_CONFIRMATION, sealedEmailConfirmation), clock.instant()));
        }
        // A free booking is never asked to pay (without a seal key it gets no confirmation mail either).
        if (session.status() == BookedSession.Status.PENDING && session.holdExpiresAt() != null && !session.paid()
                && session.amountMinor() > 0) {
            Instant sendAt = min(clock.instant().plus(properties.paymentMailDelay()), session.holdExpiresAt());
            return recorded.then(toClient(eventId, session, EmailTemplate.BOOKING_RECEIVED, Map.of(), sendAt));
        }
        return recorded;
    }

    /** @param version the event's {@code sessionVersion}, null from writers before the field */
    Mono<Void> confirmed(UUID eventId, UUID sessionId, Instant startsAt, Instant endsAt, String meetingLink, Long version) {
        return whenApplied(sessionId, sessions.confirmed(sessionId, startsAt, endsAt, meetingLink, version, clock.instant()),
                () -> toClient(eventId, sessionId, EmailTemplate.SESSION_CONFIRMED, Map.of())
                        .then(toConsultant(eventId, sessionId, EmailTemplate.CONSULTANT_NEW_BOOKING, Map.of())));
    }

    /** @param version the event's {@code sessionVersion}, null from writers before the field */
    Mono<Void> rescheduled(UUID eventId, UUID sessionId, Instant previousStartsAt, Instant startsAt, Instant endsAt,
                           String reason, Long version) {
        Map<String, String> model = new HashMap<>();
        model.put("previousStartsAt", previousStartsAt.toString());
        model.put("reason", reason == null ? "" : reason);
        return whenApplied(sessionId, sessions.rescheduled(sessionId, startsAt, endsAt, version, clock.instant()),
                () -> toClient(eventId, sessionId, EmailTemplate.SESSION_RESCHEDULED, model)
                        .then(toConsultant(eventId, sessionId, EmailTemplate.CONSULTANT_SESSION_RESCHEDULED, model)));
    }

    /**
     * The mails of a change the replica took; none for an old event delivered late (a re-drive from the dead-letter
     * topic after newer ones), which the replica refused. A session missing from the replica fails as {@link #session} does.
     */
    private Mono<Void> whenApplied(UUID sessionId, Mono<Boolean> applied, Supplier<Mono<Void>> mails) {
        return applied.flatMap(took -> took ? mails.get() : session(sessionId).then());
    }

    Mono<Void> cancelled(UUID eventId, UUID sessionId, String reason, String cancelledBy) {
        Map<String, String> model = Map.of("reason", reason, "cancelledBy", cancelledBy);
        return sessions.cancelled(sessionId, clock.instant())
                .then(toClient(eventId, sessionId, EmailTemplate.SESSION_CANCELLED, model))
                .then(toConsultant(eventId, sessionId, EmailTemplate.CONSULTANT_SESSION_CANCELLED, model));
    }

    Mono<Void> ended(UUID sessionId, BookedSession.Status status) {
        return sessions.ended(sessionId, status, clock.instant());
    }

    Mono<Void> paymentStatus(UUID sessionId, String paymentStatus) {
        return sessions.paymentStatus(sessionId, paymentStatus, clock.instant());
    }

    Mono<Void> captured(UUID eventId, UUID sessionId, long amountMinor, String currency, String providerPaymentId) {
        return sessionBooked(sessionId)
                .then(sessions.paymentStatus(sessionId, "PAID", clock.instant()))
                .then(toClient(eventId, sessionId, EmailTemplate.PAYMENT_RECEIPT, Map.of(
                        "paidMinor", Long.toString(amountMinor), "paidCurrency", currency,
                        "providerPaymentId", providerPaymentId)));
    }

    Mono<Void> paymentFailed(UUID eventId, UUID sessionId, String errorDescription) {
        return sessionBooked(sessionId).then(toClient(eventId, sessionId, EmailTemplate.PAYMENT_FAILED,
                Map.of("error", errorDescription == null ? "" : errorDescription)));
    }

    Mono<Void> refunded(UUID eventId, UUID sessionId, long amountMinor, String currency, String expectation) {
        return sessionBooked(sessionId).then(toClient(eventId, sessionId, EmailTemplate.REFUND_ISSUED, Map.of(
                "refundMinor", Long.toString(amountMinor), "refundCurrency", currency, "expectation", expectation)));
    }

    Mono<Void> returned(UUID eventId, UUID sessionId, long amountMinor, String currency, String reason, String expectation) {
        return sessionBooked(sessionId).then(toClient(eventId, sessionId, EmailTemplate.LATE_CAPTURE_REFUNDED, Map.of(
                "refundMinor", Long.toString(amountMinor), "refundCurrency", currency, "reason", reason,
                "expectation", expectation)));
    }

    /** A reminder owed at {@code sendAt}; keyed by a UUID derived from the session, offset and start. */
    Mono<Boolean> reminder(UUID reminderKey, BookedSession session, Instant sendAt, String offset) {
        return mails.owe(new OwedMail(reminderKey, EmailTemplate.SESSION_REMINDER, session.clientEmail(), session.clientName(),
                session.consultantId(), session.clientZone(),
                Map.of("sessionId", session.sessionId().toString(), "startsAt", session.startsAt().toString(), "offset", offset),
                sendAt));
    }

    private Mono<Void> toClient(UUID eventId, UUID sessionId, EmailTemplate template, Map<String, String> extra) {
        return toClient(eventId, sessionId, template, extra, clock.instant());
    }

    private Mono<Void> toClient(UUID eventId, UUID sessionId, EmailTemplate template, Map<String, String> extra,
                                Instant notBefore) {
        return session(sessionId).flatMap(session -> toClient(eventId, session, template, extra, notBefore));
    }

    /** To the client of {@code session} as the caller has it: a booking's mails take the event's, not a read of the row just written. */
    private Mono<Void> toClient(UUID eventId, BookedSession session, EmailTemplate template, Map<String, String> extra,
                                Instant notBefore) {
        Map<String, String> model = new HashMap<>(extra);
        model.put("sessionId", session.sessionId().toString());
        return mails.owe(new OwedMail(eventId, template, session.clientEmail(), session.clientName(),
                session.consultantId(), session.clientZone(), model, notBefore)).then();
    }

    private Mono<Void> toConsultant(UUID eventId, UUID sessionId, EmailTemplate template, Map<String, String> extra) {
        return session(sessionId).flatMap(session -> contacts.find(session.consultantId())
                .filter(contact -> contact.email() != null)
                // The address comes on identity.consultant, which this listener's topic is not ordered with.
                .switchIfEmpty(Mono.error(() -> new PrerequisiteNotYetApplied(
                        "no address for consultant " + session.consultantId() + " yet (ConsultantRegistered not applied)")))
                .flatMap(contact -> {
                    Map<String, String> model = new HashMap<>(extra);
                    model.put("sessionId", sessionId.toString());
                    ZoneId zone = contact.zoneOr(session.consultantZone());
                    return mails.owe(new OwedMail(eventId, template, contact.email(), contact.fullName(),
                            session.consultantId(), zone, model, clock.instant()));
                })).then();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * The session as the replica holds it. Every caller has made sure it is there: a booking.session event
     * comes after its SessionBooked on the same partition, and a payment event asks {@link #sessionBooked} first.
     * Missing here means SessionBooked was lost or dead-lettered, which waiting cannot mend.
     */
    Mono<BookedSession> session(UUID sessionId) {
        return sessions.find(sessionId).switchIfEmpty(Mono.error(() -> new IllegalStateException(
                "session " + sessionId + " is not in the replica (SessionBooked not applied)")));
    }

    /**
     * Fails with {@link PrerequisiteNotYetApplied} while the session's SessionBooked is not applied: payment events
     * come on payment.payment, which is not ordered with booking.session, and after a restart this consumer can
     * read them first (issue 13). The listener then retries until SessionBooked is here.
     */
    private Mono<Void> sessionBooked(UUID sessionId) {
        return sessions.find(sessionId).switchIfEmpty(Mono.error(() -> new PrerequisiteNotYetApplied(
                "session " + sessionId + " is not in the replica yet (SessionBooked not applied)"))).then();
    }
}
