package com.nakksha.quotation.client;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.ClientCreated;
import com.nakksha.schemas.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.avro.specific.SpecificRecord;

import java.time.Clock;
import java.util.List;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps the clients a quotation can be addressed to, once per event. */
@Component
class ClientEventsListener {

    static final String CONSUMER = "quotation-service.client-replica";

    private final Inbox inbox;
    private final ClientRepository clients;
    private final Clock clock;

    ClientEventsListener(Inbox inbox, ClientRepository clients, Clock clock) {
        this.inbox = inbox;
        this.clients = clients;
        this.clock = clock;
    }

    @KafkaListener(topics = Topic.Names.BOOKING_CLIENT, groupId = CONSUMER, batch = "true")
    void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        inbox.handleEachOnce(CONSUMER, records, event ->
                event instanceof ClientCreated created ? () -> clients.created(created, clock.instant()) : null);
    }
}
