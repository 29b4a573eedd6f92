package com.nakksha.notification.mail;

import reactor.core.publisher.Mono;

/**
 * Whether the recipient still wants a mail, asked before the owning feature's {@link SendTimeCheck}:
 * a consultant's preferences, a bounced address. Only {@link EmailTemplate#optional() optional} mails
 * are asked about; transactional ones always go.
 */
public interface SendGate {

    /** @return why the mail must not go (recorded as its skip reason), or empty to let it go */
    Mono<String> refusal(QueuedMail mail);
}
