package com.nakksha.booking.client;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Puts the client who accepted a quotation into the consultant's client list (issue 9), once per
 * event: the inbox records the event id in the transaction that matches or creates the client.
 */
@Component
class QuotationEventsListener {

    static final String CONSUMER = "booking-service.quotation-clients";

    private final Inbox inbox;
    private final ClientService clients;

    QuotationEventsListener(Inbox inbox, ClientService clients) {
        this.inbox = inbox;
        this.clients = clients;
    }

    @KafkaListener(topics = Topic.Names.QUOTATION_QUOTATION, groupId = CONSUMER, batch = "true")
    void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        inbox.handleEachOnce(CONSUMER, records, event -> event instanceof QuotationAccepted accepted
                ? () -> clients.fromAcceptedQuotationInTransaction(accepted.getConsultantId(), accepted.getClientId(),
                        accepted.getClientName(), accepted.getClientEmail()).then()
                : null);
    }
}
