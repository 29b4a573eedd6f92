package com.nakksha.payment.payable;

import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.SessionBooked;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Service;

/** Applies owner events to payables; the caller's inbox transaction makes each apply once. */
@Service
class PayableReplica {

    private final PayableRepository payables;

    PayableReplica(PayableRepository payables) {
        this.payables = payables;
    }

    Mono<Void> sessionBooked(SessionBooked booked, Instant now) {
        return payables.insertIfAbsent(Payable.announced(booked.getSessionId(), PayableType.SESSION, booked.getConsultantId(),
                booked.getAmountMinor(), booked.getCurrency(), booked.getTitle(),
                new Payable.Payer(booked.getClientName(), booked.getClientEmail(), booked.getClientPhone()),
                booked.getPaymentCapabilityHash(), booked.getHoldExpiresAt(),
                new OwnerStamp(booked.getOccurredAt(), booked.getSessionVersion()), now));
    }

    /**
     * QuotationAccepted v2 names the payer and carries the payment capability's hash; a v1 event has
     * neither, so its payable takes captures but no order can be made for it.
     */
    Mono<Void> quotationAccepted(QuotationAccepted accepted, Instant now) {
        Payable.Payer payer = accepted.getClientEmail() == null ? null
                : new Payable.Payer(accepted.getClientName(), accepted.getClientEmail(), null);
        String description = accepted.getTitle() == null ? "Quotation" : accepted.getTitle();
        return payables.insertIfAbsent(Payable.announced(accepted.getQuotationId(), PayableType.QUOTATION,
                accepted.getConsultantId(), accepted.getAmountMinor(), accepted.getCurrency(), description,
                payer, accepted.getPaymentCapabilityHash(), null, OwnerStamp.at(accepted.getOccurredAt()), now));
    }

    /** The owner extended the payable's hold; one about a payable not seen changes nothing. */
    Mono<Void> holdExtended(UUID payableId, Instant until, OwnerStamp stamp, Instant now) {
        return payables.lock(payableId)
                .filter(payable -> payable.holdExtended(until, stamp, now))
                .flatMap(payables::update);
    }

    /**
     * The owner cancelled the payable; {@code refundPercent} as for {@link Payable#cancelled}. One about a
     * payable not seen (a manual session) changes nothing.
     */
    Mono<Void> cancelled(UUID payableId, Integer refundPercent, OwnerStamp stamp, Instant now) {
        return payables.lock(payableId)
                .filter(payable -> payable.cancelled(refundPercent, stamp, now))
                .flatMap(payables::update);
    }

    /** A later word of the owner; one about a payable not seen (a manual session) changes nothing. */
    Mono<Void> ownerSays(UUID payableId, Availability said, OwnerStamp stamp, Instant now) {
        return payables.lock(payableId)
                .filter(payable -> payable.ownerSays(said, stamp, now))
                .flatMap(payables::update);
    }
}
