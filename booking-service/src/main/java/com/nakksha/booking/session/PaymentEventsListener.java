package com.nakksha.booking.session;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentFailed;
import com.nakksha.events.PaymentOrderOpened;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies payment-service's outcomes to sessions, each event once: captures confirm (or, after an expired
 * hold on a taken slot, are declined), failures and full refunds are recorded, a capture returned for a
 * cancelled session refunds its payment, opened orders extend the hold. Quotation payments are not ours.
 */
@Component
class PaymentEventsListener {

    static final String CONSUMER = "booking-service.payments";

    private final Inbox inbox;
    private final SessionService sessions;

    PaymentEventsListener(Inbox inbox, SessionService sessions) {
        this.inbox = inbox;
        this.sessions = sessions;
    }

    @KafkaListener(topics = Topic.Names.PAYMENT_PAYMENT, groupId = CONSUMER, batch = "true")
    void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        inbox.handleEachOnce(CONSUMER, records, this::effectOf);
    }

    /** The event's effect, null for an event this consumer ignores. */
    private Supplier<Mono<Void>> effectOf(SpecificRecord event) {
        return switch (event) {
            case PaymentCaptured captured when captured.getPayableType() == PayableType.SESSION ->
                    () -> sessions.paymentCaptured(captured.getConsultantId(), captured.getPayableId(),
                            new SessionService.CapturedPayment(captured.getPaymentId(), captured.getProviderPaymentId(),
                                    captured.getAmountMinor(), captured.getCurrency()));
            case PaymentOrderOpened opened when opened.getPayableType() == PayableType.SESSION ->
                    () -> sessions.paymentOrderOpened(opened.getConsultantId(), opened.getPayableId(), opened.getOccurredAt());
            case PaymentFailed failed when failed.getPayableType() == PayableType.SESSION ->
                    () -> sessions.paymentFailed(failed.getConsultantId(), failed.getPayableId());
            case PaymentRefunded refunded when refunded.getPayableType() == PayableType.SESSION ->
                    () -> sessions.paymentRefunded(refunded.getConsultantId(), refunded.getPayableId(),
                            refunded.getFullyRefunded());
            case PaymentReturned returned when returned.getPayableType() == PayableType.SESSION ->
                    () -> sessions.paymentReturned(returned.getConsultantId(), returned.getPayableId(),
                            returned.getProviderPaymentId());
            default -> null;
        };
    }
}
