package com.nakksha.booking.publicpage;

import com.nakksha.booking.availability.AvailabilityService;
import com.nakksha.booking.client.ClientDetails;
import com.nakksha.booking.consultant.ConsultantProfile;
import com.nakksha.booking.money.Money;
import com.nakksha.booking.session.BookingMetrics;
import com.nakksha.booking.session.BookingSource;
import com.nakksha.booking.session.Session;
import com.nakksha.booking.session.SessionBooking;
import com.nakksha.booking.session.SlotTakenException;
import com.nakksha.defaults.commit.ChangedSinceReadException;
import com.nakksha.defaults.idempotency.IdempotencyKeys;
import com.nakksha.defaults.idempotency.IdempotencyKeys.StoredAnswer;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.time.RegionZones;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * A client books a slot on a consultant's public page: the page's profile gives the price and the title,
 * {@link SessionBooking} books, and the Idempotency-Key keeps the answer, a refusal included. The profile and the
 * availability may be the ones read for an earlier booking: the commit requires both unchanged, a booking that met a
 * change is tried again on fresh reads, and so is one they refused. The key is claimed with its 201 answer at the
 * booking's commit, in the statement that writes its outbox rows (two round trips fewer than claiming it first and
 * storing the answer at the end). A retry therefore books again: its slot is taken by its own first booking, or, when
 * that was cancelled meanwhile, its claim fails its commit and rolls the second booking back. Whenever the
 * transaction rolled back, the key's row decides: an answer a retry or a concurrent request with the key committed is
 * replayed, whatever the booking rules say now; otherwise a taken slot claims the key with its 409 in one short
 * statement and any other refusal is answered as it is, keeping nothing. The key's stored answer keeps the payment
 * capability, because a replay must give the client the same one (only its hash went out in SessionBooked); the
 * answer is kept no longer than the key (service-defaults' {@code nakksha.idempotency.retention}).
 */
@Service
class PublicBookingService {

    /** Idempotency-Keys of public bookings are unique per consultant. */
    private static final String SCOPE = "public-booking:";

    /**
     * How often a booking is tried again after the profile or the availability it booked on changed before its commit
     * (each check that fails makes its read fresh; then the client gets the 409 of ChangedSinceReadException).
     */
    private static final int READS_AFTER_A_CHANGE = 2;

    /** How one idempotency key was answered (a booking, or why its slot was taken) and whether that was stored earlier. */
    private sealed interface Outcome {
    }

    private record Booked(BookingConfirmation confirmation, boolean replayed) implements Outcome {
    }

    /** @param refusal what refused it, when it happened now; null on a replay, which keeps only the reason */
    private record SlotTaken(String reason, boolean replayed, SlotTakenException refusal) implements Outcome {
    }

    private final PublicProfiles profiles;
    private final AvailabilityService availability;
    private final IdempotencyKeys keys;
    private final SessionBooking booking;
    private final TransactionalOperator transactions;
    private final JsonMapper json;
    private final BookingMetrics metrics;

    PublicBookingService(PublicProfiles profiles, AvailabilityService availability, IdempotencyKeys keys,
                         SessionBooking booking, TransactionalOperator transactions, JsonMapper json,
                         BookingMetrics metrics) {
        this.profiles = profiles;
        this.availability = availability;
        this.keys = keys;
        this.booking = booking;
        this.transactions = transactions;
        this.json = json;
        this.metrics = metrics;
    }

    /** @param clientAddress who books ({@link com.nakksha.defaults.security.ClientAddress}), counted by the live-hold limits */
    Mono<BookingConfirmation> book(String slug, String idempotencyKey, PublicBookingRequest request, String clientAddress) {
        return bookOn(slug, idempotencyKey, request, clientAddress).onErrorResume(InvalidInputException.class, refusal -> {
            // A type the page does not offer, or a time or length its hours do not, may be a refusal by a profile or
            // an availability kept from an earlier booking that another instance changed since; the commit check
            // never ran, so such a refusal is given only on what is stored now.
            UUID consultant = profiles.forgetRecentRead(slug);
            if (consultant == null) {
                return Mono.error(refusal);
            }
            availability.forgetRecentRead(consultant);
            return bookOn(slug, idempotencyKey, request, clientAddress);
        });
    }

    private Mono<BookingConfirmation> bookOn(String slug, String idempotencyKey, PublicBookingRequest request,
                                             String clientAddress) {
        String requestHash = IdempotencyKeys.hash(json.writeValueAsString(request));
        return Mono.defer(() -> profiles.publicProfileReadRecently(slug)).flatMap(read -> {
            ConsultantProfile profile = read.profile();
            IdempotencyKeys.requireValid(idempotencyKey);
            Money price = profile.priceOf(request.type())
                    .orElseThrow(() -> new InvalidInputException("type", request.type() + " is not offered by this consultant"));
            String scope = SCOPE + profile.consultantId();
            Mono<Outcome> outcome = profiles.requireUnchangedAtCommit(read)
                    .then(attempt(profile, price, request, clientAddress))
                    .flatMap(booked -> remember(scope, idempotencyKey, requestHash, booked));
            return transactions.transactional(outcome)
                    .onErrorResume(refusal -> afterRollback(scope, idempotencyKey, requestHash, refusal));
        }).retryWhen(Retry.max(READS_AFTER_A_CHANGE).filter(ChangedSinceReadException.class::isInstance)
                        .onRetryExhaustedThrow((retry, signal) -> signal.failure()))
                .flatMap(outcome -> answer(outcome, request));
    }

    /** Runs after the transaction committed, so that only answers the key really keeps are counted. */
    private Mono<BookingConfirmation> answer(Outcome outcome, PublicBookingRequest request) {
        return switch (outcome) {
            case Booked booked -> {
                if (booked.replayed()) {
                    metrics.replayed("booked");
                }
                yield Mono.just(booked.confirmation());
            }
            case SlotTaken taken -> {
                if (taken.replayed()) {
                    metrics.replayed("slot_taken");
                } else {
                    metrics.slotTaken(BookingSource.PUBLIC, request.type());
                }
                yield Mono.error(taken.refusal() != null ? taken.refusal() : new SlotTakenException(taken.reason()));
            }
        };
    }

    private Outcome replay(StoredAnswer stored) {
        return stored.status() == HttpStatus.CONFLICT.value()
                ? new SlotTaken(stored.body(), true, null)
                : new Booked(json.readValue(stored.body(), BookingConfirmation.class), true);
    }

    /**
     * Claims the key with the booking's 201 at the commit of its transaction; when the key was answered before, the
     * claim fails the commit, and {@link #afterRollback} replays that answer.
     */
    private Mono<Outcome> remember(String scope, String idempotencyKey, String requestHash, Booked booked) {
        return keys.claimAnsweredAtCommit(scope, idempotencyKey, requestHash, HttpStatus.CREATED.value(),
                        json.writeValueAsString(booked.confirmation()))
                .thenReturn(booked);
    }

    /**
     * After the attempt's transaction rolled back: replays what an earlier or a concurrent request with the key
     * committed (which may be a booking); else a taken slot claims the key with the 409 in one statement (or
     * replays what a concurrent request committed meanwhile) and any other refusal is answered as it is.
     */
    private Mono<Outcome> afterRollback(String scope, String idempotencyKey, String requestHash, Throwable refusal) {
        if (refusal instanceof SlotTakenException taken) {
            return keys.claimAnswered(scope, idempotencyKey, requestHash, HttpStatus.CONFLICT.value(), taken.getMessage())
                    .map(this::replay)
                    .defaultIfEmpty(new SlotTaken(taken.getMessage(), false, taken));
        }
        return keys.answered(scope, idempotencyKey, requestHash)
                .map(this::replay)
                .switchIfEmpty(Mono.error(refusal));
    }

    /** Books in the caller's transaction; a taken slot fails it as any other failure does. */
    private Mono<Booked> attempt(ConsultantProfile profile, Money price, PublicBookingRequest request, String clientAddress) {
        ClientDetails client = new ClientDetails(request.name(), request.email(), request.phoneCountryCode(),
                request.phoneNumber(), null, null, null, null);
        SessionBooking.Request booking = new SessionBooking.Request(profile.consultantId(), profile,
                new SessionBooking.ClientChoice.ByEmail(client, profile.currency()), new SessionBooking.Terms.Public(clientZone(request.timeZone()), clientAddress), request.type(),
                profile.titleOf(request.type()), request.start(),
                request.durationMinutes() == null ? null : Duration.ofMinutes(request.durationMinutes()), price, null,
                null, request.notes(), null);
        return this.booking.book(booking).map(booked -> new Booked(confirmation(booked), false));
    }

    private static BookingConfirmation confirmation(SessionBooking.Booked booked) {
        Session session = booked.session();
        return new BookingConfirmation(session.id(), session.status(), session.paymentStatus(), session.type(),
                session.title(), session.startsAt(), session.endsAt(), (int) session.duration().toMinutes(),
                session.amount().toMajor(), session.amount().currency().getCurrencyCode(), session.holdExpiresAt(),
                booked.rules().timeZone().getId(), session.id(),
                booked.paymentCapability() == null ? null : booked.paymentCapability().token(),
                booked.manageToken().token(), "/api/v1/public/bookings/" + booked.manageToken().token(),
                session.awaitsEmailConfirmation());
    }

    private static String clientZone(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        return RegionZones.of(id).orElseThrow(
                () -> new InvalidInputException("timeZone", "'" + id + "' is not an IANA time zone such as Asia/Kolkata")).getId();
    }
}
