package com.nakksha.booking.session;

import com.nakksha.booking.consultant.SessionType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * Business counters for Prometheus. What happened to sessions is counted from their events once
 * the transaction that wrote them has committed, so a rolled-back change is never counted and each
 * path (public page, dashboard, payment events, expiry job) is counted the same way.
 */
@Component
public class BookingMetrics {

    static final String BOOKED = "nakksha.booking.sessions.booked";
    static final String CONFIRMED = "nakksha.booking.sessions.confirmed";
    static final String ABANDONED = "nakksha.booking.holds.abandoned";
    static final String SLOT_TAKEN = "nakksha.booking.slot.taken";
    static final String REPLAYED = "nakksha.booking.idempotent.replays";

    /** The counters tagged with the booking's source and the session's type, each with its description. */
    private static final Map<String, Supplier<Counter.Builder>> BY_SOURCE_AND_TYPE = Map.of(
            BOOKED, () -> Counter.builder(BOOKED)
                    .description("Sessions booked, from the public page or by the consultant"),
            CONFIRMED, () -> Counter.builder(CONFIRMED)
                    .description("Sessions confirmed: paid, free, recorded as confirmed or confirmed by the consultant"),
            SLOT_TAKEN, () -> Counter.builder(SLOT_TAKEN)
                    .description("Bookings refused because the time or the webinar's seats were taken"));

    private final MeterRegistry meters;

    /** Registers every source and type at zero, so the dashboards' increases also see a first booking, refusal or abandoned hold. */
    BookingMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (SessionType type : SessionType.values()) {
            for (BookingSource source : BookingSource.values()) {
                BY_SOURCE_AND_TYPE.keySet().forEach(name -> counter(name, source, type));
            }
            abandoned(type);
        }
    }

    /** A booking refused because its time was taken (not counted again when the refusal is replayed). */
    public void slotTaken(BookingSource source, SessionType type) {
        counter(SLOT_TAKEN, source, type).increment();
    }

    /** A public booking request answered from its Idempotency-Key: {@code booked} or {@code slot_taken}. */
    public void replayed(String outcome) {
        Counter.builder(REPLAYED)
                .description("Public booking requests answered with the stored answer of their Idempotency-Key")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    /** Counts the events once the current transaction commits; outside a transaction, at once. */
    Mono<Void> countWhenCommitted(Session session, List<SessionEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isSynchronizationActive)
                .doOnNext(transaction -> transaction.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCommit() {
                        return Mono.fromRunnable(() -> count(session, events));
                    }
                }))
                .switchIfEmpty(Mono.fromRunnable(() -> count(session, events)))
                .onErrorResume(NoTransactionException.class, none -> Mono.fromRunnable(() -> count(session, events)))
                .then();
    }

    private void count(Session session, List<SessionEvent> events) {
        for (SessionEvent event : events) {
            switch (event) {
                case SessionEvent.Booked booked -> counter(BOOKED, booked.source(), session.type()).increment();
                case SessionEvent.Confirmed confirmed -> counter(CONFIRMED, session.source(), session.type()).increment();
                case SessionEvent.Abandoned abandoned -> abandoned(session.type()).increment();
                default -> {
                }
            }
        }
    }

    private Counter counter(String name, BookingSource source, SessionType type) {
        return BY_SOURCE_AND_TYPE.get(name).get()
                .tag("source", label(source))
                .tag("type", label(type))
                .register(meters);
    }

    private Counter abandoned(SessionType type) {
        return Counter.builder(ABANDONED)
                .description("Public bookings abandoned because their payment hold expired")
                .tag("type", label(type))
                .register(meters);
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
