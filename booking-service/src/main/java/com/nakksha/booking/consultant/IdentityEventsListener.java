package com.nakksha.booking.consultant;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.events.ConsultantApproved;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.ConsultantRejected;
import com.nakksha.events.ConsultantSuspended;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps the consultant replica behind public pages and prices current, once per event. */
@Component
class IdentityEventsListener {

    static final String CONSUMER = "booking-service.consultant-replica";

    private final Inbox inbox;
    private final ConsultantProfileRepository profiles;
    private final ConsultantService consultants;
    private final Clock clock;

    IdentityEventsListener(Inbox inbox, ConsultantProfileRepository profiles, ConsultantService consultants, Clock clock) {
        this.inbox = inbox;
        this.profiles = profiles;
        this.consultants = consultants;
        this.clock = clock;
    }

    @KafkaListener(topics = Topic.Names.IDENTITY_CONSULTANT, groupId = CONSUMER, batch = "true")
    void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        inbox.handleEachOnce(CONSUMER, records, event -> {
            Supplier<Mono<Void>> effect = effectOf(event);
            return effect == null ? null : () -> effect.get().thenReturn(true);
        }, applied -> {
            if (!applied.isEmpty()) {
                // The commit check would catch a kept profile this changed; forgetting spares a booking the failed try.
                consultants.forgetRecentReads();
            }
        });
    }

    /** The event's effect, null for an event this consumer ignores. */
    private Supplier<Mono<Void>> effectOf(SpecificRecord event) {
        return switch (event) {
            case ConsultantRegistered registered -> () -> profiles.registered(registered, clock.instant());
            case ConsultantProfileUpdated updated -> () -> profiles.profileUpdated(updated, clock.instant());
            case ConsultantApproved approved ->
                    () -> profiles.approvalChanged(approved.getConsultantId(), ApprovalStatus.APPROVED,
                            approved.getConsultantVersion(), clock.instant());
            case ConsultantRejected rejected ->
                    () -> profiles.approvalChanged(rejected.getConsultantId(), ApprovalStatus.REJECTED,
                            rejected.getConsultantVersion(), clock.instant());
            case ConsultantSuspended suspended ->
                    () -> profiles.approvalChanged(suspended.getConsultantId(), ApprovalStatus.SUSPENDED,
                            suspended.getConsultantVersion(), clock.instant());
            default -> null;
        };
    }
}
