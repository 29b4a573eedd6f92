package com.nakksha.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import com.nakksha.events.BookingSource;
import com.nakksha.events.ClientCreated;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentMethod;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.QuotationSent;
import com.nakksha.events.QuotationWithdrawn;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionCompleted;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionNoShow;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.events.SessionRescheduled;
import com.nakksha.events.SessionType;
import org.apache.avro.specific.SpecificRecord;

import static com.nakksha.analytics.TestEvents.*;

/**
 * A random but plausible history of several consultants (sessions public and manual, payments,
 * refunds, reschedules, clients, quotations, a zone change), and an independent recomputation of
 * the README's daily figures straight from that event list, written without the projection's code.
 */
public final class EventStream {

    private static final List<String> ZONES = List.of("Asia/Kolkata", "America/New_York", "Asia/Kathmandu", "Pacific/Chatham");

    public final List<UUID> consultants = new ArrayList<>();
    public final List<SpecificRecord> events = new ArrayList<>();
    /** The first quarter of {@code year}: where the sessions and money of the stream fall, give or take a month. */
    public final LocalDate from;
    public final LocalDate to;

    private EventStream(int year) {
        this.from = LocalDate.of(year, 1, 1);
        this.to = LocalDate.of(year, 3, 31);
    }

    /** The period of the API queries that covers everything the stream holds. */
    String period() {
        return "timeframe=custom&from=" + from.minusDays(40) + "&to=" + to.plusDays(30);
    }

    /** About {@code sessionsPerConsultant} × 4 events per consultant. */
    public static EventStream random(long seed, int year, int consultantCount, int sessionsPerConsultant) {
        return random(seed, year, consultantCount, sessionsPerConsultant, 1500, 100);
    }

