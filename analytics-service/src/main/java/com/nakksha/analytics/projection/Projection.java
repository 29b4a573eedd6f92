package com.nakksha.analytics.projection;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.nakksha.analytics.projection.FactRepository.QuotationOutcome;
import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.ClientCreated;
import com.nakksha.events.ConsultantApproved;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.ConsultantRejected;
import com.nakksha.events.ConsultantSuspended;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentFailed;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.QuotationExpired;
import com.nakksha.events.QuotationRejected;
import com.nakksha.events.QuotationSent;
import com.nakksha.events.QuotationViewed;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionCompleted;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionNoShow;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.events.SessionRescheduled;
import com.nakksha.schemas.EventMetadata;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Applies domain events to the fact rows of a projection generation, once per generation through
 * the inbox. The effect of an event does not depend on which events came before it (see
 * {@link FactRepository}), so live consumption, a rebuild and any redelivery agree.
 */
@Service
public class Projection {

    /** Consumer group of the live listener; the inbox consumer adds the generation. */
    public static final String CONSUMER = "analytics-service.projection";

    private final Inbox inbox;
    private final FactRepository facts;
    private final GenerationRepository generations;
    private final TransactionalOperator transactions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AtomicReference<Instant> newestApplied = new AtomicReference<>();

    Projection(Inbox inbox, FactRepository facts, GenerationRepository generations, TransactionalOperator transactions,
               Clock clock, MeterRegistry meters) {
        this.inbox = inbox;
        this.facts = facts;
        this.generations = generations;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("nakksha.analytics.newest.event.age", this, Projection::newestEventAgeSeconds)
                .description("Seconds since the newest event applied to the serving projection happened")
                .baseUnit("seconds")
                .register(meters);
    }

    /** Whether the projection has anything to do with this event type at all. */
    public static boolean projects(SpecificRecord event) {
        return effectOf(event, 0, null) != null;
    }

    /**
     * Applies an event from the live topics to every open generation: the serving one and, during
     * a rebuild, the one being built.
     */
    public Mono<Void> applyLive(SpecificRecord event) {
        if (!projects(event)) {
            return Mono.empty();
        }
        return generations.open()
                .flatMapMany(Flux::fromIterable)
                .concatMap(generation -> applyOnce(event, generation).filter(applied -> applied).map(applied -> generation))
                .collectList()
                .flatMap(applied -> generations.active().doOnNext(active -> {
                    if (applied.contains(active.generation())) {
                        meters.counter("nakksha.analytics.events.applied", "type", event.getSchema().getName()).increment();
                        newestApplied.accumulateAndGet(EventMetadata.occurredAt(event),
                                (a, b) -> a == null || b.isAfter(a) ? b : a);
                    }
                }))
                .then();
    }

    /**
     * Applies an event to one generation unless that generation had it already, and counts it on
     * the generation's row (what {@code dataAsOf} reads).
     *
     * @return whether it was applied now
     */
    public Mono<Boolean> applyOnce(SpecificRecord event, int generation) {
        Instant occurredAt = EventMetadata.occurredAt(event);
        return applyOnce(event, generation, () -> generations.applied(generation, 1, occurredAt, clock.instant()));
    }

    /**
     * Applies an event to a generation being rebuilt, without touching the generation's row, which
     * every concurrent rebuild transaction would otherwise wait for; the rebuild counts at the end
     * with {@link #rebuilt}.
     */
    public Mono<Boolean> applyToRebuild(SpecificRecord event, int generation) {
        return applyOnce(event, generation, Mono::empty);
    }

    /** Adds what a rebuild applied to its generation's counts. */
    public Mono<Void> rebuilt(int generation, long events, Instant newestEventAt) {
        return generations.applied(generation, events, newestEventAt, clock.instant());
    }

    private Mono<Boolean> applyOnce(SpecificRecord event, int generation, java.util.function.Supplier<Mono<Void>> counted) {
        FactWrite effect = effectOf(event, generation, facts);
        if (effect == null) {
            return Mono.just(false);
        }
        return inbox.handleOnce(CONSUMER + ".g" + generation, event, () -> effect.write().then(Mono.defer(counted)));
    }

    /** Opens a generation to rebuild into; fails when one is being built already. */
    public Mono<Integer> openRebuild() {
        return generations.openBuilding(clock.instant());
    }

    /** Makes the built generation serve and retires the one that served, in one transaction; then deletes the old rows. */
    public Mono<Void> swap(int built) {
        return generations.active()
                .flatMap(previous -> transactions.transactional(generations.retireActive(clock.instant())
                                .then(generations.activate(built, clock.instant())))
                        .flatMap(activated -> activated == 1
                                ? Mono.just(previous.generation())
                                : Mono.error(new IllegalStateException("generation " + built + " is not being built"))))
                .flatMap(facts::deleteGeneration)
                .then(generations.active().doOnNext(active -> newestApplied.set(active.newestEventAt())))
                .then();
    }

    public Mono<Void> failRebuild(int generation, String failure) {
        return generations.failed(generation, failure, clock.instant()).then(facts.deleteGeneration(generation)).then();
    }

    /** The generation that serves the APIs. */
    public Mono<Generation> active() {
        return generations.active();
    }

    public Flux<Generation> generations() {
        return generations.all();
    }

    private double newestEventAgeSeconds() {
        Instant newest = newestApplied.get();
        return newest == null ? Double.NaN : (clock.millis() - newest.toEpochMilli()) / 1000.0;
    }

    @FunctionalInterface
    private interface FactWrite {
        Mono<Void> write();
    }

