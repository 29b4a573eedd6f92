package com.nakksha.notification.quotation;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.QuotationExpired;
import com.nakksha.events.QuotationRejected;
import com.nakksha.events.QuotationSent;
import com.nakksha.events.QuotationViewed;
import com.nakksha.events.QuotationWithdrawn;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Quotation events: the replica and the quotation mails, once per event. */
@Component
class QuotationEventsListener {

    static final String CONSUMER = "notification-service.quotation";

    private final Inbox inbox;
    private final QuotationMails mails;

    QuotationEventsListener(Inbox inbox, QuotationMails mails) {
        this.inbox = inbox;
        this.mails = mails;
    }

    @KafkaListener(topics = Topic.Names.QUOTATION_QUOTATION, groupId = CONSUMER, batch = "true")
    void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        inbox.handleEachOnce(CONSUMER, records, this::effectOf);
    }

    /** The event's effect, null for an event this consumer ignores. */
    private Supplier<Mono<?>> effectOf(SpecificRecord event) {
        return switch (event) {
            case QuotationSent sent -> () -> mails.sent(sent.getEventId(), new QuotationReplica(sent.getQuotationId(),
                    sent.getConsultantId(), sent.getClientName(), sent.getClientEmail(), sent.getTitle(), sent.getAmountMinor(),
                    sent.getCurrency(), sent.getValidUntil(), sent.getShareUrl(), QuotationReplica.Status.SENT, bytes(sent.getPdf())));
            case QuotationViewed viewed -> () -> mails.viewed(viewed.getEventId(), viewed.getQuotationId(), viewed.getViewCount());
            case QuotationAccepted accepted -> () -> mails.answered(accepted.getEventId(), accepted.getQuotationId(),
                    QuotationReplica.Status.ACCEPTED, null);
            case QuotationRejected rejected -> () -> mails.answered(rejected.getEventId(), rejected.getQuotationId(),
                    QuotationReplica.Status.REJECTED, rejected.getReason());
            case QuotationExpired expired -> () -> mails.answered(expired.getEventId(), expired.getQuotationId(),
                    QuotationReplica.Status.EXPIRED, null);
            case QuotationWithdrawn withdrawn -> () -> mails.withdrawn(withdrawn.getQuotationId());
            default -> null;
        };
    }

    private static byte[] bytes(ByteBuffer pdf) {
        if (pdf == null) {
            return null;
        }
        byte[] bytes = new byte[pdf.remaining()];
        pdf.duplicate().get(bytes);
        return bytes;
    }
}
