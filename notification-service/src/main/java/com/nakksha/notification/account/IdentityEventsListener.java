package com.nakksha.notification.account;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.ConsultantApproved;
import com.nakksha.events.ConsultantEmailLinkRequested;
import com.nakksha.events.ConsultantLoginLinkRequested;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.ConsultantRejected;
import com.nakksha.events.ConsultantSuspended;
import com.nakksha.notification.NotificationProperties;
import com.nakksha.notification.contact.ContactService;
import com.nakksha.notification.mail.EmailTemplate;
import com.nakksha.notification.mail.Mails;
import com.nakksha.notification.mail.OwedMail;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the contact replica and owes the account mails, once per event: the replica change and
 * the queued mails commit with the inbox entry, before the record is acknowledged. One listener
 * does both, so a mail never reads a replica that is behind the event that owes it.
 */
@Component
class IdentityEventsListener {

    static final String CONSUMER = "notification-service.identity";

    private final Inbox inbox;
    private final ContactService contacts;
    private final Mails mails;
    private final AccountMailProperties properties;
    private final NotificationProperties platform;
    private final Clock clock;

    IdentityEventsListener(Inbox inbox, ContactService contacts, Mails mails, AccountMailProperties properties,
                           NotificationProperties platform, Clock clock) {
        this.inbox = inbox;
        this.contacts = contacts;
        this.mails = mails;
        this.properties = properties;
        this.platform = platform;
        this.clock = clock;
    }

    @KafkaListener(topics = Topic.Names.IDENTITY_CONSULTANT, groupId = CONSUMER, batch = "true")
    void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        inbox.handleEachOnce(CONSUMER, records, this::effectOf);
    }

    /** The event's effect, null for an event this consumer ignores. */
    private Supplier<Mono<?>> effectOf(SpecificRecord event) {
        return switch (event) {
            case ConsultantRegistered registered -> () -> contacts.registered(registered.getConsultantId(),
                            registered.getEmail(), registered.getFirstName(), registered.getLastName())
                    .then(tellAdmins(registered));
            case ConsultantProfileUpdated updated -> () -> contacts.profileUpdated(updated.getConsultantId(),
                    updated.getFirstName(), updated.getLastName(), updated.getTimezone(), updated.getProfileVersion());
            case ConsultantEmailLinkRequested link -> () -> linkMail(link);
            case ConsultantLoginLinkRequested link -> () -> loginLinkMail(link);
            case ConsultantApproved approved -> () -> decisionMail(approved.getEventId(), approved.getConsultantId(),
                    approved.getConsultantVersion(), EmailTemplate.ACCOUNT_APPROVED,
                    Map.of("loginUrl", platform.appBaseUrl() + "/login"));
            case ConsultantRejected rejected -> () -> decisionMail(rejected.getEventId(), rejected.getConsultantId(),
                    rejected.getConsultantVersion(), EmailTemplate.ACCOUNT_REJECTED, Map.of("reason", rejected.getReason()));
            case ConsultantSuspended suspended -> () -> decisionMail(suspended.getEventId(), suspended.getConsultantId(),
                    suspended.getConsultantVersion(), EmailTemplate.ACCOUNT_SUSPENDED, Map.of("reason", suspended.getReason()));
            default -> null;
        };
    }

    private Mono<Void> tellAdmins(ConsultantRegistered registered) {
        Map<String, String> model = Map.of(
                "consultantName", (registered.getFirstName() + " " + registered.getLastName()).strip(),
                "consultantEmail", registered.getEmail(),
                "registeredAt", registered.getOccurredAt().toString(),
                "reviewUrl", platform.appBaseUrl() + "/admin/consultants/" + registered.getConsultantId());
        return Flux.fromIterable(properties.adminRecipients())
                .concatMap(admin -> mails.owe(new OwedMail(registered.getEventId(), EmailTemplate.CONSULTANT_AWAITING_APPROVAL,
                        admin, null, null, defaultZone(), model, clock.instant())))
                .then();
    }

    private Mono<Boolean> linkMail(ConsultantEmailLinkRequested link) {
        EmailTemplate template = switch (link.getPurpose()) {
            case EMAIL_VERIFICATION -> EmailTemplate.EMAIL_VERIFICATION;
            case PASSWORD_RESET -> EmailTemplate.PASSWORD_RESET;
        };
        // The token stays sealed in the email log; it is opened only to render the mail.
        Map<String, String> model = Map.of(
                "firstName", link.getFirstName(),
                "purpose", link.getPurpose().name(),
                "sealedToken", link.getSealedToken(),
                "expiresAt", link.getExpiresAt().toString());
        return oweLinkMail(link.getEventId(), template, link.getConsultantId(), link.getEmail(), link.getFirstName(), model);
    }

    private Mono<Boolean> loginLinkMail(ConsultantLoginLinkRequested link) {
        // Sealed for 'LOGIN_LINK:<consultant>'; EmailLinkCheck opens it with the purpose the model names.
        Map<String, String> model = Map.of(
                "firstName", link.getFirstName(),
                "purpose", EmailTemplate.LOGIN_LINK.name(),
                "sealedToken", link.getSealedToken(),
                "expiresAt", link.getExpiresAt().toString());
        return oweLinkMail(link.getEventId(), EmailTemplate.LOGIN_LINK, link.getConsultantId(), link.getEmail(), link.getFirstName(), model);
    }

    private Mono<Boolean> oweLinkMail(UUID eventId, EmailTemplate template, UUID consultantId, String email, String firstName,
                                      Map<String, String> model) {
        return contacts.find(consultantId)
                .map(contact -> contact.zoneOr(defaultZone()))
                .defaultIfEmpty(defaultZone())
                .flatMap(zone -> mails.owe(new OwedMail(eventId, template, email, firstName, consultantId, zone, model, clock.instant())));
    }

    /**
     * Owes the mail of an admin decision, unless a newer decision about the account was mailed already: an approval
     * re-driven after a suspension would tell the consultant a status they no longer have. Fails (and is retried)
     * while the consultant's address is not known yet.
     */
    private Mono<Boolean> decisionMail(UUID eventId, UUID consultantId, Long consultantVersion, EmailTemplate template,
                                       Map<String, String> extra) {
        return contacts.find(consultantId)
                .filter(contact -> contact.email() != null)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "no address for consultant " + consultantId + ": ConsultantRegistered has not been applied")))
                .flatMap(contact -> contacts.decided(consultantId, consultantVersion).flatMap(newest -> {
                    if (!newest) {
                        return Mono.just(false);
                    }
                    Map<String, String> model = new java.util.HashMap<>(extra);
                    model.put("firstName", nonNull(contact.firstName()));
                    return mails.owe(new OwedMail(eventId, template, contact.email(), contact.fullName(), consultantId,
                            contact.zoneOr(defaultZone()), model, clock.instant()));
                }));
    }

    private ZoneId defaultZone() {
        return platform.defaultZone();
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
