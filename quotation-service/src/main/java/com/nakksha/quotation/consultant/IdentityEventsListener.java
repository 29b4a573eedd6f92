package com.nakksha.quotation.consultant;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps the consultant names the share link shows current, once per event. */
@Component
class IdentityEventsListener {

    static final String CONSUMER = "quotation-service.consultant-replica";

    private final Inbox inbox;
    private final ConsultantProfileRepository profiles;
    private final Clock clock;

    IdentityEventsListener(Inbox inbox, ConsultantProfileRepository profiles, Clock clock) {
        this.inbox = inbox;
        this.profiles = profiles;
        this.clock = clock;
    }

    @KafkaListener(topics = Topic.Names.IDENTITY_CONSULTANT, groupId = CONSUMER, batch = "true")
    void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        inbox.handleEachOnce(CONSUMER, records, this::effectOf);
    }

    /** The event's effect, null for an event this consumer ignores. */
    private Supplier<Mono<Void>> effectOf(SpecificRecord event) {
        return switch (event) {
            case ConsultantRegistered registered -> () -> profiles.registered(registered, clock.instant());
            case ConsultantProfileUpdated updated -> () -> profiles.profileUpdated(updated, clock.instant());
            default -> null;
        };
    }
}
