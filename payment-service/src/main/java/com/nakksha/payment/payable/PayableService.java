package com.nakksha.payment.payable;

import com.nakksha.defaults.context.ContextThreadLocals;
import com.nakksha.payment.razorpay.ProviderPayment;
import com.nakksha.payment.razorpay.RazorpayGateway;
import com.nakksha.payment.razorpay.RazorpayRejectedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Applies what Razorpay reports (webhooks, checkout verification, fetches) to payables: lock the
 * payable, let it decide, then write the payable, the attempt, refunds, ledger entries and events in
 * the caller's transaction. Work that needs Razorpay again (capture an authorised payment, send a
 * refund) runs after the commit, from what the transaction stored.
 */
@Service
public class PayableService {

    private static final Logger log = LoggerFactory.getLogger(PayableService.class);

    private final PayableRepository payables;
    private final PaymentEventPublisher publisher;
    private final RazorpayGateway razorpay;
    private final TransactionalOperator transactions;
    private final PaymentsProperties properties;
    static final String OUTCOMES = "nakksha.payments.outcomes";

    private final MeterRegistry meters;
    private final BoundedBlocking blocking;
    private final Clock clock;
    private volatile boolean startUpPassDone;
    private volatile boolean captureStartUpPassDone;

    PayableService(PayableRepository payables, PaymentEventPublisher publisher, RazorpayGateway razorpay,
                   TransactionalOperator transactions, PaymentsProperties properties, MeterRegistry meters,
                   BoundedBlocking blocking, Clock clock) {
        this.blocking = blocking;
        this.payables = payables;
        this.publisher = publisher;
        this.razorpay = razorpay;
        this.transactions = transactions;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        // Every outcome at zero from start-up: the failure-rate alert and the dashboard see a first capture or failure too.
        for (Class<?> outcome : PayableEvent.class.getPermittedSubclasses()) {
            outcomes(outcome);
        }
    }

