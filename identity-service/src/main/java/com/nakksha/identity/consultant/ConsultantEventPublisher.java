package com.nakksha.identity.consultant;

import java.util.List;
import java.util.UUID;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.events.ConsultantApproved;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.ConsultantRejected;
import com.nakksha.events.ConsultantSuspended;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Appends what the consultant aggregate raised to the outbox, keyed by consultant id; must run
 * inside the transaction that stores the change. Status decisions carry the account's version after
 * that write, which replicas order them by.
 */
@Component
class ConsultantEventPublisher {

    private final Outbox outbox;

    ConsultantEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    /** @param consultantVersion the account's {@code row_version} once the write that raised {@code events} commits */
    public Mono<Void> publish(List<ConsultantEvent> events, long consultantVersion) {
        return Flux.fromIterable(events)
                .concatMap(event -> outbox.append(Topic.IDENTITY_CONSULTANT, event.consultantId().toString(),
                        toAvro(event, consultantVersion)))
                .then();
    }

    static SpecificRecord toAvro(ConsultantEvent event, long consultantVersion) {
        UUID eventId = UUID.randomUUID();
        UUID consultantId = event.consultantId();
        return switch (event) {
            case ConsultantEvent.Registered registered -> ConsultantRegistered.newBuilder()
                    .setEventId(eventId).setOccurredAt(registered.occurredAt()).setConsultantId(consultantId)
                    .setEmail(registered.email()).setFirstName(registered.firstName()).setLastName(registered.lastName())
                    .setPhoneCountryCode(registered.phoneCountryCode()).setPhoneNumber(registered.phoneNumber())
                    .build();
            case ConsultantEvent.ProfileUpdated updated -> {
                Profile profile = updated.profile();
                yield ConsultantProfileUpdated.newBuilder()
                        .setEventId(eventId).setOccurredAt(updated.occurredAt()).setConsultantId(consultantId)
                        .setSlug(profile.slug().value())
                        .setFirstName(profile.firstName())
                        .setLastName(profile.lastName())
                        .setConsultancySector(profile.consultancySector())
                        .setDescription(profile.description())
                        .setExperienceMonths(profile.experienceMonths())
                        .setPersonalSessionTitle(profile.personalSessionTitle())
                        .setPersonalSessionPriceMinor(minor(profile.personalSessionPrice()))
                        .setWebinarSessionTitle(profile.webinarSessionTitle())
                        .setWebinarSessionPriceMinor(minor(profile.webinarSessionPrice()))
                        .setCurrency(PriceInr.CURRENCY)
                        .setProfilePhotoUrl(url(profile.profilePhotoUrl()))
                        .setInstagramUrl(url(profile.instagramUrl()))
                        .setLinkedinUrl(url(profile.linkedinUrl()))
                        .setTwitterUrl(url(profile.twitterUrl()))
                        .setTimezone(profile.timezone().value())
                        .setProfileVersion(updated.profileVersion())
                        .build();
            }
            case ConsultantEvent.Approved approved -> ConsultantApproved.newBuilder()
                    .setEventId(eventId).setOccurredAt(approved.occurredAt()).setConsultantId(consultantId)
                    .setApprovedBy(approved.approvedBy())
                    .setConsultantVersion(consultantVersion)
                    .build();
            case ConsultantEvent.Rejected rejected -> ConsultantRejected.newBuilder()
                    .setEventId(eventId).setOccurredAt(rejected.occurredAt()).setConsultantId(consultantId)
                    .setReason(rejected.reason()).setRejectedBy(rejected.rejectedBy())
                    .setConsultantVersion(consultantVersion)
                    .build();
            case ConsultantEvent.Suspended suspended -> ConsultantSuspended.newBuilder()
                    .setEventId(eventId).setOccurredAt(suspended.occurredAt()).setConsultantId(consultantId)
                    .setReason(suspended.reason()).setSuspendedBy(suspended.suspendedBy())
                    .setConsultantVersion(consultantVersion)
                    .build();
        };
    }

    private static Long minor(PriceInr price) {
        return price == null ? null : price.amountMinor();
    }

    private static String url(WebUrl url) {
        return url == null ? null : url.value();
    }
}
