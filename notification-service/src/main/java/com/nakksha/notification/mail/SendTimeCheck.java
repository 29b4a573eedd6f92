package com.nakksha.notification.mail;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * What a feature decides about its mails at the moment they go out: whether the mail is still true
 * given the current state (no "complete your payment" once paid), and what it adds that must not
 * be stored with the queued mail (an opened link token, a calendar attachment).
 */
public interface SendTimeCheck {

    boolean covers(EmailTemplate template);

    Mono<Decision> decide(QueuedMail mail);

    /** Whether and with what a mail is sent now. */
    sealed interface Decision {
    }

    /**
     * @param extraModel template variables added to the stored ones
     * @param attachments files sent with the mail
     */
    record Send(Map<String, Object> extraModel, List<Attachment> attachments) implements Decision {

        public static Send asStored() {
            return new Send(Map.of(), List.of());
        }
    }

    /** The mail is no longer true or useful; it is recorded as SKIPPED with the reason, never sent. */
    record Skip(String reason) implements Decision {
    }

    /**
     * @param contentType full MIME type, e.g. {@code text/calendar; charset=UTF-8; method=REQUEST}
     */
    record Attachment(String fileName, String contentType, byte[] content) {
    }
}