    // Ranks order events with the same occurredAt: booked 0, confirmed 1, an end state or reschedule 2.
    private static FactWrite effectOf(SpecificRecord event, int g, FactRepository facts) {
        return switch (event) {
            case ConsultantRegistered e -> () -> facts.consultantRegistered(g, e.getConsultantId(), e.getOccurredAt(), e.getEventId());
            case ConsultantApproved e -> () -> facts.consultantDecision(g, e.getConsultantId(), "APPROVED", e.getOccurredAt(),
                    e.getEventId(), e.getOccurredAt());
            case ConsultantRejected e -> () -> facts.consultantDecision(g, e.getConsultantId(), "REJECTED", e.getOccurredAt(),
                    e.getEventId(), null);
            case ConsultantSuspended e -> () -> facts.consultantDecision(g, e.getConsultantId(), "SUSPENDED", e.getOccurredAt(),
                    e.getEventId(), null);
            case ConsultantProfileUpdated e -> () -> facts.zone(g, e.getConsultantId(), e.getProfileVersion(), e.getTimezone(),
                    e.getOccurredAt());
            case SessionBooked e -> () -> facts.sessionBooked(g, e.getSessionId(), e.getConsultantId(), e.getEventId(),
                    e.getOccurredAt(), e.getClientId(), e.getSessionType().name(), e.getSource().name(), e.getAmountMinor(),
                    e.getCurrency(), e.getStartsAt(), e.getPaymentStatus().name(),
                    e.getPaymentMethod() == null ? null : e.getPaymentMethod().name());
            case SessionConfirmed e -> () -> facts.sessionStatus(g, e.getSessionId(), e.getConsultantId(), "CONFIRMED",
                            e.getOccurredAt(), 1, e.getEventId())
                    .then(facts.sessionStart(g, e.getSessionId(), e.getConsultantId(), e.getStartsAt(), e.getOccurredAt(), 1,
                            e.getEventId()));
            case SessionRescheduled e -> () -> facts.sessionStart(g, e.getSessionId(), e.getConsultantId(), e.getStartsAt(),
                    e.getOccurredAt(), 2, e.getEventId());
            case SessionCancelled e -> status(facts, g, e.getSessionId(), e.getConsultantId(), "CANCELLED", e.getOccurredAt(), e.getEventId());
            case SessionCompleted e -> status(facts, g, e.getSessionId(), e.getConsultantId(), "COMPLETED", e.getOccurredAt(), e.getEventId());
            case SessionNoShow e -> status(facts, g, e.getSessionId(), e.getConsultantId(), "NO_SHOW", e.getOccurredAt(), e.getEventId());
            case SessionAbandoned e -> status(facts, g, e.getSessionId(), e.getConsultantId(), "ABANDONED", e.getOccurredAt(), e.getEventId());
            case SessionPaymentUpdated e -> () -> facts.sessionPayment(g, e.getSessionId(), e.getConsultantId(),
                    e.getPaymentStatus().name(), e.getPaymentMethod() == null ? null : e.getPaymentMethod().name(),
                    e.getOccurredAt(), e.getEventId());
            case ClientCreated e -> () -> facts.clientCreated(g, e.getClientId(), e.getConsultantId(), e.getOccurredAt());
            case PaymentCaptured e -> () -> facts.paymentCaptured(g, e.getPaymentId(), e.getConsultantId(), e.getPayableType().name(),
                    e.getPayableId(), e.getAmountMinor(), e.getCurrency(), e.getProviderFeeMinor(), e.getPlatformFeeMinor(),
                    e.getOccurredAt(), e.getEventId());
            case PaymentReturned e -> () -> facts.paymentReturned(g, e.getPaymentId(), e.getConsultantId(), e.getPayableType().name(),
                    e.getPayableId(), e.getAmountMinor(), e.getCurrency(), e.getOccurredAt(), e.getEventId());
            case PaymentFailed e -> () -> facts.paymentFailed(g, e.getPaymentId(), e.getConsultantId(), e.getPayableType().name(),
                    e.getPayableId(), e.getCurrency(), e.getOccurredAt());
            case PaymentRefunded e -> () -> facts.refunded(g, e.getRefundId(), e.getPaymentId(), e.getConsultantId(),
                    e.getPayableType().name(), e.getPayableId(), e.getAmountMinor(), e.getCurrency(), e.getOccurredAt(), e.getEventId());
            case QuotationSent e -> () -> facts.quotationSent(g, e.getQuotationId(), e.getConsultantId(), e.getAmountMinor(),
                    e.getCurrency(), e.getOccurredAt());
            case QuotationAccepted e -> () -> facts.quotationOutcome(g, e.getQuotationId(), e.getConsultantId(),
                    QuotationOutcome.ACCEPTED, e.getOccurredAt());
            case QuotationRejected e -> () -> facts.quotationOutcome(g, e.getQuotationId(), e.getConsultantId(),
                    QuotationOutcome.REJECTED, e.getOccurredAt());
            case QuotationExpired e -> () -> facts.quotationOutcome(g, e.getQuotationId(), e.getConsultantId(),
                    QuotationOutcome.EXPIRED, e.getOccurredAt());
            case QuotationViewed e -> () -> facts.quotationViewed(g, e.getQuotationId(), e.getConsultantId(), e.getViewCount());
            default -> null;
        };
    }

    private static FactWrite status(FactRepository facts, int g, UUID sessionId, UUID consultantId, String status, Instant at,
                                    UUID eventId) {
        return () -> facts.sessionStatus(g, sessionId, consultantId, status, at, 2, eventId);
    }
}
