package com.nakksha.notification.booking;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nakksha.notification.NotificationProperties;
import com.nakksha.notification.contact.Contact;
import com.nakksha.notification.contact.ContactService;
import com.nakksha.notification.mail.EmailTemplate;
import com.nakksha.notification.mail.MailProperties;
import com.nakksha.notification.mail.QueuedMail;
import com.nakksha.notification.mail.SealedTokens;
import com.nakksha.notification.mail.SendTimeCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import static com.nakksha.notification.mail.EmailTemplate.BOOKING_EMAIL_CONFIRMATION;
import static com.nakksha.notification.mail.EmailTemplate.BOOKING_RECEIVED;
import static com.nakksha.notification.mail.EmailTemplate.CONSULTANT_NEW_BOOKING;
import static com.nakksha.notification.mail.EmailTemplate.CONSULTANT_SESSION_CANCELLED;
import static com.nakksha.notification.mail.EmailTemplate.CONSULTANT_SESSION_RESCHEDULED;
import static com.nakksha.notification.mail.EmailTemplate.LATE_CAPTURE_REFUNDED;
import static com.nakksha.notification.mail.EmailTemplate.PAYMENT_FAILED;
import static com.nakksha.notification.mail.EmailTemplate.PAYMENT_RECEIPT;
import static com.nakksha.notification.mail.EmailTemplate.REFUND_ISSUED;
import static com.nakksha.notification.mail.EmailTemplate.SESSION_CANCELLED;
import static com.nakksha.notification.mail.EmailTemplate.SESSION_CONFIRMED;
import static com.nakksha.notification.mail.EmailTemplate.SESSION_REMINDER;
import static com.nakksha.notification.mail.EmailTemplate.SESSION_RESCHEDULED;

/**
 * Booking and payment mails decide from the session as it is when they go out (DESIGN.md, and
 * Cal.com #11272, #17928): no "complete your payment" once paid, cancelled or expired; no
 * confirmation, move or reminder for a cancelled session; a reminder for a session that moved or
 * has started is skipped with the reason. Session details and the calendar invite come from the
 * current replica, so a late mail never shows an old time.
 */
@Component
class BookingMailCheck implements SendTimeCheck {

    private static final Set<EmailTemplate> COVERED = EnumSet.of(BOOKING_RECEIVED, BOOKING_EMAIL_CONFIRMATION, SESSION_CONFIRMED, SESSION_RESCHEDULED,
            SESSION_CANCELLED, SESSION_REMINDER, CONSULTANT_NEW_BOOKING, CONSULTANT_SESSION_RESCHEDULED,
            CONSULTANT_SESSION_CANCELLED, PAYMENT_RECEIPT, PAYMENT_FAILED, REFUND_ISSUED, LATE_CAPTURE_REFUNDED);
    /** The client's mails about their booking: each carries the manage link (issue 11). */
    private static final Set<EmailTemplate> CLIENT_BOOKING_MAILS = EnumSet.of(BOOKING_RECEIVED, BOOKING_EMAIL_CONFIRMATION, SESSION_CONFIRMED,
            SESSION_RESCHEDULED, SESSION_CANCELLED, SESSION_REMINDER);
    private static final Set<EmailTemplate> NOT_FOR_CANCELLED = EnumSet.of(SESSION_CONFIRMED, SESSION_RESCHEDULED,
            CONSULTANT_NEW_BOOKING, CONSULTANT_SESSION_RESCHEDULED);

    private final BookedSessionRepository sessions;
    private final ContactService contacts;
    private final SealedTokens tokens;
    private final NotificationProperties platform;
    private final BookingMailProperties properties;
    private final MailProperties delivery;
    static final String REMINDERS_MISSED = "nakksha.notification.reminders.missed";
    static final String REMINDER_LATENESS = "nakksha.notification.reminder.lateness";

    private final MeterRegistry meters;
    private final Clock clock;

    BookingMailCheck(BookedSessionRepository sessions, ContactService contacts, SealedTokens tokens,
                     NotificationProperties platform, BookingMailProperties properties, MailProperties delivery,
                     MeterRegistry meters, Clock clock) {
        this.sessions = sessions;
        this.contacts = contacts;
        this.tokens = tokens;
        this.platform = platform;
        this.properties = properties;
        this.delivery = delivery;
        this.meters = meters;
        this.clock = clock;
        // At zero from start-up, so the reminder alerts tell "none late" from "no such meter".
        remindersMissed();
        reminderLateness();
    }

    private Counter remindersMissed() {
        return Counter.builder(REMINDERS_MISSED)
                .description("Reminders found due only after their session had started, so not sent")
                .register(meters);
    }

    private Timer reminderLateness() {
        return Timer.builder(REMINDER_LATENESS)
                .description("Time from a reminder falling due to the delivery job handing it to the provider")
                .register(meters);
    }

    @Override
    public boolean covers(EmailTemplate template) {
        return COVERED.contains(template);
    }

