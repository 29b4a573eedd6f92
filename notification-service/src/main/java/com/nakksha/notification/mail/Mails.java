package com.nakksha.notification.mail;

import java.time.Clock;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/** What other features use to owe a mail; the delivery job sends it. */
@Service
public class Mails {

    private final EmailLogRepository log;
    private final Clock clock;

    Mails(EmailLogRepository log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /**
     * Records the mail as owed, inside the caller's transaction (the consumer's inbox), so it is
     * queued durably before the event is acknowledged; owing the same mail again records nothing.
     *
     * @return whether it was recorded now
     */
    public Mono<Boolean> owe(OwedMail mail) {
        return log.record(mail, clock.instant());
    }

    /**
     * Takes back the session's still-queued mails of this template (reminders of a moved or cancelled
     * session): they are recorded as SKIPPED with the reason, not deleted.
     *
     * @param keepStartsAt ISO-8601 start whose mails stay owed; null takes back all
     * @return how many were taken back
     */
    public Mono<Long> withdraw(EmailTemplate template, java.util.UUID sessionId, String keepStartsAt, String reason) {
        return log.withdraw(template, sessionId.toString(), keepStartsAt, reason, clock.instant());
    }
}