    /**
     * {@link #random(long, int, int, int)} with session prices of ₹500 plus one of {@code prices} steps of
     * {@code priceStepMinor} paise: with few, wide steps, captures and refunds of different sessions often cancel out
     * on a day.
     */
    public static EventStream random(long seed, int year, int consultantCount, int sessionsPerConsultant, int prices,
                                     long priceStepMinor) {
        Random random = new Random(seed);
        EventStream stream = new EventStream(year);
        Instant start = stream.from.minusDays(20).atStartOfDay(ZoneOffset.UTC).toInstant();
        long spanMinutes = ChronoUnit.MINUTES.between(start, stream.to.atStartOfDay(ZoneOffset.UTC).toInstant());
        for (int n = 0; n < consultantCount; n++) {
            UUID c = UUID.randomUUID();
            stream.consultants.add(c);
            List<SpecificRecord> e = stream.events;
            e.add(registered(c, start.minus(Duration.ofDays(30))));
            e.add(approved(c, start.minus(Duration.ofDays(29))));
            e.add(profile(c, ZONES.get(n % ZONES.size()), 1, start.minus(Duration.ofDays(29))));
            if (n % 2 == 0) {
                e.add(profile(c, ZONES.get((n + 1) % ZONES.size()), 2, LocalDate.of(year, 2, 1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            }
            List<UUID> clients = new ArrayList<>();
            for (int k = 0; k < 15; k++) {
                UUID client = UUID.randomUUID();
                clients.add(client);
                e.add(client(c, client, start.plus(Duration.ofMinutes(random.nextLong(spanMinutes)))));
            }
            for (int q = 0; q < 8; q++) {
                UUID quotation = UUID.randomUUID();
                Instant sent = start.plus(Duration.ofMinutes(random.nextLong(spanMinutes)));
                long amount = 10000 + random.nextInt(1000) * 100L;
                e.add(quotationSent(c, quotation, amount, sent));
                if (random.nextBoolean()) {
                    Instant accepted = sent.plus(Duration.ofHours(1 + random.nextInt(72)));
                    e.add(quotationAccepted(c, quotation, amount, accepted));
                    if (random.nextBoolean()) {
                        e.add(captured(c, UUID.randomUUID(), PayableType.QUOTATION, quotation, amount, amount / 50, 0L,
                                accepted.plus(Duration.ofMinutes(30))));
                    }
                } else if (q % 2 == 0) {
                    e.add(quotationWithdrawn(c, quotation, sent.plus(Duration.ofHours(1 + q * 7L))));
                }
            }
            for (int s = 0; s < sessionsPerConsultant; s++) {
                session(random, prices, priceStepMinor, e, c, clients.get(random.nextInt(clients.size())),
                        start.plus(Duration.ofMinutes(random.nextLong(spanMinutes))));
            }
        }
        return stream;
    }

    private static void session(Random random, int prices, long priceStepMinor, List<SpecificRecord> e, UUID c, UUID client,
                                Instant bookedAt) {
        UUID id = UUID.randomUUID();
        SessionType type = random.nextInt(4) == 0 ? SessionType.WEBINAR : SessionType.PERSONAL;
        long amount = 50000 + random.nextInt(prices) * priceStepMinor;
        Instant startsAt = bookedAt.plus(Duration.ofMinutes(60 + random.nextInt(14 * 24 * 60)));
        if (random.nextBoolean()) {
            e.add(booked(c, id, client, type, BookingSource.PUBLIC, startsAt, amount, PaymentStatus.PENDING, null, bookedAt));
            int fate = random.nextInt(20);
            if (fate < 3) {
                if (random.nextBoolean()) {
                    e.add(failed(c, UUID.randomUUID(), id, amount, bookedAt.plus(Duration.ofMinutes(5))));
                }
                e.add(abandoned(c, id, bookedAt.plus(Duration.ofMinutes(15))));
                if (random.nextBoolean()) {
                    e.add(returned(c, UUID.randomUUID(), id, amount, bookedAt.plus(Duration.ofMinutes(20))));
                }
                return;
            }
            if (fate < 5) {
                return;
            }
            UUID payment = UUID.randomUUID();
            Instant paidAt = bookedAt.plus(Duration.ofMinutes(1 + random.nextInt(14)));
            e.add(captured(c, payment, PayableType.SESSION, id, amount, amount * 236 / 10000, amount / 100, paidAt));
            e.add(paymentUpdated(c, id, client, PaymentStatus.PENDING, PaymentStatus.PAID, PaymentMethod.RAZORPAY, amount,
                    paidAt.plusSeconds(1)));
            e.add(confirmed(c, id, client, startsAt, paidAt.plusSeconds(1)));
            end(random, e, c, id, payment, amount, startsAt, paidAt.plusSeconds(2));
        } else {
            boolean paid = random.nextBoolean();
            PaymentMethod method = List.of(PaymentMethod.CASH, PaymentMethod.UPI, PaymentMethod.BANK_TRANSFER).get(random.nextInt(3));
            e.add(booked(c, id, client, type, BookingSource.MANUAL, startsAt, amount, paid ? PaymentStatus.PAID : PaymentStatus.PENDING,
                    paid ? method : null, bookedAt));
            // A session born confirmed: SessionConfirmed in the same millisecond as SessionBooked.
            e.add(confirmed(c, id, client, startsAt, bookedAt));
            Instant at = bookedAt.plusSeconds(1);
            if (!paid && random.nextBoolean()) {
                at = bookedAt.plus(Duration.ofHours(1 + random.nextInt(200)));
                e.add(paymentUpdated(c, id, client, PaymentStatus.PENDING, PaymentStatus.PAID, method, amount, at));
                if (random.nextInt(5) == 0) {
                    at = at.plus(Duration.ofHours(1));
                    e.add(paymentUpdated(c, id, client, PaymentStatus.PAID, PaymentStatus.REFUNDED, method, amount, at));
                }
            }
            end(random, e, c, id, null, amount, startsAt, at.plusSeconds(1));
        }
    }

    private static void end(Random random, List<SpecificRecord> e, UUID c, UUID id, UUID payment, long amount, Instant startsAt,
                            Instant after) {
        Instant start = startsAt;
        if (random.nextInt(5) == 0) {
            Instant moved = startsAt.plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60) - 24 * 60));
            e.add(rescheduled(c, id, startsAt, moved, after));
            start = moved;
            after = after.plusSeconds(1);
        }
        int fate = random.nextInt(10);
        Instant ended = (start.isAfter(after) ? start : after).plus(Duration.ofHours(1));
        if (fate < 5) {
            e.add(completed(c, id, ended));
            if (payment != null && random.nextInt(8) == 0) {
                e.add(refunded(c, payment, PayableType.SESSION, id, "rfnd_" + UUID.randomUUID(), amount / 2, ended.plus(Duration.ofDays(2))));
            }
        } else if (fate < 6) {
            e.add(noShow(c, id, ended));
        } else if (fate < 8) {
            e.add(cancelled(c, id, after));
            if (payment != null) {
                e.add(refunded(c, payment, PayableType.SESSION, id, "rfnd_" + UUID.randomUUID(), amount, after.plusSeconds(30)));
            }
        }
    }

