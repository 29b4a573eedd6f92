package com.nakksha.payment.payable;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.BookingSource;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionConfirmed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.function.Supplier;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the payable replica current from its owners' events, once per event: public sessions from
 * {@code booking.session}, accepted quotations from {@code quotation.quotation}. Manual sessions are
 * paid outside Razorpay and are not payables.
 */
@Component
class OwnerEventsListener {

    static final String SESSIONS = "payment-service.session-payables";
    static final String QUOTATIONS = "payment-service.quotation-payables";

    private final Inbox inbox;
    private final PayableReplica replica;
    private final Clock clock;

    OwnerEventsListener(Inbox inbox, PayableReplica replica, Clock clock) {
        this.inbox = inbox;
        this.replica = replica;
        this.clock = clock;
    }

    @KafkaListener(topics = "booking.session", groupId = SESSIONS)
    void onSession(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        Supplier<Mono<Void>> effect = switch (event) {
            case SessionBooked booked when booked.getSource() == BookingSource.PUBLIC -> () -> replica.sessionBooked(booked, clock.instant());
            case SessionConfirmed confirmed -> () -> replica.ownerSays(confirmed.getSessionId(), Availability.CONFIRMED,
                    confirmed.getOccurredAt(), clock.instant());
            case SessionAbandoned abandoned -> () -> replica.ownerSays(abandoned.getSessionId(), Availability.ABANDONED,
                    abandoned.getOccurredAt(), clock.instant());
            case SessionCancelled cancelled -> () -> replica.ownerSays(cancelled.getSessionId(), Availability.CANCELLED,
                    cancelled.getOccurredAt(), clock.instant());
            default -> null;
        };
        if (effect != null) {
            inbox.handleOnce(SESSIONS, event, effect).block();
        }
    }

    @KafkaListener(topics = "quotation.quotation", groupId = QUOTATIONS)
    void onQuotation(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof QuotationAccepted accepted) {
            inbox.handleOnce(QUOTATIONS, accepted, () -> replica.quotationAccepted(accepted, clock.instant())).block();
        }
    }
}
