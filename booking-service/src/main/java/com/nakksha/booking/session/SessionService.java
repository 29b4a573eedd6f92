package com.nakksha.booking.session;

import com.nakksha.booking.BookingProperties;
import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.AvailabilityService;
import com.nakksha.booking.availability.MeetingPlatform;
import com.nakksha.booking.client.ClientService;
import com.nakksha.booking.consultant.SessionType;
import com.nakksha.booking.money.Money;
import com.nakksha.booking.session.BulkRejectedException.Outcome;
import com.nakksha.booking.session.SessionRequests.BulkUpdate;
import com.nakksha.booking.session.SessionRequests.NewSession;
import com.nakksha.booking.session.SessionRequests.SessionChanges;
import com.nakksha.booking.slots.SlotService;
import com.nakksha.defaults.context.ContextThreadLocals;
import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
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
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Everything that changes sessions after they are booked (booking itself is {@link SessionBooking}'s):
 * each change locks the session, lets the session decide, then writes the session, its webinar
 * seat, the client's totals and the events in one transaction.
 */
@Service
public class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);

    private final SessionRepository sessions;
    private final SessionStore store;
    private final SessionBooking booking;
    private final ClientService clients;
    private final AvailabilityService availability;
    private final SlotService slots;
    private final BookingMetrics metrics;
    private final TransactionalOperator transactions;
    private final TransactionalOperator savepoint;
    private final BookingProperties properties;
    private final PaymentCapabilityProperties sealKeys;
    private final Clock clock;
    private final Outbox outbox;

    SessionService(SessionRepository sessions, SessionStore store, SessionBooking booking, ClientService clients,
                   AvailabilityService availability, SlotService slots, BookingMetrics metrics,
                   TransactionalOperator transactions, ReactiveTransactionManager transactionManager,
                   BookingProperties properties, PaymentCapabilityProperties sealKeys, Clock clock, Outbox outbox) {
        this.outbox = outbox;
        this.sessions = sessions;
        this.store = store;
        this.booking = booking;
        this.clients = clients;
        this.availability = availability;
        this.slots = slots;
        this.metrics = metrics;
        this.transactions = transactions;
        this.savepoint = TransactionalOperator.create(transactionManager,
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED));
        this.properties = properties;
        this.sealKeys = sealKeys;
        this.clock = clock;
    }

    /** A session the consultant records, booked through {@link SessionBooking} in a transaction of its own. */
    public Mono<SessionWithClient> createManual(UUID consultantId, NewSession request) {
        if ((request.clientId() == null) == (request.newClient() == null)) {
            return Mono.error(new InvalidInputException("clientId", "give either clientId of an existing client or newClient"));
        }
        SessionBooking.ClientChoice client = request.clientId() != null
                ? new SessionBooking.ClientChoice.Existing(request.clientId())
                : new SessionBooking.ClientChoice.New(request.newClient());
        SessionBooking.Terms terms = new SessionBooking.Terms.Manual(
                Optional.ofNullable(request.status()).orElse(SessionStatus.CONFIRMED),
                Optional.ofNullable(request.paymentStatus()).orElse(PaymentStatus.PENDING),
                request.paymentMethod());
        Mono<Void> usable = request.clientId() == null ? Mono.empty() : clients.activeForSessionInTransaction(
                consultantId, request.clientId(), Boolean.TRUE.equals(request.reactivateClient())).then();
        Mono<SessionWithClient> created = usable.then(clients.currencyOf(consultantId))
                .map(currency -> new SessionBooking.Request(consultantId, null, client, terms, request.type(),
                        request.title().strip(), request.startsAt(), Duration.ofMinutes(request.durationMinutes()),
                        money("amount", request.amount(), Currency.getInstance(currency)), request.platform(),
                        request.meetingLink(), request.notes(), request.consultantNotes()))
                .flatMap(booking::book)
                .map(booked -> new SessionWithClient(booked.session(), booked.client().name(), booked.client().email()));
        return transactions.transactional(created)
                .doOnError(SlotTakenException.class, taken -> metrics.slotTaken(BookingSource.MANUAL, request.type()));
    }

    public Mono<SessionView> get(UUID consultantId, UUID sessionId) {
        return sessions.find(consultantId, sessionId)
                .switchIfEmpty(Mono.error(() -> notFound(sessionId)))
                .flatMap(row -> Mono.zip(sessions.reschedules(sessionId).collectList(), availability.of(consultantId))
                        .map(both -> SessionView.of(row, both.getT2().meetingLinks(), both.getT1())));
    }

    public Mono<Page<SessionWithClient>> list(UUID consultantId, SessionFilter filter, PageRequest page) {
        return sessions.list(consultantId, filter, page);
    }

    public Mono<Map<MeetingPlatform, String>> meetingLinks(UUID consultantId) {
        return availability.of(consultantId).map(Availability::meetingLinks);
    }

    public Mono<SessionSummary> summary(UUID consultantId, SessionFilter filter) {
        return sessions.summary(consultantId, filter).collectList().map(SessionSummary::of);
    }

    /**
     * Applies the dashboard's changes.
     *
     * @param expectedVersion the version the caller's {@code If-Match} names; null changes whatever is current
     * @throws PreconditionFailedException (as an error signal) when the session is no longer at {@code expectedVersion}
     */
    public Mono<Void> change(UUID consultantId, UUID sessionId, SessionChanges changes, Long expectedVersion) {
        Instant now = now();
        // A status change can bring a session back under the exclusion constraint's check: queue behind bookings.
        Mono<Void> schedule = changes.status() != null ? sessions.lockSchedule(consultantId) : Mono.empty();
        return changeLocked(schedule, consultantId, sessionId, expectedVersion, (session, links) -> {
            Money amount = changes.amount() == null ? null
                    : money("amount", changes.amount(), session.amount().currency());
            session.revise(changes.title() == null ? null : changes.title().strip(), amount, changes.platform(),
                    changes.meetingLink(), changes.notes(), changes.consultantNotes(), now);
            List<SessionEvent> events = new ArrayList<>();
            if (changes.status() != null) {
                events.addAll(session.changeStatus(changes.status(), changes.cancellationReason(), links, now));
            }
            if (changes.paymentStatus() != null) {
                events.addAll(session.changePaymentStatus(changes.paymentStatus(), changes.paymentMethod(), now));
            } else if (changes.paymentMethod() != null) {
                events.addAll(session.changePaymentStatus(session.paymentStatus(), changes.paymentMethod(), now));
            }
            return events;
        });
    }

    /**
     * The consultant cancels; {@code expectedVersion} as for {@link #change}. A session cancelled already is left
     * as it is and the call succeeds whatever {@code expectedVersion} says: the cancellation the caller asks for
     * has happened, most likely by their own earlier try whose answer was lost (RFC 9110 §13.1.1 allows a 2xx
     * then instead of 412).
     */
    public Mono<Void> cancel(UUID consultantId, UUID sessionId, String reason, Long expectedVersion) {
        Instant now = now();
        Mono<Void> cancelled = lockOrNotFound(consultantId, sessionId)
                .flatMap(session -> cancelledAlready(session, () -> session.cancel(reason, now)) ? Mono.<Void>empty()
                        : requireVersion(session, expectedVersion).flatMap(current -> store.persist(current, current.cancel(reason, now))));
        return transactions.transactional(cancelled);
    }

    /**
     * What a client's manage link opens: the session and the zone its client booked in. Empty when no link has
     * this token, or its session ended more than {@link BookingProperties#manageLinkValidity()} ago.
     */
    public Mono<ManagedSession> managed(String token) {
        if (!ManageToken.isWellFormed(token)) {
            return Mono.empty();
        }
        return sessions.findManaged(PaymentCapability.hashOf(token), now().minus(properties.manageLinkValidity()));
    }

    /**
     * The booker of a free public booking followed the link mailed to them ({@link EmailConfirmationToken}): the
     * session is confirmed, or stays confirmed when it already is (a second click answers the same).
     *
     * @return the session as it now is
     * @throws com.nakksha.defaults.problem.InvalidInputException (400, field {@code token}) when the token is not
     *         one this service issued, or was altered
     * @throws EmailConfirmationRefusedException (as an error signal) 410 when the link or the hold ran out, 409 when
     *         the booking was cancelled; nothing is changed
     */
    public Mono<Session> confirmEmail(String token) {
        Instant now = now();
        EmailConfirmationToken.Claims claims = EmailConfirmationToken.open(token, sealKeys);
        if (!now.isBefore(claims.expiresAt())) {
            return Mono.error(EmailConfirmationRefusedException.linkExpired(claims.expiresAt()));
        }
        Mono<Session> confirmed = lockOrNotFound(claims.consultantId(), claims.sessionId())
                .zipWhen(session -> availability.of(session.consultantId()))
                .flatMap(locked -> {
                    Session session = locked.getT1();
                    List<SessionEvent> events = session.confirmEmail(locked.getT2().meetingLinks(), now);
                    return events.isEmpty() ? Mono.just(session) : store.persist(session, events).thenReturn(session);
                });
        return transactions.transactional(confirmed);
    }

    /** How many times the client moved the session through their manage link. */
    public Mono<Long> clientReschedules(UUID sessionId) {
        return sessions.clientReschedules(sessionId);
    }

    /** What the consultant's policy says about a client's change of the locked session, given how often they moved it. */
    public interface ClientGuard {

        /**
         * @return the share of a capture to refund (0 to 100) should the change be a cancellation
         * @throws RuntimeException (the caller's refusal) when the policy does not allow the change now
         */
        int check(Session locked, long clientReschedules, Instant now);
    }

    /**
     * The client cancels through their manage link: the session is locked, then {@code guard} decides
     * whether the policy allows it and what it refunds. {@code expectedVersion} as for {@link #change}; a session
     * cancelled already is left as it is and the call succeeds, as for {@link #cancel}.
     */
    public Mono<Void> cancelAsClient(UUID consultantId, UUID sessionId, String reason, Long expectedVersion,
                                     ClientGuard guard) {
        Instant now = now();
        Mono<Void> cancelled = lockOrNotFound(consultantId, sessionId)
                .filter(session -> !cancelledAlready(session, () -> session.cancelByClient(reason, 0, now)))
                .flatMap(session -> requireVersion(session, expectedVersion))
                .flatMap(session -> sessions.clientReschedules(sessionId).flatMap(moves -> {
                    int refundPercent = guard.check(session, moves, now);
                    return store.persist(session, session.cancelByClient(reason, refundPercent, now));
                }));
        return transactions.transactional(cancelled);
    }

    /**
     * The client moves the session through their manage link to another time the consultant's availability
     * offers (same type and length); {@code guard} decides whether the policy allows it, the exclusion
     * constraint whether the time is free. {@code expectedVersion} as for {@link #change}; a session already at
     * {@code newStart} is left as it is and the call succeeds ({@link #movedAlready}).
     */
    public Mono<Void> rescheduleAsClient(UUID consultantId, UUID sessionId, Instant newStart, String reason,
                                         Long expectedVersion, ClientGuard guard) {
        Instant now = now();
        SessionRequests.Reschedule request = new SessionRequests.Reschedule(newStart, null, reason, false);
        Mono<Void> moved = sessions.lockSchedule(consultantId)
                .then(store.expireHoldsOf(consultantId, now))
                .then(lockOrNotFound(consultantId, sessionId))
                .filter(session -> !movedAlready(session, newStart, null))
                .flatMap(session -> requireVersion(session, expectedVersion))
                .flatMap(session -> sessions.clientReschedules(sessionId).map(moves -> {
                    guard.check(session, moves, now);
                    return session;
                }))
                .zipWhen(session -> availability.of(consultantId))
                .flatMap(locked -> move(locked.getT1(), locked.getT2(), request, null, SessionEvent.ChangedBy.CLIENT, now));
        return transactions.transactional(moved);
    }

    /**
     * Moves a session to a time the consultant's availability offers (unless the request says to
     * ignore it) and the database finds free; a webinar seat moves to that time's occurrence. A session already at
     * that time (and length) is left as it is and the call succeeds, whatever {@code expectedVersion} says
     * ({@link #movedAlready}).
     */
    public Mono<Void> reschedule(UUID consultantId, UUID sessionId, SessionRequests.Reschedule request,
                                 Long expectedVersion) {
        Instant now = now();
        Duration duration = request.durationMinutes() == null ? null : Duration.ofMinutes(request.durationMinutes());
        // Expired holds go first, so their time is free; the moved session is read after that, in its current state.
        Mono<Void> moved = sessions.lockSchedule(consultantId)
                .then(store.expireHoldsOf(consultantId, now))
                .then(lockOrNotFound(consultantId, sessionId))
                .filter(session -> !movedAlready(session, request.startsAt(), duration))
                .flatMap(session -> requireVersion(session, expectedVersion))
                .zipWhen(session -> availability.of(consultantId))
                .flatMap(locked -> move(locked.getT1(), locked.getT2(), request, duration,
                        SessionEvent.ChangedBy.CONSULTANT, now));
        return transactions.transactional(moved);
    }

    private Mono<Void> move(Session session, Availability rules, SessionRequests.Reschedule request, Duration duration,
                            SessionEvent.ChangedBy by, Instant now) {
        List<SessionEvent> events = session.reschedule(request.startsAt().truncatedTo(ChronoUnit.MICROS), duration,
                request.reason(), by, now);
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
                .flatMap(version -> sessions.recordReschedule(rescheduled).then(store.publish(session, version, events)));
    }

    /** Marks many sessions completed or paid, all of them or, if any one cannot be, none. */
    public Mono<List<Outcome>> bulkUpdate(UUID consultantId, BulkUpdate request) {
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(request.ids()));
        Instant now = now();
        Mono<List<Outcome>> applied = Mono.zip(sessions.lockAll(consultantId, ids).collectList(),
                availability.of(consultantId)).flatMap(locked -> {
            List<Session> found = locked.getT1();
            Map<MeetingPlatform, String> links = locked.getT2().meetingLinks();
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
                        case MARK_COMPLETED -> session.changeStatus(SessionStatus.COMPLETED, null, links, now);
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
                    .concatMap(change -> store.persist(change.getKey(), change.getValue()))
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
                .flatMap(expired -> store.abandon(expired, now)));
    }

    /**
     * What payment-service reports of a capture (PaymentCaptured).
     *
     * @param paymentId payment-service's id of the payment; {@code providerPaymentId} Razorpay's (pay_...)
     * @param amountMinor the captured amount in minor units of {@code currency} (paise for INR)
     */
    public record CapturedPayment(UUID paymentId, String providerPaymentId, long amountMinor, String currency) {
    }

    /**
     * Confirms and pays the session. One abandoned meanwhile (the capture came after its hold expired) is
     * confirmed when its time is still free, which the database decides inside a savepoint; when the time
     * or the webinar's last seat was taken, the savepoint is undone and the session declines the payment
     * (SessionPaymentDeclined), which payment-service returns in full. Never a confirmed session on a
     * taken slot, never money kept without a session.
     */
    public Mono<Void> paymentCaptured(UUID consultantId, UUID sessionId, CapturedPayment payment) {
        Instant now = now();
        Mono<Void> applied = sessions.lockSchedule(consultantId).then(sessions.lock(consultantId, sessionId))
                // Restoring the listener's thread locals, so the line carries its trace.
                .switchIfEmpty(ContextThreadLocals.restoring(Mono.fromRunnable(() -> log.warn(
                        "payment event for session {} of consultant {} that booking does not know", sessionId, consultantId))))
                .flatMap(session -> availability.of(consultantId).flatMap(rules -> {
                    boolean late = session.status() == SessionStatus.ABANDONED;
                    List<SessionEvent> events = session.paymentCaptured(payment.providerPaymentId(), rules.meetingLinks(), now);
                    if (!late || events.isEmpty()) {
                        return store.persist(session, events);
                    }
                    // Through the outbox, so that the undone reinstatement's events are dropped with it.
                    return outbox.nested(savepoint, store.reinstate(session, events, rules))
                            .onErrorResume(SlotTakenException.class, taken -> decline(consultantId, sessionId, payment, now));
                }));
        return transactions.transactional(applied);
    }

    private Mono<Void> decline(UUID consultantId, UUID sessionId, CapturedPayment payment, Instant now) {
        // The savepoint undid the write; the session is read again as stored, still abandoned. Restoring the
        // listener's thread locals, so the line below carries its trace.
        return ContextThreadLocals.restoring(sessions.lock(consultantId, sessionId)).flatMap(session -> {
            log.info("declining payment {} captured for session {} after its hold expired: its slot was taken",
                    payment.providerPaymentId(), sessionId);
            Money captured = new Money(payment.amountMinor(), Currency.getInstance(payment.currency()));
            return store.persist(session, session.declinePayment(payment.paymentId(), payment.providerPaymentId(), captured,
                    SessionEvent.DeclineReason.SLOT_TAKEN, now));
        });
    }

    /**
     * payment-service opened a Razorpay order for the session at {@code openedAt}: its hold is extended
     * by {@link BookingProperties#paymentHoldGrace()}, within {@link BookingProperties#paymentHoldMaximum()}.
     */
    public Mono<Void> paymentOrderOpened(UUID consultantId, UUID sessionId, Instant openedAt) {
        Instant now = now();
        return onPayment(consultantId, sessionId, (session, links) -> session.extendHold(openedAt,
                properties.paymentHoldGrace(), properties.paymentHoldMaximum(), now));
    }

    public Mono<Void> paymentFailed(UUID consultantId, UUID sessionId) {
        Instant now = now();
        return onPayment(consultantId, sessionId, (session, links) -> session.paymentFailed(now));
    }

    /** @param fully as for {@link Session#paymentRefunded} */
    public Mono<Void> paymentRefunded(UUID consultantId, UUID sessionId, Boolean fully) {
        Instant now = now();
        return onPayment(consultantId, sessionId, (session, links) -> session.paymentRefunded(fully, now));
    }

    /** @param providerPaymentId as for {@link Session#paymentReturned} */
    public Mono<Void> paymentReturned(UUID consultantId, UUID sessionId, String providerPaymentId) {
        Instant now = now();
        return onPayment(consultantId, sessionId, (session, links) -> session.paymentReturned(providerPaymentId, now));
    }

    private Mono<Void> onPayment(UUID consultantId, UUID sessionId, Change change) {
        return transactions.transactional(sessions.lock(consultantId, sessionId)
                .switchIfEmpty(ContextThreadLocals.restoring(Mono.fromRunnable(() ->
                        log.warn("payment event for session {} of consultant {} that booking does not know", sessionId, consultantId))))
                .flatMap(session -> apply(session, change)));
    }

    private Mono<Void> changeLocked(Mono<Void> first, UUID consultantId, UUID sessionId, Long expectedVersion,
                                    Change change) {
        return transactions.transactional(first.then(lockOrNotFound(consultantId, sessionId))
                .flatMap(session -> requireVersion(session, expectedVersion))
                .flatMap(session -> apply(session, change)));
    }

    /**
     * Whether the session is cancelled already; then {@code repeat} (the cancellation asked for) runs against it,
     * which refuses bad input such as a blank reason and otherwise changes nothing.
     */
    private static boolean cancelledAlready(Session session, Runnable repeat) {
        if (session.status() != SessionStatus.CANCELLED) {
            return false;
        }
        repeat.run();
        return true;
    }

    /**
     * Whether a live session already starts at {@code start} (and lasts {@code duration}, when one is asked for): the
     * move asked for has happened, most likely by the caller's own earlier try whose answer was lost, so it succeeds
     * as it is, before the version and the client's policy are asked (a repeat would otherwise count as another move).
     */
    private static boolean movedAlready(Session session, Instant start, Duration duration) {
        return (session.status() == SessionStatus.PENDING || session.status() == SessionStatus.CONFIRMED)
                && session.startsAt().equals(start.truncatedTo(ChronoUnit.MICROS))
                && (duration == null || session.duration().equals(duration));
    }

    private static Mono<Session> requireVersion(Session session, Long expectedVersion) {
        return expectedVersion == null || expectedVersion == session.version()
                ? Mono.just(session)
                : Mono.error(new PreconditionFailedException(session.version()));
    }

    /** A change of one session, given the consultant's default meeting links for the confirmation it may raise. */
    private interface Change {
        List<SessionEvent> apply(Session session, Map<MeetingPlatform, String> meetingLinks);
    }

    private Mono<Void> apply(Session session, Change change) {
        return availability.of(session.consultantId())
                .flatMap(rules -> store.persist(session, change.apply(session, rules.meetingLinks())));
    }

    private Mono<Session> lockOrNotFound(UUID consultantId, UUID sessionId) {
        return sessions.lock(consultantId, sessionId).switchIfEmpty(Mono.error(() -> notFound(sessionId)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Money money(String field, BigDecimal amount, Currency currency) {
        try {
            return Money.ofMajor(amount, currency);
        } catch (IllegalArgumentException | ArithmeticException invalid) {
            throw new InvalidInputException(field, invalid.getMessage());
        }
    }

    private static NotFoundProblem notFound(UUID sessionId) {
        return new NotFoundProblem("Session " + sessionId);
    }
}
