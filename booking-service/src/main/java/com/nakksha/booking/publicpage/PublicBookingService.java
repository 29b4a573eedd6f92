package com.nakksha.booking.publicpage;

import com.nakksha.booking.BookingProperties;
import com.nakksha.booking.InvalidInputException;
import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.AvailabilityService;
import com.nakksha.booking.client.ClientDetails;
import com.nakksha.booking.client.ClientService;
import com.nakksha.booking.consultant.ConsultantProfile;
import com.nakksha.booking.money.Money;
import com.nakksha.booking.session.BookingMetrics;
import com.nakksha.booking.session.BookingSource;
import com.nakksha.booking.session.Session;
import com.nakksha.booking.session.SessionDetails;
import com.nakksha.booking.session.SessionService;
import com.nakksha.booking.session.SlotTakenException;
import com.nakksha.booking.slots.SlotCalculator;
import com.nakksha.booking.slots.SlotService;
import com.nakksha.defaults.problem.UnprocessableProblem;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * A client books a slot: in one transaction the idempotency key is claimed, expired holds are given
 * back, the client is found or created, and the session is stored pending with a payment hold. The
 * database's exclusion constraint decides races; the loser gets "slot taken". The key keeps the
 * answer, a refusal included: the booking runs inside a savepoint, so a taken slot undoes only the
 * attempt (client and session) while the key and its 409 are committed.
 */
@Service
class PublicBookingService {

    /** How one idempotency key was answered (a booking, or why its slot was taken) and whether that was stored earlier. */
    private sealed interface Outcome {
    }

    private record Booked(BookingConfirmation confirmation, boolean replayed) implements Outcome {
    }

    private record SlotTaken(String reason, boolean replayed) implements Outcome {
    }

    private final PublicProfiles profiles;
    private final PublicBookingRequests requests;
    private final AvailabilityService availability;
    private final SlotService slots;
    private final ClientService clients;
    private final SessionService sessions;
    private final TransactionalOperator transactions;
    private final TransactionalOperator savepoint;
    private final JsonMapper json;
    private final BookingProperties properties;
    private final BookingMetrics metrics;

    PublicBookingService(PublicProfiles profiles, PublicBookingRequests requests, AvailabilityService availability,
                         SlotService slots, ClientService clients, SessionService sessions,
                         TransactionalOperator transactions, ReactiveTransactionManager transactionManager,
                         JsonMapper json, BookingProperties properties, BookingMetrics metrics) {
        this.profiles = profiles;
        this.requests = requests;
        this.availability = availability;
        this.slots = slots;
        this.clients = clients;
        this.sessions = sessions;
        this.transactions = transactions;
        this.savepoint = TransactionalOperator.create(transactionManager,
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED));
        this.json = json;
        this.properties = properties;
        this.metrics = metrics;
    }

    Mono<BookingConfirmation> book(String slug, String idempotencyKey, PublicBookingRequest request) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            return Mono.error(new InvalidInputException("Idempotency-Key", "header is required, 1 to 200 characters"));
        }
        String requestHash = sha256(json.writeValueAsString(request));
        return profiles.publicProfile(slug).flatMap(profile -> {
            Money price = profile.priceOf(request.type())
                    .orElseThrow(() -> new InvalidInputException("type", request.type() + " is not offered by this consultant"));
            UUID consultantId = profile.consultantId();
            Instant now = sessions.now();
            Mono<Outcome> outcome = requests.claim(consultantId, idempotencyKey, requestHash, now)
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .flatMap(seen -> seen.isPresent()
                            ? replay(seen.get(), requestHash)
                            : attempt(profile, price, request, now)
                            .flatMap(answer -> remember(consultantId, idempotencyKey, answer)));
            return transactions.transactional(outcome);
        }).flatMap(outcome -> answer(outcome, request));
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
                yield Mono.error(new SlotTakenException(taken.reason()));
            }
        };
    }

    private Mono<Outcome> replay(PublicBookingRequests.Seen seen, String requestHash) {
        if (!seen.requestHash().equals(requestHash)) {
            return Mono.error(new UnprocessableProblem("Idempotency key reused",
                    "This Idempotency-Key was used with a different booking; use a new key for a new booking."));
        }
        return Mono.just(seen.responseStatus() == HttpStatus.CONFLICT.value()
                ? new SlotTaken(seen.responseBody(), true)
                : new Booked(json.readValue(seen.responseBody(), BookingConfirmation.class), true));
    }

    private Mono<Outcome> remember(UUID consultantId, String idempotencyKey, Outcome answer) {
        return switch (answer) {
            case Booked booked -> requests.complete(consultantId, idempotencyKey, HttpStatus.CREATED.value(),
                    json.writeValueAsString(booked.confirmation())).thenReturn(answer);
            case SlotTaken taken -> requests.complete(consultantId, idempotencyKey, HttpStatus.CONFLICT.value(),
                    taken.reason()).thenReturn(answer);
        };
    }

    /**
     * Gives back the consultant's expired holds, then books inside a savepoint: a taken slot rolls
     * back to it and becomes an answer; any other failure fails the whole transaction.
     */
    private Mono<Outcome> attempt(ConsultantProfile profile, Money price, PublicBookingRequest request, Instant now) {
        return sessions.expireHoldsOf(profile.consultantId(), now)
                .then(savepoint.transactional(bookNew(profile, price, request, now)))
                .<Outcome>map(confirmation -> new Booked(confirmation, false))
                .onErrorResume(SlotTakenException.class, taken -> Mono.just(new SlotTaken(taken.getMessage(), false)));
    }

    private Mono<BookingConfirmation> bookNew(ConsultantProfile profile, Money price, PublicBookingRequest request,
                                              Instant now) {
        UUID consultantId = profile.consultantId();
        return availability.of(consultantId)
                .flatMap(rules -> {
                    SlotCalculator calculator = slots.calculator();
                    Duration duration = calculator.durationFor(rules, request.type(),
                            request.durationMinutes() == null ? null : Duration.ofMinutes(request.durationMinutes()));
                    if (calculator.slotAt(rules, request.type(), duration, request.start(), List.of(), now).isEmpty()) {
                        throw new InvalidInputException("start", "is not a slot this consultant offers at this time");
                    }
                    ClientDetails client = new ClientDetails(request.name(), request.email(), request.phoneCountryCode(),
                            request.phoneNumber(), null, null, null, null);
                    return clients.findOrCreateInTransaction(consultantId, client)
                            .flatMap(match -> {
                                SessionDetails details = new SessionDetails(request.type(), profile.titleOf(request.type()),
                                        request.start(), duration, price, rules.publicBookingPlatform(), null,
                                        request.notes(), null);
                                Session.Created created = Session.bookPublic(UUID.randomUUID(), consultantId,
                                        match.client().id(), details, rules.bufferBefore(), rules.bufferAfter(),
                                        properties.paymentHold(), now);
                                return sessions.insertNew(created, match.client(), rules)
                                        .thenReturn(confirmation(created.session(), rules));
                            });
                });
    }

    private static BookingConfirmation confirmation(Session session, Availability rules) {
        return new BookingConfirmation(session.id(), session.status(), session.paymentStatus(), session.type(),
                session.title(), session.startsAt(), session.endsAt(), (int) session.duration().toMinutes(),
                session.amount().toMajor(), session.amount().currency().getCurrencyCode(), session.holdExpiresAt(),
                rules.timeZone().getId());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
