package com.nakksha.notification.booking;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;

import com.nakksha.notification.NotificationProperties;
import com.nakksha.notification.contact.ContactService;
import com.nakksha.notification.mail.EmailTemplate;
import com.nakksha.notification.mail.Mails;
import com.nakksha.notification.mail.OwedMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Owes each consultant with confirmed sessions on their local day one agenda mail, once their
 * morning ({@link AgendaProperties#localTime()} in their IANA zone) has come. The mail's key is
 * derived from the consultant and the local date, so the email log's unique (key, template,
 * recipient) makes it once per day across polls, restarts and instances. Its content is read at send
 * time ({@link AgendaMailCheck}).
 */
@Component
class DailyAgenda {

    private static final Logger log = LoggerFactory.getLogger(DailyAgenda.class);
    // Every zone's current local day lies within 14 h before and 26 h after the UTC instant (UTC-12..UTC+14).
    private static final Duration BEHIND = Duration.ofHours(14);
    private static final Duration AHEAD = Duration.ofHours(38);

    private final BookedSessionRepository sessions;
    private final ContactService contacts;
    private final Mails mails;
    private final AgendaProperties properties;
    private final NotificationProperties platform;
    private final Clock clock;

    DailyAgenda(BookedSessionRepository sessions, ContactService contacts, Mails mails, AgendaProperties properties,
                NotificationProperties platform, Clock clock) {
        this.sessions = sessions;
        this.contacts = contacts;
        this.mails = mails;
        this.properties = properties;
        this.platform = platform;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${nakksha.notification.agenda.poll-interval:5m}",
            initialDelayString = "${nakksha.notification.agenda.initial-delay:1m}")
    void poll() {
        if (!properties.enabled()) {
            return;
        }
        try {
            long owed = planDue().block();
            if (owed > 0) {
                log.info("{} daily agendas owed", owed);
            }
        } catch (RuntimeException failure) {
            log.warn("planning daily agendas failed; the next poll tries again", failure);
        }
    }

    /** @return how many agendas were owed now (ones owed before count nothing) */
    Mono<Long> planDue() {
        Instant now = clock.instant();
        return sessions.consultantsWithConfirmedSessions(now.minus(BEHIND), now.plus(AHEAD))
                .concatMap(consultantId -> contacts.find(consultantId)
                        .filter(contact -> contact.email() != null)
                        .flatMap(contact -> {
                            ZoneId zone = contact.zoneOr(platform.defaultZone());
                            ZonedDateTime local = now.atZone(zone);
                            if (local.toLocalTime().isBefore(properties.localTime())) {
                                return Mono.just(false);
                            }
                            LocalDate day = local.toLocalDate();
                            Instant dayStart = day.atStartOfDay(zone).toInstant();
                            Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
                            return sessions.confirmed(consultantId, dayStart, dayEnd).hasElements()
                                    .flatMap(any -> !any ? Mono.just(false) : mails.owe(new OwedMail(key(consultantId, day),
                                            EmailTemplate.DAILY_AGENDA, contact.email(), contact.fullName(), consultantId, zone,
                                            Map.of("date", day.toString(), "dayStart", dayStart.toString(), "dayEnd", dayEnd.toString()),
                                            now)));
                        }))
                .filter(Boolean::booleanValue)
                .count();
    }

    static UUID key(UUID consultantId, LocalDate day) {
        return UUID.nameUUIDFromBytes(("agenda:" + consultantId + ":" + day).getBytes(StandardCharsets.UTF_8));
    }
}
