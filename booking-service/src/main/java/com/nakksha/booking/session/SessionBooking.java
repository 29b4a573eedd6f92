package com.nakksha.booking.session;

import com.nakksha.booking.BookingProperties;
import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.AvailabilityService;
import com.nakksha.booking.availability.MeetingPlatform;
import com.nakksha.booking.availability.TimeSpan;
import com.nakksha.booking.client.Client;
import com.nakksha.booking.client.ClientDetails;
import com.nakksha.booking.client.ClientService;
import com.nakksha.booking.client.ClientTotals;
import com.nakksha.booking.consultant.ConsultantProfile;
import com.nakksha.booking.consultant.SessionType;
import com.nakksha.booking.money.Money;
import com.nakksha.booking.slots.SlotService;
import com.nakksha.defaults.problem.InvalidInputException;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Service;

/**
 * The one way a session gets booked, whether a client books it on the public page or the
 * consultant records it: expired holds are given back first, the client is found or created, the
 * session is created by its own rules, then stored with its webinar seat, the client's totals and
 * its events. Runs in the caller's transaction, which makes it one unit; the database's exclusion
 * constraint decides races, and the loser fails with {@link SlotTakenException}.
 */
@Service
public class SessionBooking {

    /** Who the session is for. */
    public sealed interface ClientChoice {

        /** A client the consultant already has. */
        record Existing(UUID clientId) implements ClientChoice {
        }

        /** A new client; a second client of the consultant with the same email is a conflict (409). */
        record New(ClientDetails details) implements ClientChoice {
        }

        /**
         * The consultant's client with this email (any case), created when there is none: how the public page books.
         *
         * @param currency ISO 4217 code of the consultant's prices, which a new client's totals are in
         */
        record ByEmail(ClientDetails details, String currency) implements ClientChoice {
        }
    }

    /** The terms a session is booked on. */
    public sealed interface Terms {

        /**
         * From the public page: the time must be a free slot the availability offers, the length one
         * it lists, the platform its public one; pending with a hold until paid or, when free, until the booker
         * confirms their email through the link SessionBooked carries sealed for the mail. The client gets a
         * manage link ({@link ManageToken}); {@code clientTimeZone} (IANA id, nullable) is the zone it shows times in;
         * {@code clientAddress} ({@link com.nakksha.defaults.security.ClientAddress}, nullable) is counted by the
         * live-hold limits ({@link BookingProperties.HoldLimits}).
         */
        record Public(String clientTimeZone, String clientAddress) implements Terms {
        }

        /** Recorded by the consultant: any length and any time the database finds free, in the states given. */
        record Manual(SessionStatus status, PaymentStatus paymentStatus, PaymentMethod paymentMethod) implements Terms {

            public Manual {
                Objects.requireNonNull(status, "status");
                Objects.requireNonNull(paymentStatus, "paymentStatus");
            }
        }
    }

    /**
     * What to book.
     *
     * @param profile the consultant's profile as the caller read it before the transaction and requires unchanged at
     *                its commit (the public page's), whose zone the availability is read in, and then the
     *                availability may be as read for an earlier booking and is required unchanged at commit too;
     *                null to read both in the transaction
     * @param startsAt kept to the microsecond, as Postgres stores it
     * @param duration null for the availability's default for the type (public terms only)
     * @param platform null for the availability's public booking platform (public terms only)
     * @param meetingLink null or blank for the consultant's default link of the platform
     * @throws IllegalArgumentException when {@code profile} is another consultant's
     */
    public record Request(UUID consultantId, ConsultantProfile profile, ClientChoice client, Terms terms,
                          SessionType type, String title, Instant startsAt, Duration duration, Money amount,
                          MeetingPlatform platform, String meetingLink, String notes, String consultantNotes) {

        public Request {
            if (profile != null && !profile.consultantId().equals(consultantId)) {
                throw new IllegalArgumentException("the profile of " + profile.consultantId() + " for " + consultantId);
            }
        }
    }

    /**
     * The booked session, its client and the availability it was booked under, the capability to pay
     * it with (null unless the session was booked on public terms and costs something) and the client's manage
     * link (null unless booked on public terms).
     */
    public record Booked(Session session, Client client, Availability rules, PaymentCapability paymentCapability,
                         ManageToken manageToken) {
    }

