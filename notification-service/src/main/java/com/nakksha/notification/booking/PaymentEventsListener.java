package com.nakksha.notification.booking;

import java.util.List;
import java.util.function.Supplier;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentFailed;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Payment mails for sessions, once per event. Payment events travel on another topic than the
 * session's: one that arrives before its SessionBooked fails and is retried (then dead-lettered,
 * re-drivable), never dropped.
 */
@Component
class PaymentEventsListener {

    static final String CONSUMER = "notification-service.payment";

    private final Inbox inbox;
    private final BookingMails mails;
    private final BookingMailProperties properties;

    PaymentEventsListener(Inbox inbox, BookingMails mails, BookingMailProperties properties) {
        this.inbox = inbox;
        this.mails = mails;
        this.properties = properties;
    }

    @KafkaListener(topics = Topic.Names.PAYMENT_PAYMENT, groupId = CONSUMER, batch = "true")
    void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        inbox.handleEachOnce(CONSUMER, records, this::effectOf);
    }

    /** The event's effect, null for an event this consumer ignores. */
    private Supplier<Mono<?>> effectOf(SpecificRecord event) {
        return switch (event) {
            case PaymentCaptured captured when captured.getPayableType() == PayableType.SESSION ->
                    () -> mails.captured(captured.getEventId(), captured.getPayableId(), captured.getAmountMinor(),
                            captured.getCurrency(), captured.getProviderPaymentId());
            case PaymentFailed failed when failed.getPayableType() == PayableType.SESSION ->
                    () -> mails.paymentFailed(failed.getEventId(), failed.getPayableId(), failed.getErrorDescription());
            case PaymentRefunded refunded when refunded.getPayableType() == PayableType.SESSION ->
                    () -> mails.refunded(refunded.getEventId(), refunded.getPayableId(), refunded.getAmountMinor(),
                            refunded.getCurrency(), properties.refundExpectation());
            case PaymentReturned returned when returned.getPayableType() == PayableType.SESSION ->
                    () -> mails.returned(returned.getEventId(), returned.getPayableId(), returned.getAmountMinor(),
                            returned.getCurrency(), returned.getReason(), properties.refundExpectation());
            default -> null;
        };
    }
}