    @Override
    public Mono<Decision> decide(QueuedMail mail) {
        UUID sessionId = UUID.fromString(mail.model().get("sessionId"));
        return sessions.find(sessionId)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("session " + sessionId + " is not in the replica")))
                .flatMap(session -> contacts.find(session.consultantId())
                        .defaultIfEmpty(new Contact(session.consultantId(), null, null, null, null))
                        .map(consultant -> decide(mail, session, consultant, clock.instant())));
    }

    private Decision decide(QueuedMail mail, BookedSession session, Contact consultant, Instant now) {
        EmailTemplate template = mail.template();
        if (NOT_FOR_CANCELLED.contains(template) && session.status() == BookedSession.Status.CANCELLED) {
            return new Skip("the session was cancelled before this mail went out");
        }
        if (template == BOOKING_EMAIL_CONFIRMATION && !session.awaitsPayment(now)) {
            return new Skip(session.status() != BookedSession.Status.PENDING
                    ? "the booking is " + session.status().name().toLowerCase() + " already"
                    : "the booking's hold expired before its confirmation link went out");
        }
        if ((template == BOOKING_RECEIVED || template == PAYMENT_FAILED) && !session.awaitsPayment(now)) {
            return new Skip(session.paid() ? "the session is paid already"
                    : session.status() != BookedSession.Status.PENDING ? "the session is " + session.status().name().toLowerCase()
                    : "the payment hold expired");
        }
        if (template == SESSION_REMINDER) {
            if (session.status() != BookedSession.Status.CONFIRMED) {
                return new Skip("the session is " + session.status().name().toLowerCase());
            }
            if (!session.startsAt().toString().equals(mail.model().get("startsAt"))) {
                return new Skip("the session moved to " + session.startsAt());
            }
            if (!now.isBefore(session.startsAt())) {
                remindersMissed().increment();
                return new Skip("the reminder came due at " + mail.notBefore() + " but was found only at " + now
                        + ", after the session started");
            }
            reminderLateness()
                    .record(Duration.between(mail.notBefore(), now).isNegative() ? Duration.ZERO : Duration.between(mail.notBefore(), now));
        }
        Map<String, Object> model = details(session, consultant, now);
        String organizer = consultant.email() == null ? delivery.from() : consultant.email();
        String organizerName = consultant.email() == null ? delivery.fromName() : consultant.fullName();
        List<Attachment> attachments = switch (template) {
            case SESSION_CONFIRMED, SESSION_RESCHEDULED -> List.of(CalendarInvites.request(session, organizer, organizerName, now));
            case SESSION_CANCELLED -> session.invited()
                    ? List.of(CalendarInvites.cancel(session, organizer, organizerName, now)) : List.of();
            default -> List.of();
        };
        if (template == BOOKING_RECEIVED || template == PAYMENT_FAILED) {
            model.put("paymentLink", paymentLink(session));
            model.put("minutesLeft", Long.toString(Math.max(1, Duration.between(now, session.holdExpiresAt()).toMinutes())));
        }
        if (template == BOOKING_EMAIL_CONFIRMATION) {
            model.put("confirmationLink", confirmationLink(session, mail.model().get(BookingMails.SEALED_CONFIRMATION)));
            model.put("minutesLeft", Long.toString(Math.max(1, Duration.between(now, session.holdExpiresAt()).toMinutes())));
        }
        if (CLIENT_BOOKING_MAILS.contains(template)) {
            model.put("manageLink", manageLink(session));
        }
        return new Send(model, attachments);
    }

    /**
     * The client's manage link with the token opened from the booking event at send time (it is stored
     * sealed only); null for a booking without one (manual). A token that does not open fails the attempt
     * like a pay link's, so a missing key is retried and counted, not mailed without the link.
     */
    private String manageLink(BookedSession session) {
        if (session.sealedManageToken() == null) {
            return null;
        }
        String token = tokens.open(session.sealedManageToken(), "MANAGE:" + session.sessionId());
        return platform.appBaseUrl() + properties.managePath().replace("{token}", token);
    }

    /**
     * The link that confirms a free booking, with the token opened at send time. A token that does not open fails
     * the attempt (retried and counted) rather than mailing a confirmation request without its link.
     */
    private String confirmationLink(BookedSession session, String sealed) {
        String token = tokens.open(sealed, "CONFIRM_EMAIL:" + session.sessionId());
        return platform.appBaseUrl() + properties.emailConfirmationPath()
                .replace("{token}", URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private Map<String, Object> details(BookedSession session, Contact consultant, Instant now) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", session.title());
        model.put("startsAt", session.startsAt().toString());
        model.put("endsAt", session.endsAt().toString());
        model.put("amountMinor", Long.toString(session.amountMinor()));
        model.put("currency", session.currency());
        model.put("meetingLink", session.meetingLink());
        model.put("clientName", session.clientName());
        model.put("consultantName", consultant.fullName().isEmpty() ? "your consultant" : consultant.fullName());
        model.put("holdExpiresAt", session.holdExpiresAt() == null ? null : session.holdExpiresAt().toString());
        return model;
    }

    /** The pay link with the capability opened from the booking event; null when booking sealed none. */
    private String paymentLink(BookedSession session) {
        if (session.sealedPaymentCapability() == null) {
            return null;
        }
        String capability = tokens.open(session.sealedPaymentCapability(), "PAYMENT:" + session.sessionId());
        return platform.appBaseUrl() + properties.paymentPath()
                .replace("{sessionId}", session.sessionId().toString())
                .replace("{capability}", java.net.URLEncoder.encode(capability, java.nio.charset.StandardCharsets.UTF_8));
    }
}
