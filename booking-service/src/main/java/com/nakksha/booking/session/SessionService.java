package com.nakksha.booking.session;

import com.nakksha.booking.InvalidInputException;
import com.nakksha.booking.Page;
import com.nakksha.booking.PageRequest;
import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.AvailabilityService;
import com.nakksha.booking.availability.MeetingPlatform;
import com.nakksha.booking.availability.SessionType;
import com.nakksha.booking.client.Client;
import com.nakksha.booking.client.ClientRepository;
import com.nakksha.booking.client.ClientService;
import com.nakksha.booking.money.Money;
import com.nakksha.booking.session.BulkRejectedException.Outcome;
import com.nakksha.booking.session.SessionRequests.BulkUpdate;
import com.nakksha.booking.session.SessionRequests.NewSession;
import com.nakksha.booking.session.SessionRequests.SessionChanges;
import com.nakksha.booking.slots.SlotService;
import com.nakksha.defaults.problem.NotFoundProblem;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Everything that changes sessions: each change locks the session, lets the session decide, then
 * writes the session, its webinar seat, the client's totals and the events in one transaction.
 */
@Service
public class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);

    private final SessionRepository sessions;
    private final ClientRepository clientRecords;
    private final ClientService clients;
    private final AvailabilityService availability;
    private final SlotService slots;
    private final SessionEventPublisher publisher;
    private final BookingMetrics metrics;
    private final TransactionalOperator transactions;
    private final Clock clock;

    SessionService(SessionRepository sessions, ClientRepository clientRecords, ClientService clients,
                   AvailabilityService availability, SlotService slots, SessionEventPublisher publisher,
                   BookingMetrics metrics, TransactionalOperator transactions, Clock clock) {
        this.sessions = sessions;
        this.clientRecords = clientRecords;
        this.clients = clients;
        this.availability = availability;
        this.slots = slots;
        this.publisher = publisher;
        this.metrics = metrics;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public Mono<SessionRow> createManual(UUID consultantId, NewSession request) {
        if ((request.clientId() == null) == (request.newClient() == null)) {
            return Mono.error(new InvalidInputException("clientId", "give either clientId of an existing client or newClient"));
        }
        Instant now = now();
        Mono<Client> client = request.clientId() != null
                ? clients.get(consultantId, request.clientId())
                : clients.createInTransaction(consultantId, request.newClient());
        Mono<SessionRow> created = expireHoldsOf(consultantId, now)
                .then(Mono.zip(client, availability.of(consultantId), clients.currencyOf(consultantId)))
                .flatMap(context -> {
                    Client attendee = context.getT1();
                    Availability rules = context.getT2();
                    SessionDetails details = new SessionDetails(request.type(), request.title().strip(),
                            request.startsAt().truncatedTo(ChronoUnit.MICROS), Duration.ofMinutes(request.durationMinutes()),
                            money("amount", request.amount(), Currency.getInstance(context.getT3())),
                            request.platform(), blankToNull(request.meetingLink()), request.notes(), request.consultantNotes());
                    Session.Created session = Session.createManual(UUID.randomUUID(), consultantId, attendee.id(), details,
                            rules.bufferBefore(), rules.bufferAfter(),
                            Optional.ofNullable(request.status()).orElse(SessionStatus.CONFIRMED),
                            Optional.ofNullable(request.paymentStatus()).orElse(PaymentStatus.PENDING),
                            request.paymentMethod(), now);
                    return insertNew(session, attendee, rules)
                            .thenReturn(new SessionRow(session.session(), attendee.name(), attendee.email()));
                });
        return transactions.transactional(created)
                .doOnError(SlotTakenException.class, taken -> metrics.slotTaken(BookingSource.MANUAL, request.type()));
    }

    /**
     * Stores a new session with its webinar seat, refreshes the client's totals and appends its
     * events; the caller's transaction makes that one unit. A taken time or a full webinar fails
     * with {@link SlotTakenException}.
     */
    public Mono<Void> insertNew(Session.Created created, Client client, Availability rules) {
        Session session = created.session();
        Mono<Optional<UUID>> seat = session.type() == SessionType.WEBINAR
                ? sessions.takeWebinarSeat(session.consultantId(), session.startsAt(), session.duration(), rules.webinarSeats())
                .map(Optional::of)
                .switchIfEmpty(Mono.error(() -> new SlotTakenException("the webinar has no seats left")))
                : Mono.just(Optional.empty());
        return seat.flatMap(occurrence -> sessions.insert(session, occurrence.orElse(null)))
                .then(clientRecords.refreshTotals(client.id()))
                .then(publisher.publish(session, created.events(), client, rules, null))
                .then(metrics.countWhenCommitted(session, created.events()));
    }

    public Mono<SessionView> get(UUID consultantId, UUID sessionId) {
        return sessions.find(consultantId, sessionId)
                .switchIfEmpty(Mono.error(() -> notFound(sessionId)))
                .flatMap(row -> Mono.zip(sessions.reschedules(sessionId).collectList(), availability.of(consultantId))
                        .map(both -> SessionView.of(row, both.getT2().meetingLinks(), both.getT1())));
    }

    public Mono<Page<SessionRow>> list(UUID consultantId, SessionFilter filter, PageRequest page) {
        return sessions.list(consultantId, filter, page);
    }

    public Mono<Map<MeetingPlatform, String>> meetingLinks(UUID consultantId) {
        return availability.of(consultantId).map(Availability::meetingLinks);
    }

    public Mono<SessionSummary> summary(UUID consultantId, SessionFilter filter) {
        return sessions.summary(consultantId, filter).collectList().map(SessionSummary::of);
    }

    public Mono<Void> change(UUID consultantId, UUID sessionId, SessionChanges changes) {
        Instant now = now();
        return changeLocked(consultantId, sessionId, session -> {
            Money amount = changes.amount() == null ? null
                    : money("amount", changes.amount(), session.amount().currency());
            session.revise(changes.title() == null ? null : changes.title().strip(), amount, changes.platform(),
                    changes.meetingLink(), changes.notes(), changes.consultantNotes(), now);
            List<SessionEvent> events = new ArrayList<>();
            if (changes.status() != null) {
                events.addAll(session.changeStatus(changes.status(), changes.cancellationReason(), now));
            }
            if (changes.paymentStatus() != null) {
                events.addAll(session.changePaymentStatus(changes.paymentStatus(), changes.paymentMethod(), now));
            } else if (changes.paymentMethod() != null) {
                events.addAll(session.changePaymentStatus(session.paymentStatus(), changes.paymentMethod(), now));
            }
            return events;
        });
    }

    public Mono<Void> cancel(UUID consultantId, UUID sessionId, String reason) {
        Instant now = now();
        return changeLocked(consultantId, sessionId, session -> session.cancel(reason, now));
    }

    /**
     * Moves a session to a time the consultant's availability offers (unless the request says to
     * ignore it) and the database finds free; a webinar seat moves to that time's occurrence.
     */
    public Mono<Void> reschedule(UUID consultantId, UUID sessionId, SessionRequests.Reschedule request) {
        Instant now = now();
        Duration duration = request.durationMinutes() == null ? null : Duration.ofMinutes(request.durationMinutes());
        // Expired holds go first, so their time is free; the moved session is read after that, in its current state.
        Mono<Void> moved = expireHoldsOf(consultantId, now)
                .then(lockOrNotFound(consultantId, sessionId))
                .zipWhen(session -> availability.of(consultantId))
                .flatMap(locked -> move(locked.getT1(), locked.getT2(), request, duration, now));
        return transactions.transactional(moved);
    }

    private Mono<Void> move(Session session, Availability rules, SessionRequests.Reschedule request, Duration duration,
                            Instant now) {
        List<SessionEvent> events = session.reschedule(request.startsAt().truncatedTo(ChronoUnit.MICROS), duration, now);
        if (events.isEmpty()) {
            return Mono.empty();
        }
        if (request.checksAvailability()
                && !slots.calculator().offersTimeFor(rules, session.type(), session.duration(), session.startsAt(), now)) {
            return Mono.error(new SessionTransitionException("startsAt", "is not a time this consultant's availability"
                    + " offers (working hours, breaks, date overrides, minimum notice, booking window, slot interval);"
                    + " send outsideAvailability: true to move the session there anyway"));
        }
        SessionEvent.Rescheduled rescheduled = (SessionEvent.Rescheduled) events.getFirst();
        Mono<UUID> newSeat = session.type() != SessionType.WEBINAR ? Mono.empty()
                : sessions.releaseWebinarSeat(session.id())
                .then(sessions.takeWebinarSeat(session.consultantId(), session.startsAt(), session.duration(), rules.webinarSeats()))
                .switchIfEmpty(Mono.error(() -> new SlotTakenException("the webinar has no seats left")));
        return newSeat.map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(seat -> sessions.update(session, seat.orElse(null)))
                .then(sessions.recordReschedule(rescheduled, request.reason()))
                .then(publish(session, events, request.reason()));
    }

    /** Marks many sessions completed or paid, all of them or, if any one cannot be, none. */
    public Mono<List<Outcome>> bulkUpdate(UUID consultantId, BulkUpdate request) {
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(request.ids()));
        Instant now = now();
        Mono<List<Outcome>> applied = sessions.lockAll(consultantId, ids).collectList().flatMap(found -> {
            Map<UUID, Session> byId = found.stream().collect(Collectors.toMap(Session::id, Function.identity()));
            List<Outcome> outcomes = new ArrayList<>();
            List<Map.Entry<Session, List<SessionEvent>>> changes = new ArrayList<>();
            for (UUID id : ids) {
                Session session = byId.get(id);
                if (session == null) {
                    outcomes.add(new Outcome(id, "NOT_FOUND", "no such session"));
                    continue;
                }
                try {
                    List<SessionEvent> events = switch (request.action()) {
                        case MARK_COMPLETED -> session.changeStatus(SessionStatus.COMPLETED, null, now);
                        case MARK_PAID -> session.changePaymentStatus(PaymentStatus.PAID, request.paymentMethod(), now);
                    };
                    changes.add(Map.entry(session, events));
                    outcomes.add(new Outcome(id, "UPDATED", null));
                } catch (SessionTransitionException refused) {
                    outcomes.add(new Outcome(id, "REJECTED", refused.getMessage()));
                }
            }
            if (outcomes.stream().anyMatch(outcome -> !outcome.outcome().equals("UPDATED"))) {
                return Mono.error(new BulkRejectedException(outcomes));
            }
            return Flux.fromIterable(changes)
                    .concatMap(change -> persist(change.getKey(), change.getValue()))
                    .then(Mono.just(outcomes));
        });
        return transactions.transactional(applied);
    }

    /** Abandons expired holds in batches until none is left; returns how many were abandoned. */
    public Mono<Long> expireHolds(int batch) {
        return expireHoldBatch(batch)
                .expand(abandoned -> abandoned < batch ? Mono.empty() : expireHoldBatch(batch))
                .reduce(0L, Long::sum);
    }

    private Mono<Long> expireHoldBatch(int batch) {
        Instant now = now();
        return transactions.transactional(sessions.lockExpiredHolds(now, batch).collectList()
                .flatMap(expired -> abandon(expired, now)));
    }

    /**
     * Abandons a consultant's expired holds inside the caller's transaction, so that whatever takes
     * time next (a public booking, a manual session, a move) finds it free without waiting for the job.
     */
    public Mono<Long> expireHoldsOf(UUID consultantId, Instant now) {
        return sessions.lockExpiredHolds(consultantId, now).collectList().flatMap(expired -> abandon(expired, now));
    }

    private Mono<Long> abandon(List<Session> expired, Instant now) {
        return Flux.fromIterable(expired)
                .concatMap(session -> persist(session, session.expireHold(now)))
                .then(Mono.just((long) expired.size()));
    }

    public Mono<Void> paymentCaptured(UUID consultantId, UUID sessionId, String reference) {
        Instant now = now();
        return onPayment(consultantId, sessionId, session -> session.paymentCaptured(reference, now));
    }

    public Mono<Void> paymentFailed(UUID consultantId, UUID sessionId) {
        Instant now = now();
        return onPayment(consultantId, sessionId, session -> session.paymentFailed(now));
    }

    public Mono<Void> paymentRefunded(UUID consultantId, UUID sessionId) {
        Instant now = now();
        return onPayment(consultantId, sessionId, session -> session.paymentRefunded(now));
    }

    private Mono<Void> onPayment(UUID consultantId, UUID sessionId, Function<Session, List<SessionEvent>> change) {
        return transactions.transactional(sessions.lock(consultantId, sessionId)
                .switchIfEmpty(Mono.fromRunnable(() ->
                        log.warn("payment event for session {} of consultant {} that booking does not know", sessionId, consultantId)))
                .flatMap(session -> persist(session, change.apply(session))));
    }

    private Mono<Void> changeLocked(UUID consultantId, UUID sessionId, Function<Session, List<SessionEvent>> change) {
        return transactions.transactional(lockOrNotFound(consultantId, sessionId)
                .flatMap(session -> persist(session, change.apply(session))));
    }

    private Mono<Session> lockOrNotFound(UUID consultantId, UUID sessionId) {
        return sessions.lock(consultantId, sessionId).switchIfEmpty(Mono.error(() -> notFound(sessionId)));
    }

    /** Writes a changed session with what follows from its events: a freed webinar seat, client totals, outbox. */
    private Mono<Void> persist(Session session, List<SessionEvent> events) {
        boolean freesSeat = session.type() == SessionType.WEBINAR && events.stream()
                .anyMatch(event -> event instanceof SessionEvent.Cancelled || event instanceof SessionEvent.Abandoned);
        Mono<Void> seat = freesSeat ? sessions.releaseWebinarSeat(session.id()) : Mono.empty();
        return seat.then(sessions.update(session))
                .then(clientRecords.refreshTotals(session.clientId()))
                .then(publish(session, events, null));
    }

    private Mono<Void> publish(Session session, List<SessionEvent> events, String reason) {
        boolean needsContext = events.stream()
                .anyMatch(event -> event instanceof SessionEvent.Booked || event instanceof SessionEvent.Confirmed);
        Mono<Void> published = !needsContext ? publisher.publish(session, events, null, null, reason)
                : Mono.zip(clients.get(session.consultantId(), session.clientId()), availability.of(session.consultantId()))
                .flatMap(context -> publisher.publish(session, events, context.getT1(), context.getT2(), reason));
        return published.then(metrics.countWhenCommitted(session, events));
    }

    private static Money money(String field, BigDecimal amount, Currency currency) {
        try {
            return Money.ofMajor(amount, currency);
        } catch (IllegalArgumentException | ArithmeticException invalid) {
            throw new InvalidInputException(field, invalid.getMessage());
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static NotFoundProblem notFound(UUID sessionId) {
        return new NotFoundProblem("Session " + sessionId);
    }
}