    private final SessionStore store;
    private final SessionRepository sessions;
    private final ClientService clients;
    private final AvailabilityService availability;
    private final SlotService slots;
    private final BookingProperties properties;
    private final PaymentCapabilityProperties capabilityKeys;
    private final Clock clock;

    SessionBooking(SessionStore store, SessionRepository sessions, ClientService clients, AvailabilityService availability,
                   SlotService slots, BookingProperties properties, PaymentCapabilityProperties capabilityKeys, Clock clock) {
        this.capabilityKeys = capabilityKeys;
        this.store = store;
        this.sessions = sessions;
        this.clients = clients;
        this.availability = availability;
        this.slots = slots;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Books the session in the caller's transaction.
     *
     * @throws InvalidInputException (as an error signal) when public terms ask for a time or length the availability does not offer
     * @throws SlotTakenException when the time or the webinar's last seat was taken
     * @throws AlreadyBookedException when the client already holds a seat of this webinar occurrence
     * @throws SessionTransitionException when manual terms name states a new session cannot have
     * @throws HoldLimitReachedException when public terms would exceed a live-hold limit ({@link BookingProperties.HoldLimits})
     */
    public Mono<Booked> book(Request request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant start = request.startsAt().truncatedTo(ChronoUnit.MICROS);
        UUID consultantId = request.consultantId();
        // The profile read in the transaction gave only the availability's zone (nothing is checked on it there), so
        // the public page's profile, whose approval its caller requires unchanged at commit, gives it instead; and
        // the rules may then be the ones read for an earlier booking, required unchanged at commit as well.
        Mono<Availability> availabilityRules = request.profile() != null
                ? availability.ofRequiredUnchangedAtCommit(request.profile()) : availability.of(consultantId);
        return availabilityRules
                .flatMap(rules -> {
                    Duration duration = durationOf(request, rules, start, now);
                    // A committed booking of the time, or of a webinar's last seat, is final: refuse at once, so the
                    // losers of a race for one slot or for a webinar's seats neither queue on the schedule lock nor
                    // create a client; while the lock is held, the check is repeated instead of queueing
                    // (lockScheduleUnlessRefused; for a time, lockScheduleUnlessTaken or, booked on the public page,
                    // lockScheduleForPublicBooking, which check and try the lock in one statement). Checked again
                    // under the lock (a winner may have committed
                    // meanwhile), where a full webinar is checked once expired holds gave their seats back; the
                    // exclusion constraint and the seat count still decide.
                    Mono<Void> timeFree = request.type() == SessionType.WEBINAR
                            ? sessions.isWebinarFullOfLiveSeats(consultantId, start, duration, now).flatMap(SessionBooking::refuseIfTaken)
                            : sessions.isTaken(consultantId, rules.blockedBy(start, duration), now).flatMap(SessionBooking::refuseIfTaken);
                    Mono<Void> free = request.type() == SessionType.WEBINAR
                            ? sessions.isWebinarFull(consultantId, start, duration).flatMap(SessionBooking::refuseIfTaken)
                            : timeFree;
                    // A public booking of a time (not a webinar seat) checks, locks, counts its holds, locks the
                    // expired holds it then abandons and checks again in one round trip; a refusal rolls back the
                    // whole transaction, so abandoning after the checks ends the same as before them.
                    Mono<Void> lockedAndChecked = request.type() != SessionType.WEBINAR && countsHolds(request)
                            ? withinHoldLimitsLockingSchedule(request, now, rules.blockedBy(start, duration))
                            : (request.type() == SessionType.WEBINAR
                                    ? timeFree.then(sessions.lockScheduleUnlessRefused(consultantId, timeFree))
                                    : sessions.lockScheduleUnlessTaken(consultantId, rules.blockedBy(start, duration), now))
                            .then(store.expireHoldsOf(consultantId, now))
                            .then(free)
                            .then(Mono.defer(() -> withinHoldLimits(request, now)));
                    return lockedAndChecked.then(Mono.defer(() -> bookFree(request, rules, duration, start, now)));
                });
    }

    /** Whether the booking is limited by live holds: a public one by email. */
    private static boolean countsHolds(Request request) {
        return request.terms() instanceof Terms.Public && request.client() instanceof ClientChoice.ByEmail;
    }

    /**
     * One statement, under the consultant's schedule lock (so the consultant's limit is exact; the email's and
     * the address's may be passed by bookings racing at other consultants at the same moment).
     */
    private Mono<Void> withinHoldLimits(Request request, Instant now) {
        if (!(request.terms() instanceof Terms.Public(String ignored, String clientAddress))
                || !(request.client() instanceof ClientChoice.ByEmail(ClientDetails details, String currency))) {
            return Mono.empty();
        }
        BookingProperties.HoldLimits limits = properties.holdLimits();
        return sessions.liveHolds(request.consultantId(), details.email(), clientAddress, now, limits)
                .flatMap(holds -> refuseBeyondLimits(holds, limits));
    }

    /**
     * The schedule lock and {@link #withinHoldLimits} for a public booking by email of {@code span}, in one round trip
     * ({@link SessionRepository#lockScheduleForPublicBooking}), then the consultant's expired holds abandoned unless
     * refused.
     */
    private Mono<Void> withinHoldLimitsLockingSchedule(Request request, Instant now, TimeSpan span) {
        if (!(request.terms() instanceof Terms.Public(String ignored, String clientAddress))
                || !(request.client() instanceof ClientChoice.ByEmail(ClientDetails details, String currency))) {
            throw new IllegalArgumentException("only a public booking by email counts live holds");
        }
        BookingProperties.HoldLimits limits = properties.holdLimits();
        return sessions.lockScheduleForPublicBooking(request.consultantId(), span, now, details.email(), clientAddress, limits)
                .flatMap(check -> refuseBeyondLimits(check.holds(), limits)
                        .then(store.abandon(check.lockedExpired(), now)))
                .then();
    }

    /** A taken time first, then the limits in the order email, client address, consultant. */
    private Mono<Void> refuseBeyondLimits(SessionRepository.LiveHolds holds, BookingProperties.HoldLimits limits) {
        if (holds.taken()) {
            return refuseIfTaken(true);
        }
        if (holds.ofEmail() >= limits.perEmail()) {
            return Mono.error(new HoldLimitReachedException("email", limits.perEmail(), properties.paymentHold()));
        }
        if (holds.ofClientAddress() >= limits.perClientAddress()) {
            return Mono.error(new HoldLimitReachedException("client address", limits.perClientAddress(), properties.paymentHold()));
        }
        if (holds.ofConsultant() >= limits.perConsultant()) {
            return Mono.error(new HoldLimitReachedException("consultant", limits.perConsultant(), properties.paymentHold()));
        }
        return Mono.empty();
    }

    private static Mono<Void> refuseIfTaken(boolean taken) {
        return taken ? Mono.error(new SlotTakenException("the time is no longer free")) : Mono.empty();
    }

    private Mono<Booked> bookFree(Request request, Availability rules, Duration duration, Instant start, Instant now) {
        UUID consultantId = request.consultantId();
        // A client found or created by email gets the session's counts in the same statement (its upsert).
        ClientTotals addedWithClient = request.client() instanceof ClientChoice.ByEmail
                ? countedAtBooking(request) : SessionStore.NOTHING_ADDED;
        return client(consultantId, request.client(), addedWithClient).flatMap(client -> {
            MeetingPlatform platform = request.platform() != null ? request.platform() : rules.publicBookingPlatform();
            SessionDetails details = new SessionDetails(request.type(), request.title(), start, duration,
                    request.amount(), platform, blankToNull(request.meetingLink()), request.notes(),
                    request.consultantNotes());
            UUID sessionId = UUID.randomUUID();
            PaymentCapability capability = request.terms() instanceof Terms.Public && !details.amount().isZero()
                    ? PaymentCapability.issue(sessionId, capabilityKeys) : null;
            Session.Created created = withSealedCapability(create(request.terms(), sessionId, consultantId,
                    attendee(client), details, rules, capability, now), capability);
            Mono<Void> oneSeatEach = details.type() != SessionType.WEBINAR ? Mono.empty()
                    : sessions.liveWebinarSeatOf(consultantId, client.id(), start, duration)
                    .flatMap(existing -> Mono.error(new AlreadyBookedException(existing)));
            if (request.terms() instanceof Terms.Public(String clientTimeZone, String clientAddress)) {
                ManageToken manage = ManageToken.generate();
                String sealedManage = manage.sealed(sessionId, capabilityKeys);
                String sealedConfirmation = sealedEmailConfirmation(created.session());
                Session.Created announced = new Session.Created(created.session(), created.events().stream()
                        .map(event -> event instanceof SessionEvent.Booked booked
                                ? booked.withClient(clientTimeZone, sealedManage).withEmailConfirmation(sealedConfirmation)
                                : event)
                        .toList());
                SessionRepository.ManageLink link = new SessionRepository.ManageLink(manage.hash(), clientTimeZone,
                        clientAddress, now);
                // A time's row is written at commit, a round trip fewer; a webinar seat is counted and taken at once.
                Mono<Void> stored = details.type() == SessionType.WEBINAR
                        ? oneSeatEach.then(store.insertNew(announced, rules, link, addedWithClient))
                        : store.insertNewAtCommit(announced, link, addedWithClient);
                return stored.thenReturn(new Booked(created.session(), client, rules, capability, manage));
            }
            return oneSeatEach.then(store.insertNew(created, rules, null, addedWithClient))
                    .thenReturn(new Booked(created.session(), client, rules, capability, null));
        });
    }

    /**
     * A free public booking's confirmation link, good until its hold runs out, sealed for the mail; null for any
     * other booking, or without a seal key (then no mail can carry it and the hold runs out unconfirmed).
     */
    private String sealedEmailConfirmation(Session session) {
        if (!session.awaitsEmailConfirmation()) {
            return null;
        }
        String token = EmailConfirmationToken.issue(session.id(), session.consultantId(), session.holdExpiresAt(),
                capabilityKeys);
        return token == null ? null : EmailConfirmationToken.sealedForMail(token, session.id(), capabilityKeys);
    }

    private Duration durationOf(Request request, Availability rules, Instant start, Instant now) {
        return switch (request.terms()) {
            case Terms.Public ignored -> {
                Duration duration = slots.calculator().durationFor(rules, request.type(), request.duration());
                if (slots.calculator().slotAt(rules, request.type(), duration, start, List.of(), now).isEmpty()) {
                    throw new InvalidInputException("start", "is not a slot this consultant offers at this time");
                }
                yield duration;
            }
            case Terms.Manual ignored -> Objects.requireNonNull(request.duration(), "a recorded session says its duration");
        };
    }

    private Session.Created create(Terms terms, UUID sessionId, UUID consultantId, Attendee attendee, SessionDetails details,
                                   Availability rules, PaymentCapability capability, Instant now) {
        return switch (terms) {
            case Terms.Public ignored -> Session.bookPublic(sessionId, consultantId, attendee, details, rules,
                    properties.paymentHold(), capability == null ? null : capability.hash(), now);
            case Terms.Manual manual -> Session.createManual(sessionId, consultantId, attendee, details, rules,
                    manual.status(), manual.paymentStatus(), manual.paymentMethod(), now);
        };
    }

    /** SessionBooked carries the capability sealed for notification's pay link; the aggregate never sees the token. */
    private static Session.Created withSealedCapability(Session.Created created, PaymentCapability capability) {
        if (capability == null || capability.sealed() == null) {
            return created;
        }
        return new Session.Created(created.session(), created.events().stream()
                .map(event -> event instanceof SessionEvent.Booked booked
                        ? booked.withSealedPaymentCapability(capability.sealed()) : event)
                .toList());
    }

    /** @param added what the client's totals get with it (found or created by email only) */
    private Mono<Client> client(UUID consultantId, ClientChoice choice, ClientTotals added) {
        return switch (choice) {
            case ClientChoice.Existing existing -> clients.get(consultantId, existing.clientId());
            case ClientChoice.New created -> clients.createInTransaction(consultantId, created.details());
            case ClientChoice.ByEmail byEmail -> clients.findOrCreateAddingToTotalsInTransaction(consultantId,
                    byEmail.details(), byEmail.currency(), added).map(ClientService.Match::client);
        };
    }

    /**
     * What the session will add to its client's totals, as {@link SessionStore#countedFor} will count it: known
     * from the terms before the session is made. {@link SessionStore#insertNew} adds whatever this missed.
     */
    private static ClientTotals countedAtBooking(Request request) {
        return switch (request.terms()) {
            case Terms.Public ignored -> new ClientTotals(SessionStatus.PENDING.countsForClient() ? 1 : 0, 0);
            case Terms.Manual manual -> new ClientTotals(manual.status().countsForClient() ? 1 : 0,
                    manual.paymentStatus() == PaymentStatus.PAID ? request.amount().amountMinor() : 0);
        };
    }

    private static Attendee attendee(Client client) {
        return new Attendee(client.id(), client.name(), client.email(), client.fullPhone());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
