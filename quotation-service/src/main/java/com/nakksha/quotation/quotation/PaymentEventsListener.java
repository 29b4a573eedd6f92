package com.nakksha.quotation.quotation;

import java.util.List;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Marks an accepted quotation paid when payment-service captured its money, once per event. */
@Component
class PaymentEventsListener {

    static final String CONSUMER = "quotation-service.payments";

    private final Inbox inbox;
    private final QuotationService quotations;

    PaymentEventsListener(Inbox inbox, QuotationService quotations) {
        this.inbox = inbox;
        this.quotations = quotations;
    }

    @KafkaListener(topics = Topic.Names.PAYMENT_PAYMENT, groupId = CONSUMER, batch = "true")
    void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        inbox.handleEachOnce(CONSUMER, records, event ->
                event instanceof PaymentCaptured captured && captured.getPayableType() == PayableType.QUOTATION
                        ? () -> quotations.paid(captured.getPayableId(), captured.getOccurredAt())
                        : null);
    }
}