    /** The events in a random order, with some delivered twice. */
    public List<SpecificRecord> shuffledWithDuplicates(long seed, double duplicateShare) {
        Random random = new Random(seed);
        List<SpecificRecord> delivered = new ArrayList<>(events);
        for (SpecificRecord event : events) {
            if (random.nextDouble() < duplicateShare) {
                delivered.add(event);
            }
        }
        Collections.shuffle(delivered, random);
        return delivered;
    }

    /**
     * The consultant's daily figures by the README's definitions, as the CSV export's columns
     * {@code date,sessions,pending,confirmed,completed,cancelled,no_shows,abandoned,revenue_gross,...}
     * in paise, computed from the event list alone.
     */
    Map<LocalDate, long[]> expectedDaily(UUID consultant) {
        List<SpecificRecord> mine = events.stream()
                .filter(event -> String.valueOf(event.get(event.getSchema().getField("consultantId").pos())).equals(consultant.toString()))
                .toList();
        List<ConsultantProfileUpdated> profiles = mine.stream().filter(ConsultantProfileUpdated.class::isInstance)
                .map(ConsultantProfileUpdated.class::cast)
                .sorted(Comparator.comparingLong(ConsultantProfileUpdated::getProfileVersion))
                .toList();
        TreeMap<LocalDate, long[]> days = new TreeMap<>();
        // columns: 0 sessions, 1 pending, 2 confirmed, 3 completed, 4 cancelled, 5 no-shows, 6 abandoned, 7 gross,
        // 8 captured, 9 manual, 10 refunded, 11 new clients, 12 quotations sent, 13 quotations accepted, 14 withdrawn
        Map<UUID, List<SpecificRecord>> bySession = new HashMap<>();
        for (SpecificRecord event : mine) {
            switch (event) {
                case SessionBooked b -> bySession.computeIfAbsent(b.getSessionId(), id -> new ArrayList<>()).add(b);
                case SessionConfirmed b -> bySession.computeIfAbsent(b.getSessionId(), id -> new ArrayList<>()).add(b);
                case SessionRescheduled b -> bySession.computeIfAbsent(b.getSessionId(), id -> new ArrayList<>()).add(b);
                case SessionCancelled b -> bySession.computeIfAbsent(b.getSessionId(), id -> new ArrayList<>()).add(b);
                case SessionCompleted b -> bySession.computeIfAbsent(b.getSessionId(), id -> new ArrayList<>()).add(b);
                case SessionNoShow b -> bySession.computeIfAbsent(b.getSessionId(), id -> new ArrayList<>()).add(b);
                case SessionAbandoned b -> bySession.computeIfAbsent(b.getSessionId(), id -> new ArrayList<>()).add(b);
                case SessionPaymentUpdated b -> bySession.computeIfAbsent(b.getSessionId(), id -> new ArrayList<>()).add(b);
                case PaymentCaptured p -> add(days, day(profiles, p.getOccurredAt()), p.getAmountMinor(), 8, 7);
                case PaymentRefunded r -> add(days, day(profiles, r.getOccurredAt()), r.getAmountMinor(), 10, -7);
                case ClientCreated k -> add(days, day(profiles, k.getOccurredAt()), 1, 11);
                case QuotationSent q -> add(days, day(profiles, q.getOccurredAt()), 1, 12);
                case QuotationAccepted q -> add(days, day(profiles, q.getOccurredAt()), 1, 13);
                case QuotationWithdrawn q -> add(days, day(profiles, q.getOccurredAt()), 1, 14);
                case PaymentReturned ignored -> { }
                default -> { }
            }
        }
        bySession.values().forEach(history -> {
            // The generator dates each session's events in the order they happened; a confirmation in the
            // booking's millisecond comes after the booking, as booking-service raises them.
            List<SpecificRecord> ordered = new ArrayList<>(history);
            ordered.sort(Comparator.comparing((SpecificRecord event) -> TestEventsTime.at(event))
                    .thenComparing(event -> event instanceof SessionBooked ? 0 : 1));
            SessionBooked booking = null;
            Instant startsAt = null;
            String status = null;
            PaymentStatus paymentStatus = null;
            PaymentMethod method = null;
            Instant paymentAt = null;
            for (SpecificRecord event : ordered) {
                switch (event) {
                    case SessionBooked b -> {
                        booking = b;
                        startsAt = b.getStartsAt();
                        status = "PENDING";
                        paymentStatus = b.getPaymentStatus();
                        method = b.getPaymentMethod();
                        paymentAt = b.getOccurredAt();
                    }
                    case SessionConfirmed b -> {
                        status = "CONFIRMED";
                        startsAt = b.getStartsAt();
                    }
                    case SessionRescheduled b -> startsAt = b.getStartsAt();
                    case SessionCancelled b -> status = "CANCELLED";
                    case SessionCompleted b -> status = "COMPLETED";
                    case SessionNoShow b -> status = "NO_SHOW";
                    case SessionAbandoned b -> status = "ABANDONED";
                    case SessionPaymentUpdated b -> {
                        paymentStatus = b.getPaymentStatus();
                        method = b.getPaymentMethod();
                        paymentAt = b.getOccurredAt();
                    }
                    default -> { }
                }
            }
            if (booking == null) {
                return;
            }
            LocalDate day = day(profiles, startsAt);
            int column = switch (status) {
                case "PENDING" -> 1;
                case "CONFIRMED" -> 2;
                case "COMPLETED" -> 3;
                case "CANCELLED" -> 4;
                case "NO_SHOW" -> 5;
                default -> 6;
            };
            add(days, day, 1, column);
            if (column != 6) {
                add(days, day, 1, 0);
            }
            if (paymentStatus == PaymentStatus.PAID && method != null && method != PaymentMethod.RAZORPAY) {
                add(days, day(profiles, paymentAt), booking.getAmountMinor(), 9, 7);
            }
        });
        return days;
    }

    /** Columns of {@link #expectedDaily}. */
    static final int COLUMNS = 15;

    /** The local day of an instant: the zone of the newest profile version that took effect by then, else the first. */
    private static LocalDate day(List<ConsultantProfileUpdated> profiles, Instant at) {
        String zone = profiles.getFirst().getTimezone();
        for (ConsultantProfileUpdated profile : profiles) {
            if (!profile.getOccurredAt().isAfter(at)) {
                zone = profile.getTimezone();
            }
        }
        return at.atZone(ZoneId.of(zone)).toLocalDate();
    }

    /** Adds {@code value} to each column; a negative column index subtracts from that column. */
    private static void add(Map<LocalDate, long[]> days, LocalDate day, long value, int... columns) {
        long[] row = days.computeIfAbsent(day, d -> new long[COLUMNS]);
        for (int column : columns) {
            if (column < 0) {
                row[-column] -= value;
            } else {
                row[column] += value;
            }
        }
    }

    /** Reads occurredAt without the projection's helpers. */
    static final class TestEventsTime {
        static Instant at(SpecificRecord event) {
            return (Instant) event.get(event.getSchema().getField("occurredAt").pos());
        }
    }
}
