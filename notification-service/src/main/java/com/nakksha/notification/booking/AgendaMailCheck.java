package com.nakksha.notification.booking;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nakksha.notification.mail.EmailTemplate;
import com.nakksha.notification.mail.QueuedMail;
import com.nakksha.notification.mail.SendTimeCheck;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The daily agenda lists the day's sessions as they are when it goes out (one cancelled after it was
 * owed is not listed); with none left, or once the day is over, it is skipped.
 */
@Component
class AgendaMailCheck implements SendTimeCheck {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE, d MMM yyyy", Locale.ENGLISH);

    private final BookedSessionRepository sessions;
    private final Clock clock;

    AgendaMailCheck(BookedSessionRepository sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public boolean covers(EmailTemplate template) {
        return template == EmailTemplate.DAILY_AGENDA;
    }

    @Override
    public Mono<Decision> decide(QueuedMail mail) {
        Instant dayStart = Instant.parse(mail.model().get("dayStart"));
        Instant dayEnd = Instant.parse(mail.model().get("dayEnd"));
        if (!clock.instant().isBefore(dayEnd)) {
            return Mono.just(new Skip("the day " + mail.model().get("date") + " was over before the agenda went out"));
        }
        return sessions.confirmed(mail.consultantId(), dayStart, dayEnd)
                .map(session -> {
                    Map<String, String> row = new HashMap<>();
                    row.put("title", session.title());
                    row.put("clientName", session.clientName());
                    row.put("startsAt", session.startsAt().toString());
                    row.put("endsAt", session.endsAt().toString());
                    row.put("meetingLink", session.meetingLink());
                    return row;
                })
                .collectList()
                .map(rows -> rows.isEmpty() ? new Skip("no confirmed sessions are left that day")
                        : new Send(Map.of("sessions", rows, "day", DAY.format(LocalDate.parse(mail.model().get("date")))),
                        List.of()));
    }
}
