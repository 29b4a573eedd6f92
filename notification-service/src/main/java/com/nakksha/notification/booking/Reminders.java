package com.nakksha.notification.booking;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.nakksha.notification.mail.EmailTemplate;
import com.nakksha.notification.mail.Mails;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Reminders before a confirmed session, stored in the email log as mails not to send before their
 * time: they survive restarts, and the log's unique (key, template, recipient) sends each once even
 * with two instances. The key is derived from the session, the offset and the start, so a move
 * plans new reminders and takes back the old ones; a cancellation takes them all back.
 */
@Service
class Reminders {

    private final BookedSessionRepository sessions;
    private final BookingMails bookingMails;
    private final Mails mails;
    private final BookingMailProperties properties;
    private final Clock clock;

    Reminders(BookedSessionRepository sessions, BookingMails bookingMails, Mails mails, BookingMailProperties properties,
              Clock clock) {
        this.sessions = sessions;
        this.bookingMails = bookingMails;
        this.mails = mails;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Plans the reminders of a confirmed session at its current start. A reminder whose time has
     * already passed when the session is confirmed or moved is not planned: the confirmation or
     * reschedule mail going out now says the same.
     */
    Mono<Void> plan(UUID sessionId) {
        Instant now = clock.instant();
        return sessions.find(sessionId)
                .filter(session -> session.status() == BookedSession.Status.CONFIRMED)
                .flatMap(session -> mails.withdraw(EmailTemplate.SESSION_REMINDER, sessionId, session.startsAt().toString(),
                                "the session moved to " + session.startsAt())
                        .thenMany(Flux.fromIterable(properties.reminders()))
                        .filter(offset -> session.startsAt().minus(offset).isAfter(now))
                        .concatMap(offset -> bookingMails.reminder(key(session, offset), session,
                                session.startsAt().minus(offset), label(offset)))
                        .then());
    }

    Mono<Void> drop(UUID sessionId, String reason) {
        return mails.withdraw(EmailTemplate.SESSION_REMINDER, sessionId, null, reason).then();
    }

    static UUID key(BookedSession session, Duration offset) {
        return UUID.nameUUIDFromBytes(("reminder:" + session.sessionId() + ":" + offset + ":" + session.startsAt())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** {@code 24 hours}, {@code 1 hour}, {@code 30 minutes}: how the mail names the time left. */
    static String label(Duration offset) {
        if (offset.toMinutes() % 60 != 0) {
            return offset.toMinutes() + " minutes";
        }
        long hours = offset.toHours();
        return hours == 1 ? "1 hour" : hours + " hours";
    }
}
