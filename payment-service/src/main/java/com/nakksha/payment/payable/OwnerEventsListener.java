package com.nakksha.payment.payable;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.BookingSource;
import com.nakksha.events.CancelledBy;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionHoldExtended;
import com.nakksha.events.SessionPaymentDeclined;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the payable replica current from its owners' events, once per event: public sessions from
 * {@code booking.session}, accepted quotations from {@code quotation.quotation}. Manual sessions are
 * paid outside Razorpay and are not payables. A paid session cancelled by its consultant is refunded;
 * the refund is decided in the inbox transaction and sent to Razorpay after it commits. A payment the
 * session declined (captured after its hold expired, slot taken meanwhile) is returned the same way.
 */
@Component
class OwnerEventsListener {

    static final String SESSIONS = "payment-service.session-payables";
    static final String QUOTATIONS = "payment-service.quotation-payables";

    private final Inbox inbox;
    private final PayableReplica replica;
    private final PayableService payments;
    private final BoundedBlocking blocking;
    private final Clock clock;

    OwnerEventsListener(Inbox inbox, PayableReplica replica, PayableService payments, BoundedBlocking blocking, Clock clock) {
        this.inbox = inbox;
        this.replica = replica;
        this.payments = payments;
        this.blocking = blocking;
        this.clock = clock;
    }

    @KafkaListener(topics = Topic.Names.BOOKING_SESSION, groupId = SESSIONS)
    void onSession(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        List<PayableEvent> followUps = new ArrayList<>();
        Supplier<Mono<Void>> effect = switch (event) {
            case SessionBooked booked when booked.getSource() == BookingSource.PUBLIC -> () -> replica.sessionBooked(booked, clock.instant());
            case SessionConfirmed confirmed -> () -> replica.ownerSays(confirmed.getSessionId(), Availability.CONFIRMED,
                    confirmed.getOccurredAt(), clock.instant());
            case SessionAbandoned abandoned -> () -> replica.ownerSays(abandoned.getSessionId(), Availability.ABANDONED,
                    abandoned.getOccurredAt(), clock.instant());
            case SessionCancelled cancelled -> () -> replica.ownerSays(cancelled.getSessionId(), Availability.CANCELLED,
                    cancelled.getOccurredAt(), clock.instant())
                    .then(refundsOnCancel(cancelled)
                            ? payments.refundCancelled(cancelled.getSessionId(), "Session cancelled: " + cancelled.getReason())
                            .doOnNext(followUps::addAll).then()
                            : Mono.empty());
            case SessionHoldExtended extended -> () -> replica.holdExtended(extended.getSessionId(),
                    extended.getHoldExpiresAt(), extended.getOccurredAt(), clock.instant());
            case SessionPaymentDeclined declined -> () -> payments.declineCapture(declined.getSessionId(),
                            declined.getProviderPaymentId(), declineReason(declined))
                    .doOnNext(followUps::addAll).then();
            default -> null;
        };
        if (effect != null) {
            blocking.await(SESSIONS, inbox.handleOnce(SESSIONS, event, effect));
            blocking.await(SESSIONS, payments.followUp(List.copyOf(followUps)));
        }
    }

    /**
     * A consultant's or the platform's cancellation refunds in full. A client's follows the consultant's
     * policy (none, full, a percentage before a deadline), which booking owns and does not announce yet,
     * so it refunds nothing here until SessionCancelled carries the amount the policy allows.
     */
    private static boolean refundsOnCancel(SessionCancelled cancelled) {
        return cancelled.getCancelledBy() == CancelledBy.CONSULTANT || cancelled.getCancelledBy() == CancelledBy.SYSTEM;
    }

    private static String declineReason(SessionPaymentDeclined declined) {
        return switch (declined.getReason()) {
            case SLOT_TAKEN -> "Paid after the booking's hold expired, and the slot was booked by someone else meanwhile";
            default -> "The booking declined the payment";
        };
    }

    @KafkaListener(topics = Topic.Names.QUOTATION_QUOTATION, groupId = QUOTATIONS)
    void onQuotation(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof QuotationAccepted accepted) {
            blocking.await(QUOTATIONS, inbox.handleOnce(QUOTATIONS, accepted, () -> replica.quotationAccepted(accepted, clock.instant())));
        }
    }
}
