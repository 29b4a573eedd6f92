package com.nakksha.booking.session;

import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.client.ClientService;
import com.nakksha.booking.client.ClientTotals;
import com.nakksha.booking.consultant.SessionType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Writes a session together with what follows from its events, inside the caller's transaction:
 * its webinar seat, its client's totals, its events in the outbox and the counters once committed.
 */
@Component
class SessionStore {

    static final ClientTotals NOTHING_ADDED = new ClientTotals(0, 0);

    private final SessionRepository sessions;
    private final ClientService clients;
    private final SessionEventPublisher publisher;
    private final BookingMetrics metrics;

    SessionStore(SessionRepository sessions, ClientService clients, SessionEventPublisher publisher,
                 BookingMetrics metrics) {
        this.sessions = sessions;
        this.clients = clients;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** Stores a new session with its webinar seat; a taken time or a full webinar fails with {@link SlotTakenException}. */
    Mono<Void> insertNew(Session.Created created, Availability rules) {
        return insertNew(created, rules, null, NOTHING_ADDED);
    }

    /**
     * {@link #insertNew(Session.Created, Availability)} with the public booking's manage link, stored in the session's
     * statement. The client's totals are added to rather than recounted (a new session only adds).
     *
     * @param manageLink null for a session without one
     * @param alreadyAdded what finding the client added to its totals for this session already (its upsert); only
     *                     the rest is added here, and nothing when that was all
     */
    Mono<Void> insertNew(Session.Created created, Availability rules, SessionRepository.ManageLink manageLink,
                         ClientTotals alreadyAdded) {
        Session session = created.session();
        Mono<Optional<UUID>> seat = session.type() == SessionType.WEBINAR
                ? sessions.takeWebinarSeat(session.consultantId(), session.startsAt(), session.duration(), rules.webinarSeats())
                .map(Optional::of)
                .switchIfEmpty(Mono.error(() -> new SlotTakenException("the webinar has no seats left")))
                : Mono.just(Optional.empty());
        return seat.flatMap(occurrence -> sessions.insert(session, occurrence.orElse(null), manageLink))
                .then(totalsAndEvents(created, alreadyAdded));
    }

    /**
     * {@link #insertNew(Session.Created, Availability, SessionRepository.ManageLink, ClientTotals)} for a public
     * booking of a time (no webinar seat): the session and its manage link are written at the transaction's commit,
     * with its outbox rows ({@link SessionRepository#insertAtCommit}), so a time the exclusion constraint refuses
     * fails the commit with {@link SlotTakenException}.
     */
    Mono<Void> insertNewAtCommit(Session.Created created, SessionRepository.ManageLink manageLink, ClientTotals alreadyAdded) {
        return sessions.insertAtCommit(created.session(), manageLink).then(totalsAndEvents(created, alreadyAdded));
    }

    /** What a stored new session adds to its client's totals beyond {@code alreadyAdded}, and its events. */
    private Mono<Void> totalsAndEvents(Session.Created created, ClientTotals alreadyAdded) {
        Session session = created.session();
        return clients.addToTotals(session.clientId(), countedFor(session).sessions() - alreadyAdded.sessions(),
                        countedFor(session).paidMinor() - alreadyAdded.paidMinor())
                .then(publish(session, session.version(), created.events()));
    }

    /** What a new session adds to its client's totals: paid in minor units of its currency. */
    static ClientTotals countedFor(Session session) {
        return new ClientTotals(session.status().countsForClient() ? 1 : 0,
                session.paymentStatus() == PaymentStatus.PAID ? session.amount().amountMinor() : 0);
    }

    /** Writes a changed session: a cancelled or abandoned webinar seat is given back. */
    Mono<Void> persist(Session session, List<SessionEvent> events) {
        boolean freesSeat = session.type() == SessionType.WEBINAR && events.stream()
                .anyMatch(event -> event instanceof SessionEvent.Cancelled || event instanceof SessionEvent.Abandoned);
        Mono<Void> seat = freesSeat ? sessions.releaseWebinarSeat(session.id()) : Mono.empty();
        return seat.then(sessions.update(session))
                .flatMap(version -> recountClientTotals(session.clientId()).then(publish(session, version, events)));
    }

    /**
     * Writes an abandoned session that takes its time back (a capture after its hold expired): a webinar
     * takes a seat again, and the write fails with {@link SlotTakenException} when the time or the last
     * seat was taken meanwhile, which the caller's savepoint then undoes.
     */
    Mono<Void> reinstate(Session session, List<SessionEvent> events, Availability rules) {
        Mono<Optional<UUID>> seat = session.type() == SessionType.WEBINAR
                ? sessions.takeWebinarSeat(session.consultantId(), session.startsAt(), session.duration(), rules.webinarSeats())
                .map(Optional::of)
                .switchIfEmpty(Mono.error(() -> new SlotTakenException("the webinar has no seats left")))
                : Mono.just(Optional.empty());
        return seat.flatMap(occurrence -> sessions.update(session, occurrence.orElse(null)))
                .flatMap(version -> recountClientTotals(session.clientId()).then(publish(session, version, events)));
    }

    /** @param version the session's version once this transaction's write of it commits ({@link Session#version()} when new) */
    Mono<Void> publish(Session session, long version, List<SessionEvent> events) {
        return publisher.publish(session, version, events).then(metrics.countWhenCommitted(session, events));
    }

    /**
     * Abandons a consultant's expired holds, so that whatever takes time next (a booking, a move)
     * finds it free without waiting for the expiry job. Returns how many were abandoned.
     */
    Mono<Long> expireHoldsOf(UUID consultantId, Instant now) {
        return sessions.lockExpiredHolds(consultantId, now).collectList().flatMap(expired -> abandon(expired, now));
    }

    Mono<Long> abandon(List<Session> expired, Instant now) {
        return Flux.fromIterable(expired)
                .concatMap(session -> persist(session, session.expireHold(now)))
                .then(Mono.just((long) expired.size()));
    }

    private Mono<Void> recountClientTotals(UUID clientId) {
        return clients.recountTotals(clientId, () -> sessions.totalsOf(clientId));
    }
}