    private Counter outcomes(Class<?> event) {
        return Counter.builder(OUTCOMES)
                .description("What happened to payables: captures, failures, refunds and the steps between, by event")
                .tag("outcome", event.getSimpleName())
                .register(meters);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The payable as stored, or empty when no owner announced it. */
    public Mono<Payable> find(UUID payableId) {
        return payables.find(payableId);
    }

    /**
     * Applies one payment snapshot inside the caller's transaction. The payable is the one the order was
     * made for, else {@code payableHint} (our id in the payment's notes).
     *
     * @return what was raised, for {@link #followUp}; empty when the payment belongs to no payable we know
     */
    public Mono<List<PayableEvent>> apply(ProviderPayment seen, UUID payableHint) {
        return payables.payableOfOrder(seen.providerOrderId())
                .switchIfEmpty(Mono.justOrEmpty(payableHint))
                .flatMap(payables::lock)
                .flatMap(payable -> payables.findAttempt(seen.providerPaymentId())
                        .map(Optional::of).defaultIfEmpty(Optional.empty())
                        .flatMap(stored -> {
                            Instant now = now();
                            Payable.Observation observed = payable.observe(stored.orElse(null), seen,
                                    properties.platformFee(), UUID::randomUUID, now);
                            return write(payable, observed.attempt(), observed.events(), now);
                        }));
    }

    /** Applies a snapshot in its own transaction, then does what it asks of Razorpay. */
    public Mono<List<PayableEvent>> applyAndFollowUp(ProviderPayment seen, UUID payableHint) {
        return transactions.transactional(apply(seen, payableHint))
                .flatMap(events -> followUp(events).thenReturn(events));
    }

    private Mono<List<PayableEvent>> write(Payable payable, PaymentAttempt attempt, List<PayableEvent> events, Instant now) {
        Mono<Void> writes = payables.update(payable)
                .then(payables.saveAttempt(attempt, payable.consultantId()))
                .then(Flux.fromIterable(events).concatMap(event -> switch (event) {
                    case PayableEvent.CaptureReturned returned -> payables.saveRefund(returned.refund(), payable.consultantId());
                    case PayableEvent.RefundRequested requested -> payables.saveRefund(requested.refund(), payable.consultantId());
                    default -> Mono.<Void>empty();
                }).then())
                .then(attempt.disposition() == PaymentAttempt.Disposition.ACCEPTED ? captureLedger(payable, attempt, now) : Mono.empty())
                .then(publisher.publish(payable, events));
        return writes.then(Mono.fromRunnable(() -> count(events))).thenReturn(events);
    }

    private Mono<Void> captureLedger(Payable payable, PaymentAttempt attempt, Instant now) {
        Mono<Void> capture = payables.ledger(payable.consultantId(), payable.id(), attempt.id(), null, "CAPTURE",
                attempt.amountMinor(), attempt.currency(), now);
        Mono<Void> providerFee = attempt.feeMinor() == null ? Mono.empty()
                : payables.ledger(payable.consultantId(), payable.id(), attempt.id(), null, "PROVIDER_FEE",
                -attempt.feeMinor(), attempt.currency(), now);
        Mono<Void> platformFee = attempt.platformFeeMinor() == null || attempt.platformFeeMinor() == 0 ? Mono.empty()
                : payables.ledger(payable.consultantId(), payable.id(), attempt.id(), null, "PLATFORM_FEE",
                -attempt.platformFeeMinor(), attempt.currency(), now);
        return capture.then(providerFee).then(platformFee);
    }

    /**
     * A Razorpay order now exists for the payable: announces it (PaymentOrderOpened) in the caller's
     * transaction, so the owner can keep the payable open while the client pays (DESIGN.md, holds and
     * payments in flight).
     *
     * @param amountMinor the order's amount in minor units (paise)
     */
    public Mono<Void> orderOpened(Payable payable, String providerOrderId, long amountMinor, String currency) {
        return publisher.publish(payable, List.of(new PayableEvent.OrderOpened(payable.id(), providerOrderId, amountMinor,
                currency, now())));
    }

    /**
     * The owner cancelled a payable that was paid: what is left of the capture is refunded in full, the
     * default policy when a consultant cancels (DESIGN.md, Refunds). Inside the caller's transaction.
     *
     * @return the refund request to send after the commit, or nothing when nothing is left to refund
     */
    public Mono<List<PayableEvent>> refundCancelled(UUID payableId, String reason) {
        return payables.lock(payableId)
                .filter(payable -> payable.capturedPaymentId() != null
                        && payable.refundReservedMinor() < payable.capturedMinor())
                .flatMap(payable -> payables.findAttempt(payable.capturedPaymentId())
                        .flatMap(captured -> {
                            Instant now = now();
                            PayableEvent.RefundRequested requested = payable.requestRefund(captured, null, reason,
                                    UUID.randomUUID(), now);
                            return payables.saveRefund(requested.refund(), payable.consultantId())
                                    .then(payables.update(payable))
                                    .thenReturn(List.<PayableEvent>of(requested));
                        }))
                .defaultIfEmpty(List.of());
    }

    /**
     * The owner cancelled the payable while no capture of it is known here. The client may still have paid:
     * Razorpay took the payment, its webhooks all failed while this service could not be reached, and the
     * client never came back to verify. Inside the caller's transaction, the payable's open order is marked
     * for a check at Razorpay (reconciliation takes it up once it has been asked for a reconciliation interval,
     * whatever the order's age, should the check after the commit not happen); a capture found is refunded by
     * the cancellation's share ({@link Payable#observe}): returned in full, or kept with that share refunded.
     *
     * @return the check to make after the commit ({@link #followUp}), or nothing when a capture is known or
     *         there is no order at Razorpay
     */
    public Mono<List<PayableEvent>> checkOrderOfCancelled(UUID payableId) {
        return payables.find(payableId)
                .filter(payable -> payable.capturedPaymentId() == null)
                .flatMap(payable -> {
                    Instant now = now();
                    return payables.requestOrderCheck(payableId, now)
                            .map(orderId -> List.<PayableEvent>of(new PayableEvent.OrderCheckNeeded(payableId, orderId, now)));
                })
                .defaultIfEmpty(List.of());
    }

    /**
     * Asks Razorpay for every payment of the payable's order and applies each as a webhook would (its own
     * transaction, then what it asks of Razorpay), then notes the order checked as of {@code startedAt}.
     * The one check of an order, for reconciliation and for a cancellation.
     *
     * @return what each payment raised, one list per payment Razorpay reported
     * @throws com.nakksha.payment.razorpay.RazorpayUnavailableException when Razorpay cannot be asked (the order
     *         stays due and is checked again)
     */
    public Flux<List<PayableEvent>> checkOrder(UUID payableId, String providerOrderId, Instant startedAt) {
        return razorpay.paymentsOfOrder(providerOrderId)
                .flatMapMany(Flux::fromIterable)
                .concatMap(payment -> applyAndFollowUp(payment, payableId).defaultIfEmpty(List.of()))
                .collectList()
                .flatMapMany(applied -> payables.orderChecked(providerOrderId, startedAt).thenMany(Flux.fromIterable(applied)));
    }

    /**
     * A refund a consultant asks for on the payable's capture, inside the caller's transaction (with the
     * payable's row locked, so concurrent requests add up). {@code amountMinor} null means everything not
     * refunded yet. Send it after the commit with {@link #sendRefund}.
     *
     * @return the refund, REQUESTED and its amount reserved; empty when the payable or the payment is not
     *         this consultant's
     * @throws RefundRefusedException when the payment is not the payable's capture, nothing is left to refund,
     *                                or the amount exceeds what is left (paise)
     * @throws PayableRuleException on the other rules of {@link Payable#requestRefund}
     */
    public Mono<Refund> requestRefund(UUID consultantId, UUID payableId, String providerPaymentId, Long amountMinor,
                                      String reason) {
        return payables.lock(payableId)
                .filter(payable -> payable.consultantId().equals(consultantId))
                .flatMap(payable -> payables.findAttempt(providerPaymentId)
                        .filter(attempt -> attempt.payableId().equals(payableId))
                        .flatMap(attempt -> {
                            if (attempt.disposition() != PaymentAttempt.Disposition.ACCEPTED
                                    || !providerPaymentId.equals(payable.capturedPaymentId())) {
                                return Mono.error(new RefundRefusedException("id", "only the payment that paid for the "
                                        + payable.type().name().toLowerCase(Locale.ROOT)
                                        + " can be refunded; a payment given back automatically is refunded already"));
                            }
                            long left = payable.capturedMinor() - payable.refundReservedMinor();
                            if (left == 0) {
                                return Mono.error(new RefundRefusedException("amount", "nothing is left to refund"));
                            }
                            if (amountMinor != null && amountMinor > left) {
                                return Mono.error(new RefundRefusedException("amount",
                                        "exceeds what can still be refunded (" + left + " paise)"));
                            }
                            PayableEvent.RefundRequested requested = payable.requestRefund(attempt, amountMinor, reason,
                                    UUID.randomUUID(), now());
                            return payables.saveRefund(requested.refund(), payable.consultantId())
                                    .then(payables.update(payable))
                                    .thenReturn(requested.refund());
                        }));
    }

    /**
     * The owner declined a capture it received after the payable's hold expired (booking: the slot was
     * taken): the capture is returned in full, its ledger entries cancelled, PaymentReturned raised.
     * Inside the caller's transaction; a decline seen twice, or for a capture that is not the payable's,
     * changes nothing.
     *
     * @return the returned capture, whose refund {@link #followUp} sends after the commit
     */
    public Mono<List<PayableEvent>> declineCapture(UUID payableId, String providerPaymentId, String reason) {
        return payables.lock(payableId)
                // Restoring the caller's thread locals (its trace) around the signals whose handling logs.
                .flatMap(payable -> ContextThreadLocals.restoring(payables.findAttempt(providerPaymentId)
                        .filter(attempt -> attempt.payableId().equals(payableId)))
                        .flatMap(attempt -> {
                            Instant now = now();
                            List<PayableEvent> events = payable.declineCapture(attempt, reason, UUID.randomUUID(), now);
                            if (events.isEmpty()) {
                                log.warn("Decline of payment {} for payable {} changes nothing: it is not the payable's"
                                        + " unrefunded capture", providerPaymentId, payableId);
                                return Mono.just(events);
                            }
                            Refund refund = ((PayableEvent.CaptureReturned) events.getFirst()).refund();
                            return payables.update(payable)
                                    .then(payables.saveAttempt(attempt, payable.consultantId()))
                                    .then(payables.saveRefund(refund, payable.consultantId()))
                                    .then(payables.reverseLedgerOf(attempt.id(), refund.id(), now))
                                    .then(publisher.publish(payable, events))
                                    .then(ContextThreadLocals.restoring(Mono.fromRunnable(() -> count(events))))
                                    .thenReturn(events);
                        }))
                .defaultIfEmpty(List.of());
    }

    /**
     * After the commit: capture what is only authorised, send refunds that were decided. A capture Razorpay refuses
     * (captured already, by the account's automatic capture; or given back) applies the payment as Razorpay then
     * shows it; one that fails otherwise is made again by {@link #captureAuthorised}, as a refund is sent again.
     */
    public Mono<Void> followUp(List<PayableEvent> events) {
        return Flux.fromIterable(events).concatMap(event -> switch (event) {
            case PayableEvent.CaptureNeeded needed -> ContextThreadLocals.restoring(capture(needed))
                    .onErrorResume(failure -> {
                        log.warn("Capture of payment {} failed; its webhook, a verify or the capture retry applies it: {}",
                                needed.attempt().providerPaymentId(), failure.getMessage());
                        return Mono.empty();
                    })
                    .then();
            case PayableEvent.CaptureReturned returned -> sendRefund(returned.refund().id());
            case PayableEvent.RefundRequested requested -> sendRefund(requested.refund().id());
            case PayableEvent.OrderCheckNeeded check -> ContextThreadLocals.restoring(checkOrder(check.payableId(), check.providerOrderId(), now())
                    .then())
                    .onErrorResume(failure -> {
                        log.warn("Order {} of cancelled payable {} could not be checked at Razorpay now; reconciliation"
                                + " checks it once it has waited a reconciliation interval: {}",
                                check.providerOrderId(), check.payableId(), failure.toString());
                        return Mono.empty();
                    });
            default -> Mono.<Void>empty();
        }).then();
    }

    private Mono<List<PayableEvent>> capture(PayableEvent.CaptureNeeded needed) {
        String paymentId = needed.attempt().providerPaymentId();
        return razorpay.capturePayment(paymentId, needed.attempt().amountMinor(), needed.attempt().currency())
                .onErrorResume(RazorpayRejectedException.class, refused -> {
                    log.info("Razorpay refused the capture of payment {} ({}); applying the payment as it shows it",
                            paymentId, refused.getMessage());
                    return razorpay.fetchPayment(paymentId);
                })
                .flatMap(seen -> applyAndFollowUp(seen, needed.payableId()));
    }

    /**
     * Captures payments that are only authorised here although their payable takes them ({@link Payable#captureOwed}):
     * the capture asked for at the authorisation did not happen because the process died right after the commit, or
     * Razorpay could not be reached, and with a manual-capture account nothing else captures them (Razorpay gives an
     * uncaptured authorisation back after 3 days, {@code reconciliation-horizon}). Payments untouched for
     * {@code nakksha.payment.capture-retry-interval} are taken, so the capture right after a fresh authorisation is
     * not raced; the first pass, at start-up, takes every one, as {@link #sendUnsentRefunds} does. A capture made
     * twice is refused by Razorpay the second time, and the payment is then applied as Razorpay shows it.
     */
    @Scheduled(fixedDelayString = "${nakksha.payment.capture-retry-interval:30s}")
    void captureAuthorised() {
        Instant now = now();
        Instant untouchedSince = captureStartUpPassDone ? now.minus(properties.captureRetryInterval()) : now;
        captureStartUpPassDone = true;
        blocking.runPass("capture-retry", payables.authorisedAttempts(untouchedSince, now.minus(properties.reconciliationHorizon()), 50)
                .concatMap(attempt -> payables.find(attempt.payableId())
                        .flatMap(payable -> Mono.justOrEmpty(payable.captureOwed(attempt, now)))
                        .flatMap(owed -> followUp(List.of(owed))))
                .then());
    }

    /**
     * Sends a decided refund to Razorpay with its idempotency key and records Razorpay's refund id. When
     * Razorpay cannot be reached it stays REQUESTED and is sent again later with the same key; when
     * Razorpay refuses it, it fails and its amount is free again.
     */
    public Mono<Void> sendRefund(UUID refundId) {
        return payables.findRefund(refundId)
                .filter(refund -> refund.status() == Refund.Status.REQUESTED)
                .flatMap(refund -> ContextThreadLocals.restoring(razorpay.createRefund(refund.providerPaymentId(), refund.amountMinor(),
                                        refund.idempotencyKey(), Map.of("reason", truncate(refund.reason()), "nakksha_refund_id",
                                                refund.id().toString(), "nakksha_payable_id", refund.payableId().toString()))
                                .flatMap(sent -> transactions.transactional(refundReport(refund.id(), sent.id(), sent.status(), null)))
                                .onErrorResume(RazorpayRejectedException.class, refused -> transactions.transactional(
                                        refundReport(refund.id(), null, "failed", refused.getMessage()))))
                        .onErrorResume(failure -> {
                            log.warn("Refund {} not accepted by Razorpay yet, will be sent again: {}", refund.id(), failure.getMessage());
                            return Mono.empty();
                        }))
                .then();
    }

    /**
     * Sends again, with the same idempotency key, refunds Razorpay has not accepted for a retry interval
     * ({@code nakksha.payment.refund-retry-interval}): younger ones may still be on their way from the
     * transaction that decided them. The first pass, at start-up, sends every unsent refund at once: none is on
     * its way from this process yet, and one decided just before a previous process died would otherwise
     * wait a whole interval. A refund sent twice is one refund at Razorpay (same key) and one here.
     */
    @Scheduled(fixedDelayString = "${nakksha.payment.refund-retry-interval:30s}")
    void sendUnsentRefunds() {
        Instant untouchedSince = startUpPassDone ? now().minus(properties.refundRetryInterval()) : now();
        startUpPassDone = true;
        blocking.runPass("refund-retry", payables.unsentRefunds(untouchedSince, 50)
                .concatMap(this::sendRefund)
                .then());
    }

    /**
     * Razorpay's word on a refund ({@code status} pending, processed or failed), from its answer or a refund
     * webhook, inside the caller's transaction. A refund we did not ask for (made in Razorpay's dashboard)
     * is recorded against the payable's capture.
     */
    public Mono<Void> refundReport(String providerRefundId, String providerPaymentId, long amountMinor, String status,
                                   String error) {
        return payables.findRefundByProviderId(providerRefundId)
                .switchIfEmpty(Mono.defer(() -> payables.findUnmatchedRefund(providerPaymentId, amountMinor)))
                .map(Refund::id)
                // Settling completes empty; the marker keeps a settled refund of ours from also being taken for an external one.
                .flatMap(refundId -> refundReport(refundId, providerRefundId, status, error).thenReturn(Boolean.TRUE))
                .switchIfEmpty(Mono.defer(() -> externalRefund(providerRefundId, providerPaymentId, amountMinor, status, error)
                        .thenReturn(Boolean.TRUE)))
                .then();
    }

    private Mono<Void> refundReport(UUID refundId, String providerRefundId, String status, String error) {
        return payables.findRefund(refundId)
                .flatMap(unlocked -> payables.lock(unlocked.payableId())
                        .flatMap(payable -> payables.findRefund(refundId)
                                .flatMap(refund -> settle(payable, refund, providerRefundId, status, error))));
    }

    private Mono<Void> externalRefund(String providerRefundId, String providerPaymentId, long amountMinor, String status,
                                      String error) {
        return payables.findAttempt(providerPaymentId)
                .filter(attempt -> attempt.disposition() == PaymentAttempt.Disposition.ACCEPTED)
                .flatMap(attempt -> ContextThreadLocals.restoring(payables.lock(attempt.payableId()))
                        .flatMap(payable -> {
                            Refund refund = payable.externalRefund(attempt, amountMinor, providerRefundId, UUID.randomUUID(), now());
                            if (refund == null) {
                                log.warn("Refund {} of payment {} is more than is left of its capture; not recorded",
                                        providerRefundId, providerPaymentId);
                                return Mono.empty();
                            }
                            return payables.saveRefund(refund, payable.consultantId())
                                    .then(settle(payable, refund, providerRefundId, status, error));
                        }));
    }

    private Mono<Void> settle(Payable payable, Refund refund, String providerRefundId, String status, String error) {
        Instant now = now();
        List<PayableEvent> events = switch (status == null ? "" : status) {
            case "processed" -> payable.refundProcessed(refund, providerRefundId, now);
            case "failed" -> payable.refundFailed(refund, providerRefundId, error, now);
            default -> payable.refundAccepted(refund, providerRefundId, now);
        };
        Mono<Void> ledger = Flux.fromIterable(events)
                .concatMap(event -> event instanceof PayableEvent.Refunded refunded
                        ? payables.ledger(payable.consultantId(), payable.id(), null, refunded.refund().id(), "REFUND",
                        -refunded.refund().amountMinor(), refunded.refund().currency(), now)
                        : Mono.<Void>empty())
                .then();
        return payables.saveRefund(refund, payable.consultantId())
                .then(payables.update(payable))
                .then(ledger)
                .then(publisher.publish(payable, events))
                .then(ContextThreadLocals.restoring(Mono.fromRunnable(() -> count(events))));
    }

    private void count(List<PayableEvent> events) {
        for (PayableEvent event : events) {
            outcomes(event.getClass()).increment();
            if (event instanceof PayableEvent.RefundFailed failed) {
                RefundFailures.counter(meters, failed.refund().kind()).increment();
                log.error("Refund {} of payable {} failed at Razorpay: {}", failed.refund().id(), failed.payableId(),
                        failed.refund().errorDescription());
            }
        }
    }

    private static String truncate(String reason) {
        return reason.length() <= 256 ? reason : reason.substring(0, 256);
    }
}
