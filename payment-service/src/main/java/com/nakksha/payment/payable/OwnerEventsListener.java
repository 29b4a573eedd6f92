package com.nakksha.payment.payable;

import com.nakksha.defaults.context.ContextThreadLocals;
import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.BookingSource;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * paid outside Razorpay and are not payables. A paid session that is cancelled is refunded in full, or the
 * share SessionCancelled names for a client's cancellation; the refund is decided in the inbox transaction and sent to Razorpay after it commits. A payment the
 * session declined (captured after its hold expired, slot taken meanwhile) is returned the same way. The
 * cancellation's share is kept on the payable, and a session cancelled while no capture of it is known here has
 * its Razorpay order checked right after the commit: a payment whose webhooks were lost is found then and
 * refunded by that same share ({@link Payable#observe}), not left unrefunded.
 */
@Component
class OwnerEventsListener {

    private static final Logger log = LoggerFactory.getLogger(OwnerEventsListener.class);

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

    @KafkaListener(topics = Topic.Names.BOOKING_SESSION, groupId = SESSIONS, batch = "true")
    void onSession(List<ConsumerRecord<String, SpecificRecord>> records) {
        blocking.counting(SESSIONS, () -> inbox.handleEachOnce(SESSIONS, records, this::sessionEffect,
                committed -> blocking.block(payments.followUp(committed.stream().flatMap(List::stream).toList()))));
    }

    /**
     * The event's effect, giving what to do once it committed (refunds to send, orders to check); null for an event
     * this consumer ignores.
     */
    private Supplier<Mono<List<PayableEvent>>> sessionEffect(SpecificRecord event) {
        List<PayableEvent> followUps = new ArrayList<>();
        Supplier<Mono<Void>> effect = switch (event) {
            case SessionBooked booked when booked.getSource() == BookingSource.PUBLIC -> () -> replica.sessionBooked(booked, clock.instant());
            case SessionConfirmed confirmed -> () -> replica.ownerSays(confirmed.getSessionId(), Availability.CONFIRMED,
                    new OwnerStamp(confirmed.getOccurredAt(), confirmed.getSessionVersion()), clock.instant());
            case SessionAbandoned abandoned -> () -> replica.ownerSays(abandoned.getSessionId(), Availability.ABANDONED,
                    new OwnerStamp(abandoned.getOccurredAt(), abandoned.getSessionVersion()), clock.instant());
            case SessionCancelled cancelled -> () -> replica.cancelled(cancelled.getSessionId(), cancelled.getRefundPercent(),
                    new OwnerStamp(cancelled.getOccurredAt(), cancelled.getSessionVersion()), clock.instant())
                    .then(refundOnCancel(cancelled).doOnNext(followUps::addAll).then())
                    .then(payments.checkOrderOfCancelled(cancelled.getSessionId()).doOnNext(followUps::addAll).then());
            case SessionHoldExtended extended -> () -> replica.holdExtended(extended.getSessionId(),
                    extended.getHoldExpiresAt(), new OwnerStamp(extended.getOccurredAt(), extended.getSessionVersion()), clock.instant());
            case SessionPaymentDeclined declined -> () -> payments.declineCapture(declined.getSessionId(),
                            declined.getProviderPaymentId(), declineReason(declined))
                    .doOnNext(followUps::addAll).then();
            default -> null;
        };
        return effect == null ? null : () -> effect.get().then(Mono.fromSupplier(() -> List.copyOf(followUps)));
    }

    /**
     * A cancelled session's refund: in full when SessionCancelled carries no {@code refundPercent} (a consultant's
     * or the platform's cancellation, and every v1 writer), otherwise that share of the capture, rounded down to
     * whole paise (a client's cancellation under the consultant's policy, DESIGN.md "Refunds"). Never more than
     * what is left of the capture; nothing when the share is zero or nothing was captured. A share Razorpay
     * cannot refund (below its minimum of {@link Payable#MINIMUM_MINOR} paise) is logged and not refunded.
     */
    private Mono<List<PayableEvent>> refundOnCancel(SessionCancelled cancelled) {
        String reason = "Session cancelled: " + cancelled.getReason();
        Integer percent = cancelled.getRefundPercent();
        if (percent == null || percent >= 100) {
            return payments.refundCancelled(cancelled.getSessionId(), reason);
        }
        if (percent <= 0) {
            return Mono.just(List.of());
        }
        return payments.find(cancelled.getSessionId())
                .filter(payable -> payable.capturedPaymentId() != null)
                .flatMap(payable -> {
                    long share = Math.min(Payable.cancellationShareOf(payable.capturedMinor(), percent),
                            payable.capturedMinor() - payable.refundReservedMinor());
                    if (share <= 0) {
                        return Mono.<List<PayableEvent>>empty();
                    }
                    // Restoring the listener's thread locals, so the refusal's line carries its trace.
                    return ContextThreadLocals.restoring(payments.requestRefund(payable.consultantId(), payable.id(),
                                    payable.capturedPaymentId(), share, reason + " (" + percent + "% refund under the consultant's policy)"))
                            .map(refund -> List.<PayableEvent>of(
                                    new PayableEvent.RefundRequested(payable.id(), refund, clock.instant())))
                            .onErrorResume(PayableRuleException.class, refused -> {
                                log.warn("No refund of {}% for cancelled session {}: {}", percent,
                                        cancelled.getSessionId(), refused.getMessage());
                                return Mono.empty();
                            });
                })
                .defaultIfEmpty(List.of());
    }

    private static String declineReason(SessionPaymentDeclined declined) {
        return switch (declined.getReason()) {
            case SLOT_TAKEN -> "Paid after the booking's hold expired, and the slot was booked by someone else meanwhile";
            default -> "The booking declined the payment";
        };
    }

    @KafkaListener(topics = Topic.Names.QUOTATION_QUOTATION, groupId = QUOTATIONS, batch = "true")
    void onQuotation(List<ConsumerRecord<String, SpecificRecord>> records) {
        blocking.counting(QUOTATIONS, () -> inbox.handleEachOnce(QUOTATIONS, records, event -> event instanceof QuotationAccepted accepted
                ? () -> replica.quotationAccepted(accepted, clock.instant())
                : null));
    }
}
