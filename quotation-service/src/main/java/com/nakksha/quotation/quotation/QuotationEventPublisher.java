package com.nakksha.quotation.quotation;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.quotation.consultant.ConsultantDirectory;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.QuotationExpired;
import com.nakksha.events.QuotationRejected;
import com.nakksha.events.QuotationSent;
import com.nakksha.events.QuotationViewed;
import com.nakksha.events.QuotationWithdrawn;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Records a quotation's domain events in its history and turns those the platform hears about into
 * Avro events on the outbox, inside the transaction that changed the quotation.
 */
@Component
class QuotationEventPublisher {

    private final Outbox outbox;
    private final QuotationRepository quotations;
    private final QuotationPdf pdf;
    private final ConsultantDirectory consultants;

    QuotationEventPublisher(Outbox outbox, QuotationRepository quotations, QuotationPdf pdf, ConsultantDirectory consultants) {
        this.outbox = outbox;
        this.quotations = quotations;
        this.pdf = pdf;
        this.consultants = consultants;
    }

    Mono<Void> publish(Quotation quotation, List<QuotationEvent> events) {
        return Flux.fromIterable(events)
                .concatMap(event -> quotations.recordHistory(quotation.id(), action(event), detail(event), event.occurredAt())
                        .then(withPdf(quotation, toAvro(quotation, event))
                                .flatMap(avro -> outbox.append(Topic.QUOTATION_QUOTATION, quotation.id().toString(), avro))))
                .then();
    }

    /**
     * QuotationSent carries the PDF the consultant downloads, rendered once here (off the event loop), so
     * notification-service attaches this very document to the client's mail: the layout stays quotation's
     * own and the mail needs no call back to this service (DESIGN.md: state travels in events).
     */
    private Mono<SpecificRecord> withPdf(Quotation quotation, SpecificRecord avro) {
        if (!(avro instanceof QuotationSent sent)) {
            return Mono.justOrEmpty(avro);
        }
        return consultants.publicName(quotation.consultantId()).map(Optional::of).defaultIfEmpty(Optional.empty())
                .publishOn(Schedulers.boundedElastic())
                .map(name -> QuotationSent.newBuilder(sent)
                        .setPdf(ByteBuffer.wrap(pdf.render(new QuotationPdf.Content(quotation, name.orElse(null)))))
                        .build());
    }

    private static String action(QuotationEvent event) {
        return switch (event) {
            case QuotationEvent.Drafted drafted -> drafted.duplicatedFrom() == null ? "DRAFTED" : "DUPLICATED";
            case QuotationEvent.Edited ignored -> "EDITED";
            case QuotationEvent.Sent ignored -> "SENT";
            case QuotationEvent.Viewed ignored -> "VIEWED";
            case QuotationEvent.Accepted ignored -> "ACCEPTED";
            case QuotationEvent.Rejected ignored -> "REJECTED";
            case QuotationEvent.Expired ignored -> "EXPIRED";
            case QuotationEvent.Withdrawn ignored -> "WITHDRAWN";
            case QuotationEvent.Paid ignored -> "PAID";
        };
    }

    private static String detail(QuotationEvent event) {
        return switch (event) {
            case QuotationEvent.Drafted drafted when drafted.duplicatedFrom() != null -> "Copy of " + drafted.duplicatedFrom();
            case QuotationEvent.Viewed viewed -> "View " + viewed.viewCount();
            case QuotationEvent.Rejected rejected -> rejected.reason();
            default -> null;
        };
    }

    private static SpecificRecord toAvro(Quotation quotation, QuotationEvent event) {
        UUID eventId = UUID.randomUUID();
        Instant at = millis(event.occurredAt());
        QuotationDetails details = quotation.details();
        return switch (event) {
            case QuotationEvent.Sent sent -> QuotationSent.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(quotation.consultantId())
                    .setQuotationId(quotation.id())
                    .setClientName(details.clientName())
                    .setClientEmail(details.clientEmail())
                    .setTitle(details.name())
                    .setAmountMinor(details.pricing().finalAmountMinor())
                    .setCurrency(details.currency())
                    .setValidUntil(millis(sent.expiresAt()))
                    .setShareUrl(sent.shareUrl())
                    .build();
            case QuotationEvent.Viewed viewed -> QuotationViewed.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(quotation.consultantId())
                    .setQuotationId(quotation.id())
                    .setViewCount(viewed.viewCount())
                    .build();
            case QuotationEvent.Accepted accepted -> QuotationAccepted.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(quotation.consultantId())
                    .setQuotationId(quotation.id())
                    .setAmountMinor(details.pricing().finalAmountMinor())
                    .setCurrency(details.currency())
                    .setClientId(details.clientId())
                    .setClientName(details.clientName())
                    .setClientEmail(details.clientEmail())
                    .setTitle(details.name())
                    .setPaymentCapabilityHash(accepted.paymentCapabilityHash())
                    .build();
            case QuotationEvent.Rejected rejected -> QuotationRejected.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(quotation.consultantId())
                    .setQuotationId(quotation.id())
                    .setReason(rejected.reason())
                    .build();
            case QuotationEvent.Expired expired -> QuotationExpired.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(quotation.consultantId())
                    .setQuotationId(quotation.id())
                    .build();
            case QuotationEvent.Withdrawn withdrawn -> QuotationWithdrawn.newBuilder()
                    .setEventId(eventId).setOccurredAt(at).setConsultantId(quotation.consultantId())
                    .setQuotationId(quotation.id())
                    .build();
            case QuotationEvent.Drafted ignored -> null;
            case QuotationEvent.Edited ignored -> null;
            case QuotationEvent.Paid ignored -> null;
        };
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
