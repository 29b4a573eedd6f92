package com.nakksha.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nakksha.events.BookingSource;
import com.nakksha.events.PaymentMethod;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.events.SessionRescheduled;
import com.nakksha.events.SessionType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.nakksha.analytics.TestEvents.*;
import static org.awaitility.Awaitility.await;

/**
 * A session counts in its current status (README, "What each figure counts") even when booking-service's timestamps
 * do not follow the order its changes happened in: a late capture that takes an abandoned slot back raises
 * SessionConfirmed with a time read before it waited for the session's lock, so it can be stamped before the
 * SessionAbandoned it undid, or in the same millisecond. The session is CONFIRMED in booking-service and must be here.
 */
class SessionStatusOrderIT extends AbstractAnalyticsIT {

    private static final String DECEMBER = "/api/v1/analytics/dashboard?timeframe=custom&from=2026-12-01&to=2026-12-31";
    private static final Instant BOOKED = Instant.parse("2026-11-30T05:00:00Z");
    private static final Instant EXPIRED = BOOKED.plus(Duration.ofMinutes(15));

    @Test
    void aLateCaptureThatTookAnAbandonedSlotBackCountsConfirmedWhateverItsConfirmationsTimestamp() {
        UUID c = UUID.randomUUID();
        List<SpecificRecord> events = new ArrayList<>(List.of(profile(c, "Asia/Kolkata", 1, Instant.parse("2026-01-01T00:00:00Z"))));
        // Confirmed 40 ms before the abandonment it undid, and in the abandonment's millisecond.
        reinstated(events, c, Instant.parse("2026-12-10T05:00:00Z"), EXPIRED.minusMillis(40));
        reinstated(events, c, Instant.parse("2026-12-11T05:00:00Z"), EXPIRED);
        // Taken back, then cancelled by the consultant: the cancellation still ends it.
        UUID cancelled = reinstated(events, c, Instant.parse("2026-12-12T05:00:00Z"), EXPIRED.minusMillis(40));
        events.add(cancelled(c, cancelled, EXPIRED.plus(Duration.ofMinutes(5))));
        // A hold that ran out and stayed so.
        UUID gone = UUID.randomUUID();
        events.add(booked(c, gone, UUID.randomUUID(), SessionType.PERSONAL, BookingSource.PUBLIC, Instant.parse("2026-12-13T05:00:00Z"),
                150000, PaymentStatus.PENDING, null, BOOKED));
        events.add(abandoned(c, gone, EXPIRED));
        decemberAfterBothOrders(c, events)
                .jsonPath("$.metrics.totalSessions").isEqualTo(3)
                .jsonPath("$.metrics.pendingSessions").isEqualTo(0)
                .jsonPath("$.metrics.confirmedSessions").isEqualTo(2)
                .jsonPath("$.metrics.cancelledSessions").isEqualTo(1)
                .jsonPath("$.metrics.abandonedSessions").isEqualTo(1)
                .jsonPath("$.metrics.activeClients").isEqualTo(2)
                .jsonPath("$.charts.sessionsTrend[9].sessions").isEqualTo(1)
                .jsonPath("$.charts.sessionsTrend[10].sessions").isEqualTo(1)
                .jsonPath("$.charts.sessionsTrend[12].sessions").isEqualTo(0);
    }

    /**
     * Two writes of one session that race read the clock before its lock orders them, so the later write can carry
     * the earlier {@code occurredAt}: a client's move racing the consultant's, a refund racing the capture's
     * confirmation. The start time and the payment status are the later write's, by the events' {@code sessionVersion}.
     */
    @Test
    void theLaterWriteOfASessionSetsItsStartAndPaymentWhateverTheEventsTimestamps() {
        UUID c = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        Instant firstStart = Instant.parse("2026-12-10T05:00:00Z");
        List<SpecificRecord> events = new ArrayList<>(List.of(profile(c, "Asia/Kolkata", 1, Instant.parse("2026-01-01T00:00:00Z")),
                SessionBooked.newBuilder(booked(c, session, client, SessionType.PERSONAL, BookingSource.MANUAL, firstStart, 150000,
                        PaymentStatus.PENDING, null, BOOKED)).setSessionVersion(0L).build(),
                SessionRescheduled.newBuilder(rescheduled(c, session, firstStart, Instant.parse("2026-12-15T05:00:00Z"),
                        BOOKED.plusSeconds(10))).setSessionVersion(1L).build(),
                SessionRescheduled.newBuilder(rescheduled(c, session, Instant.parse("2026-12-15T05:00:00Z"),
                        Instant.parse("2026-12-16T05:00:00Z"), BOOKED.plusSeconds(5))).setSessionVersion(2L).build(),
                SessionPaymentUpdated.newBuilder(paymentUpdated(c, session, client, PaymentStatus.PENDING, PaymentStatus.PAID,
                        PaymentMethod.UPI, 150000, Instant.parse("2026-12-02T05:00:10Z"))).setSessionVersion(3L).build(),
                SessionPaymentUpdated.newBuilder(paymentUpdated(c, session, client, PaymentStatus.PAID, PaymentStatus.REFUNDED,
                        PaymentMethod.UPI, 150000, Instant.parse("2026-12-02T05:00:05Z"))).setSessionVersion(4L).build()));
        decemberAfterBothOrders(c, events)
                .jsonPath("$.metrics.totalSessions").isEqualTo(1)
                .jsonPath("$.charts.sessionsTrend[14].sessions").isEqualTo(0)
                .jsonPath("$.charts.sessionsTrend[15].sessions").isEqualTo(1)
                .jsonPath("$.metrics.totalRevenue").isEqualTo(0.00);
    }

    /**
     * The consultant's December dashboard once {@code events} were applied in the order booking-service published them,
     * then again the other way round, every event twice.
     */
    private WebTestClient.BodyContentSpec decemberAfterBothOrders(UUID consultant, List<SpecificRecord> events) {
        publish(events);
        publish(events.reversed());
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(events) == events.size());
        return consultant(consultant).get().uri(DECEMBER).exchange().expectStatus().isOk().expectBody();
    }

    /** Booked, abandoned when its hold ran out, confirmed by a late capture stamped {@code confirmedAt}; returns the session. */
    private static UUID reinstated(List<SpecificRecord> events, UUID consultant, Instant startsAt, Instant confirmedAt) {
        UUID session = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        events.add(booked(consultant, session, client, SessionType.PERSONAL, BookingSource.PUBLIC, startsAt, 150000,
                PaymentStatus.PENDING, null, BOOKED));
        events.add(abandoned(consultant, session, EXPIRED));
        events.add(confirmed(consultant, session, client, startsAt, confirmedAt));
        return session;
    }
}
