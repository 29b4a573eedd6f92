package com.nakksha.analytics.projection;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import com.nakksha.analytics.AnalyticsProperties;
import com.nakksha.analytics.projection.DailyRepository.Touched;
import com.nakksha.analytics.projection.FactRepository.QuotationOutcome;
import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.events.ClientCreated;
import com.nakksha.events.ConsultantApproved;
import com.nakksha.events.ConsultantEmailLinkRequested;
import com.nakksha.events.ConsultantLoginLinkRequested;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.ConsultantRejected;
import com.nakksha.events.ConsultantSuspended;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentFailed;
import com.nakksha.events.PaymentOrderOpened;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.QuotationExpired;
import com.nakksha.events.QuotationRejected;
import com.nakksha.events.QuotationSent;
import com.nakksha.events.QuotationViewed;
import com.nakksha.events.QuotationWithdrawn;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionCompleted;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionHoldExtended;
import com.nakksha.events.SessionNoShow;
import com.nakksha.events.SessionPaymentDeclined;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.events.SessionRescheduled;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificData;
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

    static final String EVENTS_APPLIED = "nakksha.analytics.events.applied";
    private static final String ANALYTICS = "analytics-service";

    /** Consumer group of the live listener; the inbox consumer adds the generation. */
    public static final String CONSUMER = "analytics-service.projection";

    private final Inbox inbox;
    private final FactRepository facts;
    private final DailyRepository daily;
    private final GenerationRepository generations;
    private final TransactionalOperator transactions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AnalyticsProperties properties;
    private final AtomicReference<Instant> newestApplied = new AtomicReference<>();

    Projection(Inbox inbox, FactRepository facts, DailyRepository daily, GenerationRepository generations,
               TransactionalOperator transactions, Clock clock, MeterRegistry meters, AnalyticsProperties properties) {
        this.inbox = inbox;
        this.facts = facts;
        this.daily = daily;
        this.properties = properties;
        this.generations = generations;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("nakksha.analytics.newest.event.age", this, Projection::newestEventAgeSeconds)
                .description("Seconds since the newest event applied to the serving projection happened")
                .baseUnit("seconds")
                .register(meters);
        // Every projected type at zero from start-up, so the dashboard's increases see a first event of each.
        for (Topic topic : Topic.values()) {
            if (topic.readers().contains(ANALYTICS)) {
                topic.valueTypes().stream().filter(type -> !IGNORED.containsKey(type))
                        .forEach(type -> applied(SpecificData.get().getSchema(type).getName()));
            }
        }
    }

    private Counter applied(String type) {
        return Counter.builder(EVENTS_APPLIED)
                .description("Events applied to the serving projection, by type")
                .tag("type", type)
                .register(meters);
    }

    /**
     * Event types of the topics analytics reads that change no figure, each for a stated reason; every
     * other type on those topics is projected ({@code ProjectionCoverageTest} keeps the two apart).
     */
    public static final Map<Class<? extends SpecificRecord>, String> IGNORED = Map.of(
            ConsultantEmailLinkRequested.class, "a verification or reset email link: no figure counts emails yet",
            ConsultantLoginLinkRequested.class, "a sign-in link mailed at the login limit: no figure counts emails or logins yet",
            SessionHoldExtended.class, "a longer payment hold: no figure depends on when a hold expires",
            SessionPaymentDeclined.class, "the money side arrives as PaymentReturned, which never counts as revenue",
            PaymentOrderOpened.class, "an order opened at Razorpay is not money: captures, failures and refunds are");

    /** Whether the projection has anything to do with this event type at all. */
    public static boolean projects(SpecificRecord event) {
        return effectOf(event, 0, null) != null;
    }

    /**
     * Applies events from the live topics to every open generation, the serving one and, during a rebuild, the one
     * being built, in one transaction (it joins a caller's, such as a poll's of service-defaults'
     * {@code Inbox.handleBatch}). One statement locks the open generations and takes the lock of each of the events'
     * consultants in each ({@link GenerationRepository#lockOpen}); then, per generation, one
     * statement claims the events in the inbox, and per consultant what the rows the events change contributed to
     * the day tables is taken away once, the facts are written event by event, and what those rows contribute now is
     * added once, which also deletes the day rows left at zero; then one statement counts the events on the
     * generation's row (what {@code dataAsOf} reads). A consultant's zone change among them places all their days again when it moved any.
     * Taking away and adding once per consultant and batch, not per event, keeps a batch of events on the same days
     * from piling up row versions Postgres cannot prune before the commit. A generation retired or failed by a swap
     * while this waited gets no write. The effect of the events does not depend on their order (see
     * {@link FactRepository}), nor on how they are split into batches.
     *
     * @return the events the serving generation took now, for {@link #countLive} once committed, in the order given
     */
    public Mono<List<SpecificRecord>> applyLiveBatch(List<SpecificRecord> events) {
        List<SpecificRecord> projected = events.stream().filter(Projection::projects).toList();
        if (projected.isEmpty()) {
            return Mono.just(List.of());
        }
        Set<UUID> consultants = projected.stream().map(EventMetadata::consultantId).collect(Collectors.toSet());
        Instant appliedAt = clock.instant();
        return transactions.transactional(generations.lockOpen(consultants)
                .flatMapMany(Flux::fromIterable)
                .concatMap(open -> applyToOpen(open, projected, appliedAt)
                        .map(applied -> open.state() == Generation.State.ACTIVE ? applied : List.<SpecificRecord>of()))
                .reduce(List.<SpecificRecord>of(), (serving, applied) -> applied.isEmpty() ? serving : applied));
    }

    /** The events a generation had not taken yet, applied to it; the caller holds the locks. */
    private Mono<List<SpecificRecord>> applyToOpen(Generation open, List<SpecificRecord> events, Instant appliedAt) {
        int generation = open.generation();
        return inbox.claimOnce(CONSUMER + ".g" + generation, events).flatMap(claimed -> {
            Map<UUID, List<SpecificRecord>> byConsultant = new LinkedHashMap<>();
            List<SpecificRecord> fresh = new ArrayList<>();
            Set<UUID> unapplied = new HashSet<>(claimed);
            for (SpecificRecord event : events) {
                if (unapplied.remove(EventMetadata.eventId(event))) {
                    fresh.add(event);
                    byConsultant.computeIfAbsent(EventMetadata.consultantId(event), consultant -> new ArrayList<>()).add(event);
                }
            }
            if (fresh.isEmpty()) {
                return Mono.just(List.<SpecificRecord>of());
            }
            Instant newest = fresh.stream().map(EventMetadata::occurredAt).max(Instant::compareTo).orElseThrow();
            return Flux.fromIterable(byConsultant.entrySet())
                    .concatMap(group -> applyForConsultant(open, group.getKey(), group.getValue()))
                    .then(generations.applied(generation, fresh.size(), newest, appliedAt))
                    .thenReturn(fresh);
        });
    }

    /**
     * Counts live events the serving generation took, once their transaction committed: the applied counter by
     * type and the newest event's time behind {@code nakksha.analytics.newest.event.age}. A rolled-back poll,
     * handled again one event at a time, counts each event once.
     */
    public void countLive(List<SpecificRecord> applied) {
        for (SpecificRecord event : applied) {
            applied(event.getSchema().getName()).increment();
            newestApplied.accumulateAndGet(EventMetadata.occurredAt(event), (a, b) -> a == null || b.isAfter(a) ? b : a);
        }
    }

    /**
     * Applies an event to the fact rows of a generation being rebuilt, without touching the
     * generation's row, which every concurrent rebuild transaction would otherwise wait for (the
     * rebuild counts at the end with {@link #rebuilt}), and without recomputing daily rows, which
     * made a rebuild 5 to 8 times slower: the rebuild fills them once with {@link #recomputeDaily(int)}
     * before the swap. Without the generation check of {@link #applyLiveBatch}: only the rebuild writes
     * through here, into the generation it built, before that same rebuild swaps or fails it.
     */
    public Mono<Boolean> applyToRebuild(SpecificRecord event, int generation) {
        Effect effect = effectOf(event, generation, facts);
        if (effect == null) {
            return Mono.just(false);
        }
        // The consultant's lock comes before the inbox row: a transaction waiting for it then holds
        // nothing another transaction of this consultant could wait for, so batches cannot deadlock.
        UUID consultantId = EventMetadata.consultantId(event);
        return transactions.transactional(daily.lock(generation, consultantId)
                .then(inbox.handleOnce(CONSUMER + ".g" + generation, event,
                        () -> effect.write().write())));
    }

    /**
     * Applies events to a generation being rebuilt in one transaction, each once (see
     * {@link #applyToRebuild}); the merge makes their order irrelevant.
     *
     * @return how many were applied now, and the newest {@code occurredAt} of those (null if none)
     */
    public Mono<Applied> applyBatchToRebuild(List<SpecificRecord> events, int generation) {
        return transactions.transactional(Flux.fromIterable(events)
                        .concatMap(event -> applyToRebuild(event, generation)
                                .filter(applied -> applied)
                                .map(applied -> EventMetadata.occurredAt(event)))
                        .reduce(new Applied(0, null), (sum, at) -> new Applied(sum.events() + 1,
                                sum.newestEventAt() == null || at.isAfter(sum.newestEventAt()) ? at : sum.newestEventAt())));
    }

    /** Events applied by a batch and the newest {@code occurredAt} among them (UTC; null when none). */
    public record Applied(long events, Instant newestEventAt) {
    }

    /** Adds what a rebuild applied to its generation's counts. */
    public Mono<Void> rebuilt(int generation, long events, Instant newestEventAt) {
        return generations.applied(generation, events, newestEventAt, clock.instant());
    }

    /**
     * In the caller's transaction, which holds the consultant's lock and has just claimed the events: writes their
     * facts and moves the consultant's days, unless the generation is being filled and this consultant's turn has not
     * come (the fill counts the facts then).
     */
    private Mono<Void> applyForConsultant(Generation open, UUID consultantId, List<SpecificRecord> events) {
        int generation = open.generation();
        List<Effect> effects = events.stream().map(event -> effectOf(event, generation, facts)).toList();
        Mono<Void> writes = Flux.fromIterable(effects).concatMap(effect -> effect.write().write()).then();
        Mono<Boolean> moves = open.dailyFilling() ? daily.filled(generation, consultantId) : Mono.just(true);
        return moves.flatMap(move -> move ? withDaily(effects, writes, generation, consultantId) : writes);
    }

    /**
     * Writes the facts and moves the consultant's daily and member rows by what the changed rows contribute before
     * and after the writes (the add also deletes the rows left at zero); a zone change that moves days recomputes all
     * of the consultant's days instead.
     */
    private Mono<Void> withDaily(List<Effect> effects, Mono<Void> writes, int generation, UUID consultantId) {
        ZoneId zone = properties.defaultZone();
        Touched touched = effects.stream().map(Effect::touched).filter(Objects::nonNull).reduce(Touched::and).orElse(null);
        Mono<Void> takeAway = touched == null ? Mono.empty() : daily.takeAway(generation, consultantId, zone, touched);
        Mono<Void> add = touched == null ? Mono.empty() : daily.add(generation, consultantId, zone, touched);
        if (effects.stream().noneMatch(Effect::zone)) {
            return takeAway.then(writes).then(add);
        }
        Mono<List<String>> history = daily.zoneHistory(generation, consultantId, zone);
        return history.flatMap(before -> takeAway.then(writes).then(history)
                .flatMap(after -> after.equals(before) ? add
                        : daily.recomputeFrom(generation, consultantId, zone, DailyRepository.ALL_DAYS)));
    }

    /**
     * Fills the consultant's daily table from their fact rows, every day (for facts written without
     * events, as the dashboard benchmark does, and after a manual repair of fact rows).
     */
    public Mono<Void> recomputeDaily(int generation, UUID consultantId) {
        return transactions.transactional(daily.lock(generation, consultantId)
                .then(daily.recomputeFrom(generation, consultantId, properties.defaultZone(), DailyRepository.ALL_DAYS))
                .then(daily.markFilled(generation, consultantId)));
    }

    /**
     * Fills the daily table of every consultant with fact rows in the generation from those facts,
     * one set-based recomputation per consultant (two side by side); each takes the consultant's lock,
     * so a live event applied meanwhile recomputes its days after it, from facts that include it.
     *
     * @return how many consultants were recomputed
     */
    public Mono<Long> recomputeDaily(int generation) {
        return daily.consultants(generation)
                .flatMap(consultantId -> recomputeDaily(generation, consultantId).thenReturn(consultantId), 2)
                .count();
    }

    /**
     * Fills the serving generation's daily table when it has fact rows but no daily rows: a
     * database upgraded from before the daily table (changeset analytics-002) until a rebuild.
     *
     * @return how many consultants were recomputed (0 when nothing was missing)
     */
    public Mono<Long> backfillDaily() {
        return lacksDaily().flatMap(generation -> fillingDaily(generation).then(fillDaily(generation))).defaultIfEmpty(0L);
    }

    /**
     * Marks the generation's day tables as being filled, so live events leave a consultant's day rows
     * alone until {@link #recomputeDaily(int, UUID)} filled them; call before the Kafka listeners start.
     */
    public Mono<Void> fillingDaily(int generation) {
        return generations.dailyFilling(generation, true);
    }

    /** Fills every consultant's day tables of the generation and ends its filling (see {@link #fillingDaily}). */
    public Mono<Long> fillDaily(int generation) {
        return recomputeDaily(generation).flatMap(consultants -> generations.dailyFilling(generation, false).thenReturn(consultants));
    }

    /** The serving generation when it has fact rows but no daily rows, or its fill did not finish; empty otherwise. */
    public Mono<Integer> lacksDaily() {
        return generations.active()
                // A fill that a stop interrupted is still marked as filling: it runs again.
                .filterWhen(active -> active.dailyFilling() ? Mono.just(true) : daily.missing(active.generation()))
                .map(Generation::generation);
    }

    /** Opens a generation to rebuild into; fails when one is being built already. */
    public Mono<Integer> openRebuild() {
        return generations.openBuilding(clock.instant());
    }

    /**
     * Makes the built generation serve, retires the one that served and deletes the retired one's
     * rows, all in one transaction that first waits for the live writes in flight (see
     * {@link GenerationRepository#lockStates}): a live write either committed before, and its rows
     * are deleted with the rest, or sees the generation retired and writes nothing. Live writes wait
     * while the rows are deleted; the dashboards keep reading.
     */
    public Mono<Void> swap(int built) {
        Instant now = clock.instant();
        return transactions.transactional(generations.lockStates()
                        .then(generations.active().map(Generation::generation).map(java.util.Optional::of)
                                .defaultIfEmpty(java.util.Optional.empty()))
                        .flatMap(previous -> generations.retireActive(now)
                                .then(generations.activate(built, now))
                                .flatMap(activated -> activated == 1
                                        ? Mono.justOrEmpty(previous).flatMap(facts::deleteGeneration).then()
                                        : Mono.error(new IllegalStateException("generation " + built + " is not being built")))))
                .then(generations.active().doOnNext(active -> newestApplied.set(active.newestEventAt())))
                .then();
    }

    /** Marks a rebuild failed and deletes its generation's rows in one transaction, ordered after live writes as {@link #swap} is. */
    public Mono<Void> failRebuild(int generation, String failure) {
        return transactions.transactional(generations.lockStates()
                        .then(generations.failed(generation, failure, clock.instant()))
                        .then(facts.deleteGeneration(generation)))
                .then();
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

    /** How an event changes the facts, and which of the consultant's daily rows that may move. */
    private record Effect(FactWrite write, Touched touched, boolean zone) {

        static Effect of(FactWrite write, Touched touched) {
            return new Effect(write, touched, false);
        }
    }

    // Start-time ranks order events with the same occurredAt: booked 0, confirmed 1, reschedule 2. A session's
    // status is ranked by how far along its life it is (booked 0), and the rank decides before the time does.
    private static final int STATUS_ABANDONED = 1;
    private static final int STATUS_CONFIRMED = 2;
    private static final int STATUS_ENDED = 3;

    private static Effect effectOf(SpecificRecord event, int g, FactRepository facts) {
        return switch (event) {
            case ConsultantRegistered e -> Effect.of(() -> facts.consultantRegistered(g, e.getConsultantId(), e.getOccurredAt(),
                    e.getEventId()), null);
            case ConsultantApproved e -> Effect.of(() -> facts.consultantDecision(g, e.getConsultantId(), "APPROVED",
                    e.getConsultantVersion(), e.getOccurredAt(), e.getEventId(), e.getOccurredAt()), null);
            case ConsultantRejected e -> Effect.of(() -> facts.consultantDecision(g, e.getConsultantId(), "REJECTED",
                    e.getConsultantVersion(), e.getOccurredAt(), e.getEventId(), null), null);
            case ConsultantSuspended e -> Effect.of(() -> facts.consultantDecision(g, e.getConsultantId(), "SUSPENDED",
                    e.getConsultantVersion(), e.getOccurredAt(), e.getEventId(), null), null);
            case ConsultantProfileUpdated e -> new Effect(() -> facts.zone(g, e.getConsultantId(), e.getProfileVersion(), e.getTimezone(),
                    e.getOccurredAt()), null, true);
            case SessionBooked e -> Effect.of(() -> facts.sessionBooked(g, e.getSessionId(), e.getConsultantId(), e.getEventId(),
                    e.getOccurredAt(), e.getSessionVersion(), e.getClientId(), e.getSessionType().name(), e.getSource().name(), e.getAmountMinor(),
                    e.getCurrency(), e.getStartsAt(), e.getPaymentStatus().name(),
                    e.getPaymentMethod() == null ? null : e.getPaymentMethod().name()), Touched.session(e.getSessionId()));
            case SessionConfirmed e -> Effect.of(() -> facts.sessionStatus(g, e.getSessionId(), e.getConsultantId(), "CONFIRMED",
                            e.getOccurredAt(), STATUS_CONFIRMED, e.getEventId())
                    .then(facts.sessionStart(g, e.getSessionId(), e.getConsultantId(), e.getStartsAt(), e.getOccurredAt(),
                            e.getSessionVersion(), 1, e.getEventId())), Touched.session(e.getSessionId()));
            case SessionRescheduled e -> Effect.of(() -> facts.sessionStart(g, e.getSessionId(), e.getConsultantId(), e.getStartsAt(),
                    e.getOccurredAt(), e.getSessionVersion(), 2, e.getEventId()), Touched.session(e.getSessionId()));
            case SessionCancelled e -> status(facts, g, e.getSessionId(), e.getConsultantId(), "CANCELLED", STATUS_ENDED,
                    e.getOccurredAt(), e.getEventId());
            case SessionCompleted e -> status(facts, g, e.getSessionId(), e.getConsultantId(), "COMPLETED", STATUS_ENDED,
                    e.getOccurredAt(), e.getEventId());
            case SessionNoShow e -> status(facts, g, e.getSessionId(), e.getConsultantId(), "NO_SHOW", STATUS_ENDED,
                    e.getOccurredAt(), e.getEventId());
            case SessionAbandoned e -> status(facts, g, e.getSessionId(), e.getConsultantId(), "ABANDONED", STATUS_ABANDONED,
                    e.getOccurredAt(), e.getEventId());
            case SessionPaymentUpdated e -> Effect.of(() -> facts.sessionPayment(g, e.getSessionId(), e.getConsultantId(),
                    e.getPaymentStatus().name(), e.getPaymentMethod() == null ? null : e.getPaymentMethod().name(),
                    e.getOccurredAt(), e.getSessionVersion(), e.getEventId()), Touched.session(e.getSessionId()));
            case ClientCreated e -> Effect.of(() -> facts.clientCreated(g, e.getClientId(), e.getConsultantId(), e.getOccurredAt()),
                    Touched.client(e.getClientId()));
            case PaymentCaptured e -> Effect.of(() -> facts.paymentCaptured(g, e.getPaymentId(), e.getConsultantId(),
                    e.getPayableType().name(), e.getPayableId(), e.getAmountMinor(), e.getCurrency(), e.getProviderFeeMinor(),
                    e.getPlatformFeeMinor(), e.getOccurredAt(), e.getEventId()), Touched.payment(e.getPaymentId()));
            case PaymentReturned e -> Effect.of(() -> facts.paymentReturned(g, e.getPaymentId(), e.getConsultantId(),
                    e.getPayableType().name(), e.getPayableId(), e.getAmountMinor(), e.getCurrency(), e.getOccurredAt(),
                    e.getEventId()), Touched.payment(e.getPaymentId()));
            case PaymentFailed e -> Effect.of(() -> facts.paymentFailed(g, e.getPaymentId(), e.getConsultantId(), e.getPayableType().name(),
                    e.getPayableId(), e.getCurrency(), e.getOccurredAt()), Touched.payment(e.getPaymentId()));
            case PaymentRefunded e -> Effect.of(() -> facts.refunded(g, e.getRefundId(), e.getPaymentId(), e.getConsultantId(),
                    e.getPayableType().name(), e.getPayableId(), e.getAmountMinor(), e.getCurrency(), e.getOccurredAt(),
                    e.getEventId()), Touched.refund(e.getRefundId()));
            case QuotationSent e -> Effect.of(() -> facts.quotationSent(g, e.getQuotationId(), e.getConsultantId(), e.getAmountMinor(),
                    e.getCurrency(), e.getOccurredAt()), Touched.quotation(e.getQuotationId()));
            case QuotationAccepted e -> Effect.of(() -> facts.quotationOutcome(g, e.getQuotationId(), e.getConsultantId(),
                    QuotationOutcome.ACCEPTED, e.getOccurredAt()), Touched.quotation(e.getQuotationId()));
            case QuotationRejected e -> Effect.of(() -> facts.quotationOutcome(g, e.getQuotationId(), e.getConsultantId(),
                    QuotationOutcome.REJECTED, e.getOccurredAt()), Touched.quotation(e.getQuotationId()));
            case QuotationExpired e -> Effect.of(() -> facts.quotationOutcome(g, e.getQuotationId(), e.getConsultantId(),
                    QuotationOutcome.EXPIRED, e.getOccurredAt()), Touched.quotation(e.getQuotationId()));
            case QuotationWithdrawn e -> Effect.of(() -> facts.quotationOutcome(g, e.getQuotationId(), e.getConsultantId(),
                    QuotationOutcome.WITHDRAWN, e.getOccurredAt()), Touched.quotation(e.getQuotationId()));
            case QuotationViewed e -> Effect.of(() -> facts.quotationViewed(g, e.getQuotationId(), e.getConsultantId(), e.getViewCount()),
                    null);
            default -> null;
        };
    }

    private static Effect status(FactRepository facts, int g, UUID sessionId, UUID consultantId, String status, int rank, Instant at,
                                 UUID eventId) {
        return Effect.of(() -> facts.sessionStatus(g, sessionId, consultantId, status, at, rank, eventId), Touched.session(sessionId));
    }
}
