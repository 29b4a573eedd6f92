package com.nakksha.local.faults;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nakksha.events.BookingSource;
import com.nakksha.events.CancelledBy;
import com.nakksha.events.ClientCreated;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionType;
import com.nakksha.local.journeys.PlatformClient;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardRecountTest {

    private static final UUID CONSULTANT = UUID.randomUUID();
    private static final LocalDate FROM = LocalDate.of(2026, 11, 28);
    private static final LocalDate TO = LocalDate.of(2027, 2, 3);
    /** 10:00 IST on the day the run booked its sessions. */
    private static final Instant BOOKED_AT = Instant.parse("2026-11-30T04:30:00Z");

    private final List<SpecificRecord> events = new ArrayList<>();

    @Test
    void aHoldThatRunsOutMovesItsSessionFromPendingToAbandonedSoBothSidesMustBeReadAtOneMoment() {
        UUID session = book(UUID.randomUUID(), BOOKED_AT, Instant.parse("2026-12-20T09:00:00Z"));

        DashboardRecount.Figures pending = new DashboardRecount(events).figures(FROM, TO);
        assertThat(pending.counts()).containsEntry("totalSessions", 1L).containsEntry("pendingSessions", 1L)
                .containsEntry("abandonedSessions", 0L).containsEntry("activeClients", 1L);

        // Seed 1304 listed the sessions here, then read the dashboard after booking-service had published this.
        events.add(SessionAbandoned.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(BOOKED_AT.plusSeconds(900))
                .setConsultantId(CONSULTANT).setSessionId(session).setHoldExpiredAt(BOOKED_AT.plusSeconds(900)).build());

        DashboardRecount.Figures abandoned = new DashboardRecount(events).figures(FROM, TO);
        assertThat(abandoned.counts()).containsEntry("totalSessions", 0L).containsEntry("pendingSessions", 0L)
                .containsEntry("abandonedSessions", 1L).containsEntry("activeClients", 0L);
        assertThat(abandoned.differences(PlatformClient.JSON.readTree("""
                {"totalSessions": 1, "pendingSessions": 1, "abandonedSessions": 0, "activeClients": 1, "totalClients": 0,
                 "repeatClientRate": "0", "totalRevenue": "0.00", "netRevenue": "0.00"}""")))
                .containsExactlyInAnyOrder("totalSessions 1/0", "pendingSessions 1/0", "abandonedSessions 0/1", "activeClients 1/0");
    }

    @Test
    void theTopicsOrderIsTheCurrentStatusWhateverTheTimestampsAndASessionMovedBackIsNamed() {
        UUID session = book(UUID.randomUUID(), BOOKED_AT, Instant.parse("2026-12-20T09:00:00Z"));
        Instant expired = BOOKED_AT.plusSeconds(900);
        events.add(SessionAbandoned.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(expired).setConsultantId(CONSULTANT)
                .setSessionId(session).setHoldExpiredAt(expired).build());
        // A late capture took the slot back, stamped with a time read before it waited for the session's lock.
        events.add(SessionConfirmed.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(expired.minusMillis(40))
                .setConsultantId(CONSULTANT).setSessionId(session).setClientId(UUID.randomUUID())
                .setStartsAt(Instant.parse("2026-12-20T09:00:00Z")).setEndsAt(Instant.parse("2026-12-20T09:30:00Z")).build());

        DashboardRecount recount = new DashboardRecount(events);

        assertThat(recount.figures(FROM, TO).counts()).containsEntry("totalSessions", 1L).containsEntry("confirmedSessions", 1L)
                .containsEntry("abandonedSessions", 0L);
        assertThat(recount.movedBack()).isEmpty();

        // Not a move booking-service makes: were it on the topic, analytics' furthest status would differ from the current one.
        events.add(SessionAbandoned.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(expired.plusSeconds(60))
                .setConsultantId(CONSULTANT).setSessionId(session).setHoldExpiredAt(expired).build());
        assertThat(new DashboardRecount(events).movedBack()).containsExactly(session + " ABANDONED/CONFIRMED");
    }

    @Test
    void sessionsCountOnTheirScheduledDayInThePeriodAndDuplicatesOnce() {
        UUID client = UUID.randomUUID();
        book(client, BOOKED_AT, Instant.parse("2026-12-20T09:00:00Z"));
        UUID cancelled = book(UUID.randomUUID(), BOOKED_AT, Instant.parse("2026-12-21T09:00:00Z"));
        events.add(SessionCancelled.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(BOOKED_AT.plusSeconds(60))
                .setConsultantId(CONSULTANT).setSessionId(cancelled).setReason("Consultant unavailable")
                .setCancelledBy(CancelledBy.CONSULTANT).build());
        // 00:30 IST on the day after the period (still 2027-02-03 in UTC): outside it, so the client has no second session up to its end.
        book(client, BOOKED_AT, Instant.parse("2027-02-03T19:00:00Z"));
        events.add(events.getFirst());
        events.add(ClientCreated.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(BOOKED_AT).setConsultantId(CONSULTANT)
                .setClientId(client).setName("Load Client").setEmail("client@example.in").build());
        events.add(ClientCreated.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.parse("2026-11-20T04:30:00Z"))
                .setConsultantId(CONSULTANT).setClientId(UUID.randomUUID()).setName("Old Client").setEmail("old@example.in").build());

        DashboardRecount.Figures figures = new DashboardRecount(events).figures(FROM, TO);

        assertThat(figures.counts()).containsEntry("totalSessions", 2L).containsEntry("pendingSessions", 1L)
                .containsEntry("cancelledSessions", 1L).containsEntry("activeClients", 1L)
                .containsEntry("totalClients", 2L).containsEntry("newClients", 1L);
        assertThat(figures.repeatClientRate()).isEqualByComparingTo("0");
    }

    @Test
    void grossIsCapturesLessRefundsExceptAReturnedCaptureAndNetLessTheirFees() {
        UUID kept = UUID.randomUUID();
        UUID returned = UUID.randomUUID();
        PaymentCaptured capture = capture(kept, 150_000, 3_540, 1_500);
        events.add(capture);
        events.add(capture(kept, 150_000, 3_540, 1_500));
        events.add(capture(returned, 150_000, 3_540, 0));
        events.add(PaymentReturned.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(BOOKED_AT.plusSeconds(30))
                .setConsultantId(CONSULTANT).setPaymentId(returned).setRefundId(UUID.randomUUID()).setPayableType(PayableType.SESSION)
                .setPayableId(UUID.randomUUID()).setProviderPaymentId("pay_returned").setAmountMinor(150_000).setCurrency("INR")
                .setReason("slot taken").build());
        PaymentRefunded refund = refund(kept, "rfnd_1", 50_000);
        events.add(refund);
        events.add(PaymentRefunded.newBuilder(refund).setEventId(UUID.randomUUID()).build());
        events.add(refund(returned, "rfnd_2", 150_000));

        DashboardRecount.Figures figures = new DashboardRecount(events).figures(FROM, TO);

        assertThat(figures.grossMinor()).isEqualTo(100_000);
        assertThat(figures.netMinor()).isEqualTo(100_000 - 3_540 - 1_500);
        assertThat(figures.differences(PlatformClient.JSON.readTree("""
                {"repeatClientRate": "0.0", "totalRevenue": "1000.00", "netRevenue": "949.60"}"""))).isEmpty();
        assertThat(figures.repeatClientRate()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    private UUID book(UUID client, Instant at, Instant startsAt) {
        UUID session = UUID.randomUUID();
        events.add(SessionBooked.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(CONSULTANT)
                .setSessionId(session).setClientId(client).setClientName("Load Client").setClientEmail("client@example.in")
                .setSessionType(SessionType.PERSONAL).setTitle("Personal session").setStartsAt(startsAt)
                .setEndsAt(startsAt.plusSeconds(1800)).setDurationMinutes(30).setAmountMinor(150_000).setCurrency("INR")
                .setSource(BookingSource.PUBLIC).setPaymentStatus(PaymentStatus.PENDING).setConsultantTimezone("Asia/Kolkata").build());
        return session;
    }

    private static PaymentCaptured capture(UUID payment, long amountMinor, long providerFeeMinor, long platformFeeMinor) {
        return PaymentCaptured.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(BOOKED_AT.plusSeconds(10))
                .setConsultantId(CONSULTANT).setPaymentId(payment).setOrderId("order_" + payment).setPayableType(PayableType.SESSION)
                .setPayableId(UUID.randomUUID()).setAmountMinor(amountMinor).setCurrency("INR").setProviderPaymentId("pay_" + payment)
                .setProviderFeeMinor(providerFeeMinor).setPlatformFeeMinor(platformFeeMinor).build();
    }

    private static PaymentRefunded refund(UUID payment, String refundId, long amountMinor) {
        return PaymentRefunded.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(BOOKED_AT.plusSeconds(60))
                .setConsultantId(CONSULTANT).setPaymentId(payment).setRefundId(refundId).setPayableType(PayableType.SESSION)
                .setPayableId(UUID.randomUUID()).setAmountMinor(amountMinor).setCurrency("INR").build();
    }
}
