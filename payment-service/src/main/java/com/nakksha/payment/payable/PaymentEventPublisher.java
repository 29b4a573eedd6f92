package com.nakksha.payment.payable;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentFailed;
import com.nakksha.events.PaymentOrderOpened;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Turns a payable's domain events into the platform's Avro events and appends them to the outbox,
 * inside the transaction that changed the payable, keyed by the payable id so each payable's story
 * stays in order on {@code payment.payment}. Events that only ask for work (a capture or refund to
 * send, a failed refund) are not published.
 */
@Component
class PaymentEventPublisher {

    private final Outbox outbox;

    PaymentEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    Mono<Void> publish(Payable payable, List<PayableEvent> events) {
        return Flux.fromIterable(events)
                .mapNotNull(event -> toAvro(payable, event))
                .concatMap(avro -> outbox.append(Topic.PAYMENT_PAYMENT, payable.id().toString(), avro))
                .then();
    }

    private static SpecificRecord toAvro(Payable payable, PayableEvent event) {
        UUID eventId = UUID.randomUUID();
        Instant at = event.occurredAt().truncatedTo(ChronoUnit.MILLIS);
        com.nakksha.events.PayableType type = com.nakksha.events.PayableType.valueOf(payable.type().name());
        return switch (event) {
            case PayableEvent.Captured captured -> PaymentCaptured.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(payable.consultantId())
                    .setPaymentId(captured.attempt().id())
                    .setOrderId(captured.attempt().providerOrderId())
                    .setPayableType(type)
                    .setPayableId(payable.id())
                    .setAmountMinor(captured.attempt().amountMinor())
                    .setCurrency(captured.attempt().currency())
                    .setProviderPaymentId(captured.attempt().providerPaymentId())
                    .setMethod(captured.attempt().method())
                    .setProviderFeeMinor(captured.attempt().feeMinor())
                    .setProviderTaxMinor(captured.attempt().taxMinor())
                    .setPlatformFeeMinor(captured.platformFeeMinor())
                    .setCapturedAfterHoldExpiry(captured.afterHoldExpiry())
                    .build();
            case PayableEvent.Failed failed -> PaymentFailed.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(payable.consultantId())
                    .setPaymentId(failed.attempt().id())
                    .setOrderId(failed.attempt().providerOrderId())
                    .setPayableType(type)
                    .setPayableId(payable.id())
                    .setAmountMinor(failed.attempt().amountMinor())
                    .setCurrency(failed.attempt().currency())
                    .setErrorCode(failed.attempt().errorCode())
                    .setErrorDescription(failed.attempt().errorDescription())
                    .build();
            case PayableEvent.Refunded refunded -> PaymentRefunded.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(payable.consultantId())
                    .setPaymentId(refunded.refund().attemptId())
                    .setRefundId(refunded.refund().id().toString())
                    .setPayableType(type)
                    .setPayableId(payable.id())
                    .setAmountMinor(refunded.refund().amountMinor())
                    .setCurrency(refunded.refund().currency())
                    .setReason(refunded.refund().reason())
                    .setProviderPaymentId(refunded.refund().providerPaymentId())
                    .setRefundedTotalMinor(refunded.refundedTotalMinor())
                    .setFullyRefunded(refunded.fully())
                    .build();
            case PayableEvent.CaptureReturned returned -> PaymentReturned.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(payable.consultantId())
                    .setPaymentId(returned.attempt().id())
                    .setRefundId(returned.refund().id())
                    .setPayableType(type)
                    .setPayableId(payable.id())
                    .setProviderPaymentId(returned.attempt().providerPaymentId())
                    .setAmountMinor(returned.refund().amountMinor())
                    .setCurrency(returned.refund().currency())
                    .setReason(returned.refund().reason())
                    .build();
            case PayableEvent.OrderOpened opened -> PaymentOrderOpened.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(payable.consultantId())
                    .setPayableType(type)
                    .setPayableId(payable.id())
                    .setOrderId(opened.providerOrderId())
                    .setAmountMinor(opened.amountMinor())
                    .setCurrency(opened.currency())
                    .build();
            case PayableEvent.CaptureNeeded ignored -> null;
            case PayableEvent.OrderCheckNeeded ignored -> null;
            case PayableEvent.RefundRequested ignored -> null;
            case PayableEvent.RefundFailed ignored -> null;
        };
    }
}
