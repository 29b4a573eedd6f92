package com.nakksha.notification.quotation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.nakksha.defaults.failure.PrerequisiteNotYetApplied;
import com.nakksha.notification.NotificationProperties;
import com.nakksha.notification.contact.Contact;
import com.nakksha.notification.contact.ContactService;
import com.nakksha.notification.mail.EmailTemplate;
import com.nakksha.notification.mail.Mails;
import com.nakksha.notification.mail.OwedMail;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Keeps the quotation replica and owes the quotation mails (issue 8): the quotation to the client;
 * viewed, accepted, rejected, expiring soon and expired to the consultant. Runs inside the consumer's
 * inbox transaction. The client's zone is not known to quotation-service, so the client reads times
 * in the consultant's zone, named in the mail.
 */
@Service
class QuotationMails {

    private final QuotationReplicaRepository quotations;
    private final ContactService contacts;
    private final Mails mails;
    private final NotificationProperties platform;
    private final QuotationMailProperties properties;
    private final Clock clock;

    QuotationMails(QuotationReplicaRepository quotations, ContactService contacts, Mails mails, NotificationProperties platform,
                   QuotationMailProperties properties, Clock clock) {
        this.quotations = quotations;
        this.contacts = contacts;
        this.mails = mails;
        this.platform = platform;
        this.properties = properties;
        this.clock = clock;
    }

    /** The quotation to the client now; the expiring-soon mail to the consultant planned before its end. */
    Mono<Void> sent(UUID eventId, QuotationReplica quotation) {
        Instant now = clock.instant();
        Instant expiringAt = quotation.validUntil().minus(properties.expiringNotice());
        return quotations.sent(quotation, now)
                // A send that changed nothing (the quotation ended already) owes no mail.
                .filter(applied -> applied)
                .flatMap(applied -> contacts.find(quotation.consultantId())
                        .defaultIfEmpty(new Contact(quotation.consultantId(), null, null, null, null)))
                .flatMap(consultant -> mails.owe(new OwedMail(eventId, EmailTemplate.QUOTATION_SENT, quotation.clientEmail(),
                                quotation.clientName(), quotation.consultantId(), consultant.zoneOr(platform.defaultZone()),
                                model(quotation.quotationId()), now))
                        .then(expiringAt.isAfter(now)
                                ? toConsultant(expiringKey(quotation), quotation.quotationId(), EmailTemplate.QUOTATION_EXPIRING_SOON,
                                        Map.of("validUntil", quotation.validUntil().toString()), expiringAt)
                                : Mono.empty()));
    }

    Mono<Void> viewed(UUID eventId, UUID quotationId, int viewCount) {
        return toConsultant(eventId, quotationId, EmailTemplate.QUOTATION_VIEWED, Map.of("viewCount", Integer.toString(viewCount)),
                clock.instant());
    }

    Mono<Void> answered(UUID eventId, UUID quotationId, QuotationReplica.Status status, String reason) {
        EmailTemplate template = switch (status) {
            case ACCEPTED -> EmailTemplate.QUOTATION_ACCEPTED;
            case REJECTED -> EmailTemplate.QUOTATION_REJECTED;
            case EXPIRED -> EmailTemplate.QUOTATION_EXPIRED;
            case SENT, WITHDRAWN -> throw new IllegalArgumentException(status + " is not the client's answer");
        };
        return quotations.answered(quotationId, status, clock.instant())
                .then(toConsultant(eventId, quotationId, template, reason == null ? Map.of() : Map.of("reason", reason),
                        clock.instant()));
    }

    /**
     * The consultant took the quotation back: no mail (they did it), but the replica says so, so the
     * client's mail and the expiring-soon mail still queued are skipped when they come due.
     */
    Mono<Void> withdrawn(UUID quotationId) {
        return quotations.answered(quotationId, QuotationReplica.Status.WITHDRAWN, clock.instant());
    }

    private Mono<Void> toConsultant(UUID key, UUID quotationId, EmailTemplate template, Map<String, String> extra,
                                    Instant notBefore) {
        return quotations.find(quotationId)
                // QuotationSent comes before on the same topic and key: missing means lost or dead-lettered, not late.
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("quotation " + quotationId + " is not in the replica (QuotationSent not applied)")))
                .flatMap(quotation -> contacts.find(quotation.consultantId())
                        .filter(contact -> contact.email() != null)
                        // The address comes on identity.consultant, which quotation.quotation is not ordered with.
                        .switchIfEmpty(Mono.error(() -> new PrerequisiteNotYetApplied(
                                "no address for consultant " + quotation.consultantId() + " yet (ConsultantRegistered not applied)")))
                        .flatMap(contact -> {
                            Map<String, String> model = model(quotationId);
                            model.putAll(extra);
                            return mails.owe(new OwedMail(key, template, contact.email(), contact.fullName(),
                                    quotation.consultantId(), contact.zoneOr(platform.defaultZone()), model, notBefore));
                        }))
                .then();
    }

    private static Map<String, String> model(UUID quotationId) {
        Map<String, String> model = new HashMap<>();
        model.put("quotationId", quotationId.toString());
        return model;
    }

    /** One expiring-soon mail per quotation and validity: a re-send with a new validity plans a new one. */
    private static UUID expiringKey(QuotationReplica quotation) {
        return UUID.nameUUIDFromBytes(("quotation-expiring:" + quotation.quotationId() + ":" + quotation.validUntil())
                .getBytes(StandardCharsets.UTF_8));
    }
}
