package com.nakksha.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nakksha.events.BookingSource;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentMethod;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import static com.nakksha.analytics.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The consultant dashboard follows the README's definitions, in the consultant's own days, whatever order events arrive in. */
class DashboardIT extends AbstractAnalyticsIT {

    private static final String DECEMBER = "/api/v1/analytics/dashboard?timeframe=custom&from=2026-12-01&to=2026-12-31";

    @Test
    void decemberFollowsTheDefinitionsWhateverTheArrivalOrder() {
        UUID c = UUID.randomUUID();
        UUID k1 = UUID.randomUUID();
        UUID k2 = UUID.randomUUID();
        UUID s1 = UUID.randomUUID();
        UUID s2 = UUID.randomUUID();
        UUID s3 = UUID.randomUUID();
        UUID s4 = UUID.randomUUID();
        UUID s5 = UUID.randomUUID();
        UUID q1 = UUID.randomUUID();
        UUID q2 = UUID.randomUUID();
        UUID p1 = UUID.randomUUID();
        // 00:30 IST on 2 December is 19:00 UTC on 1 December.
        Instant s1Start = Instant.parse("2026-12-01T19:00:00Z");
        List<SpecificRecord> events = new ArrayList<>(List.of(
                // money and a reschedule first: they must wait for nothing
                captured(c, p1, PayableType.SESSION, s1, 150000, 3540L, 1500L, Instant.parse("2026-12-01T18:40:00Z")),
                refunded(c, p1, PayableType.SESSION, s1, "rfnd_1", 50000, Instant.parse("2026-12-03T05:00:00Z")),
                returned(c, UUID.randomUUID(), s3, 150000, Instant.parse("2026-12-06T05:00:00Z")),
                rescheduled(c, s5, Instant.parse("2026-11-30T05:00:00Z"), Instant.parse("2026-12-21T05:00:00Z"),
                        Instant.parse("2026-11-25T00:00:00Z")),
                captured(c, UUID.randomUUID(), PayableType.QUOTATION, q1, 200000, null, null, Instant.parse("2026-12-07T05:00:00Z")),
                completed(c, s1, Instant.parse("2026-12-01T20:30:00Z")),
                profile(c, "Asia/Kolkata", 1, Instant.parse("2026-01-01T00:00:00Z")),
                registered(c, Instant.parse("2026-01-01T00:00:00Z")),
                client(c, k1, Instant.parse("2026-12-01T20:00:00Z")),
                client(c, k2, Instant.parse("2026-11-15T05:00:00Z")),
                booked(c, s1, k1, SessionType.PERSONAL, BookingSource.PUBLIC, s1Start, 150000, PaymentStatus.PENDING, null,
                        Instant.parse("2026-11-20T10:00:00Z")),
                confirmed(c, s1, k1, s1Start, Instant.parse("2026-12-01T18:40:00Z")),
                booked(c, s2, k2, SessionType.WEBINAR, BookingSource.MANUAL, Instant.parse("2026-12-10T05:00:00Z"), 80000,
                        PaymentStatus.PENDING, null, Instant.parse("2026-12-01T05:00:00Z")),
                confirmed(c, s2, k2, Instant.parse("2026-12-10T05:00:00Z"), Instant.parse("2026-12-01T05:00:00Z")),
                paymentUpdated(c, s2, k2, PaymentStatus.PENDING, PaymentStatus.PAID, PaymentMethod.UPI, 80000,
                        Instant.parse("2026-12-05T06:00:00Z")),
                booked(c, s3, k1, SessionType.PERSONAL, BookingSource.PUBLIC, Instant.parse("2026-12-15T05:00:00Z"), 150000,
                        PaymentStatus.PENDING, null, Instant.parse("2026-12-05T05:00:00Z")),
                abandoned(c, s3, Instant.parse("2026-12-05T05:15:00Z")),
                booked(c, s4, k1, SessionType.PERSONAL, BookingSource.MANUAL, Instant.parse("2026-12-20T05:00:00Z"), 100000,
                        PaymentStatus.PENDING, null, Instant.parse("2026-12-01T05:00:00Z")),
                cancelled(c, s4, Instant.parse("2026-12-02T05:00:00Z")),
                booked(c, s5, k2, SessionType.PERSONAL, BookingSource.MANUAL, Instant.parse("2026-11-30T05:00:00Z"), 0,
                        PaymentStatus.PENDING, null, Instant.parse("2026-11-20T05:00:00Z")),
                confirmed(c, s5, k2, Instant.parse("2026-11-30T05:00:00Z"), Instant.parse("2026-11-20T05:00:00Z")),
                quotationSent(c, q1, 200000, Instant.parse("2026-12-04T05:00:00Z")),
                quotationAccepted(c, q1, 200000, Instant.parse("2026-12-06T05:00:00Z")),
                quotationSent(c, q2, 90000, Instant.parse("2026-12-04T06:00:00Z")),
                quotationWithdrawn(c, q2, Instant.parse("2026-12-08T06:00:00Z"))));
        // Another consultant's money on the same day must not show.
        UUID other = UUID.randomUUID();
        events.add(captured(other, UUID.randomUUID(), PayableType.SESSION, UUID.randomUUID(), 999900, null, null,
                Instant.parse("2026-12-01T18:40:00Z")));
        // A duplicate delivery of the refund changes nothing.
        events.add(events.get(1));
        publish(events);
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(events) == events.size() - 1);

        consultant(c).get().uri(DECEMBER).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.zone").isEqualTo("Asia/Kolkata")
                .jsonPath("$.currency").isEqualTo("INR")
                .jsonPath("$.metrics.totalSessions").isEqualTo(4)
                .jsonPath("$.metrics.pendingSessions").isEqualTo(0)
                .jsonPath("$.metrics.confirmedSessions").isEqualTo(2)
                .jsonPath("$.metrics.completedSessions").isEqualTo(1)
                .jsonPath("$.metrics.cancelledSessions").isEqualTo(1)
                .jsonPath("$.metrics.noShows").isEqualTo(0)
                .jsonPath("$.metrics.abandonedSessions").isEqualTo(1)
                .jsonPath("$.metrics.sessionCompletionRate").isEqualTo(50.0)
                .jsonPath("$.metrics.totalRevenue").isEqualTo(3800.00)
                .jsonPath("$.metrics.netRevenue").isEqualTo(3749.60)
                .jsonPath("$.metrics.averageSessionValue").isEqualTo(1150.00)
                .jsonPath("$.metrics.revenueGrowth").doesNotExist()
                .jsonPath("$.metrics.previousPeriodRevenue").isEqualTo(0.00)
                .jsonPath("$.metrics.totalClients").isEqualTo(2)
                .jsonPath("$.metrics.newClients").isEqualTo(1)
                .jsonPath("$.metrics.activeClients").isEqualTo(2)
                .jsonPath("$.metrics.repeatClientRate").isEqualTo(50.0)
                .jsonPath("$.metrics.quotationsSent").isEqualTo(2)
                .jsonPath("$.metrics.quotationsAccepted").isEqualTo(1)
                .jsonPath("$.metrics.quotationsWithdrawn").isEqualTo(1)
                .jsonPath("$.metrics.quotationConversionRate").isEqualTo(50.0)
                .jsonPath("$.charts.sessionsTrend.length()").isEqualTo(31)
                .jsonPath("$.charts.sessionsTrend[0].sessions").isEqualTo(0)
                .jsonPath("$.charts.sessionsTrend[1].date").isEqualTo("2026-12-02")
                .jsonPath("$.charts.sessionsTrend[1].sessions").isEqualTo(1)
                .jsonPath("$.charts.sessionsTrend[1].revenue").isEqualTo(1500.00)
                .jsonPath("$.charts.sessionsTrend[2].revenue").isEqualTo(-500.00)
                .jsonPath("$.charts.clientsGrowth[0].month").isEqualTo("2026-12")
                .jsonPath("$.charts.clientsGrowth[0].newClients").isEqualTo(1)
                .jsonPath("$.charts.clientsGrowth[0].totalClients").isEqualTo(2)
                .jsonPath("$.charts.revenueBreakdown[0].sessionType").isEqualTo("quotation")
                .jsonPath("$.charts.revenueBreakdown[0].amount").isEqualTo(2000.00)
                .jsonPath("$.charts.revenueBreakdown[0].percentage").isEqualTo(52.6)
                .jsonPath("$.charts.revenueBreakdown[1].sessionType").isEqualTo("personal")
                .jsonPath("$.charts.revenueBreakdown[1].amount").isEqualTo(1000.00)
                .jsonPath("$.charts.revenueBreakdown[2].sessionType").isEqualTo("webinar")
                .jsonPath("$.charts.revenueBreakdown[2].percentage").isEqualTo(21.1)
                .jsonPath("$.dataAsOf").isNotEmpty()
                .jsonPath("$.newestEventAt").isNotEmpty();

        // 00:30 IST on the 2nd belongs to the 2nd, not to the 1st (as UTC would have it); so does the capture at 00:10 IST.
        consultant(c).get().uri("/api/v1/analytics/dashboard?timeframe=custom&from=2026-12-01&to=2026-12-01").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.totalSessions").isEqualTo(0)
                .jsonPath("$.metrics.totalRevenue").isEqualTo(0.00)
                .jsonPath("$.metrics.activeClients").isEqualTo(0)
                .jsonPath("$.metrics.averageSessionValue").isEqualTo(0.00);
        consultant(c).get().uri("/api/v1/analytics/dashboard?timeframe=custom&from=2026-12-02&to=2026-12-02").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.totalSessions").isEqualTo(1)
                .jsonPath("$.metrics.completedSessions").isEqualTo(1)
                .jsonPath("$.metrics.totalRevenue").isEqualTo(1500.00)
                .jsonPath("$.metrics.averageSessionValue").isEqualTo(1500.00)
                .jsonPath("$.metrics.newClients").isEqualTo(1)
                .jsonPath("$.metrics.activeClients").isEqualTo(1)
                .jsonPath("$.metrics.repeatClientRate").isEqualTo(0.0);
        // k2's second held session (21 December) makes k2 a repeat client only in periods that reach it.
        consultant(c).get().uri("/api/v1/analytics/dashboard?timeframe=custom&from=2026-12-10&to=2026-12-20").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.activeClients").isEqualTo(1)
                .jsonPath("$.metrics.repeatClientRate").isEqualTo(0.0);
        consultant(c).get().uri("/api/v1/analytics/dashboard?timeframe=custom&from=2026-12-21&to=2026-12-21").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.activeClients").isEqualTo(1)
                .jsonPath("$.metrics.repeatClientRate").isEqualTo(100.0);
        // The withdrawal counts on its own day.
        consultant(c).get().uri("/api/v1/analytics/dashboard?timeframe=custom&from=2026-12-08&to=2026-12-08").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.quotationsWithdrawn").isEqualTo(1)
                .jsonPath("$.metrics.quotationsSent").isEqualTo(0);

        String csv = consultant(c).get().uri("/api/v1/analytics/dashboard/daily.csv?timeframe=custom&from=2026-12-01&to=2026-12-07")
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/csv")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv.lines()).hasSize(8);
        assertThat(csv.lines().toList().get(0)).startsWith("date,sessions,pending,confirmed,completed,cancelled,no_shows,abandoned,revenue_gross,revenue_net");
        assertThat(csv.lines().toList().get(2)).isEqualTo("2026-12-02,1,0,0,1,0,0,0,1500.00,1449.60,1500.00,0.00,0.00,35.40,15.00,1,0,0,0");
        assertThat(csv.lines().toList().get(5)).startsWith("2026-12-05,0,0,0,0,0,0,0,800.00,800.00,0.00,800.00,");

        // The scrape grows with every generation's inbox counters: more than the client's default 256 KiB after a rebuild.
        String metrics = web.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).contains("nakksha_analytics_events_applied_total{application=\"analytics-service\",type=\"SessionBooked\"}")
                .contains("nakksha_analytics_events_applied_total{application=\"analytics-service\",type=\"PaymentCaptured\"}")
                .contains("nakksha_analytics_newest_event_age_seconds{application=\"analytics-service\"}");

        // Tenant isolation: the other consultant sees their own capture only, none of this consultant's figures.
        consultant(other).get().uri(DECEMBER).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.totalSessions").isEqualTo(0)
                .jsonPath("$.metrics.totalClients").isEqualTo(0)
                .jsonPath("$.metrics.quotationsSent").isEqualTo(0)
                .jsonPath("$.metrics.totalRevenue").isEqualTo(9999.00);
    }

    @Test
    void aZoneChangeMovesNoPastDay() {
        UUID c = UUID.randomUUID();
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        List<SpecificRecord> events = List.of(
                // the newer profile version arrives first
                profile(c, "America/New_York", 2, Instant.parse("2026-06-15T00:00:00Z")),
                profile(c, "Asia/Kolkata", 1, Instant.parse("2026-01-01T00:00:00Z")),
                // 00:30 IST on 2 June, while the consultant was in India
                booked(c, before, client, SessionType.PERSONAL, BookingSource.MANUAL, Instant.parse("2026-06-01T19:00:00Z"), 0,
                        PaymentStatus.PENDING, null, Instant.parse("2026-05-01T00:00:00Z")),
                // 23:00 EDT on 30 June, after the move (1 July in UTC and in India)
                booked(c, after, client, SessionType.PERSONAL, BookingSource.MANUAL, Instant.parse("2026-07-01T03:00:00Z"), 0,
                        PaymentStatus.PENDING, null, Instant.parse("2026-06-20T00:00:00Z")));
        publish(events);
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(events) == events.size());

        consultant(c).get().uri("/api/v1/analytics/dashboard?timeframe=custom&from=2026-06-01&to=2026-07-01").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.zone").isEqualTo("America/New_York")
                .jsonPath("$.metrics.totalSessions").isEqualTo(2)
                .jsonPath("$.metrics.pendingSessions").isEqualTo(2)
                .jsonPath("$.charts.sessionsTrend[1].date").isEqualTo("2026-06-02")
                .jsonPath("$.charts.sessionsTrend[1].sessions").isEqualTo(1)
                .jsonPath("$.charts.sessionsTrend[29].date").isEqualTo("2026-06-30")
                .jsonPath("$.charts.sessionsTrend[29].sessions").isEqualTo(1)
                .jsonPath("$.charts.sessionsTrend[30].sessions").isEqualTo(0)
                .jsonPath("$.metrics.activeClients").isEqualTo(1)
                .jsonPath("$.metrics.repeatClientRate").isEqualTo(100.0);
        // Up to 2 June (in India) the client has had one session only.
        consultant(c).get().uri("/api/v1/analytics/dashboard?timeframe=custom&from=2026-06-02&to=2026-06-02").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.activeClients").isEqualTo(1)
                .jsonPath("$.metrics.repeatClientRate").isEqualTo(0.0);
    }

    @Test
    void calendarTimeframesAnswerForToday() {
        UUID c = UUID.randomUUID();
        for (String timeframe : List.of("today", "week", "month", "quarter", "year")) {
            consultant(c).get().uri("/api/v1/analytics/dashboard?timeframe=" + timeframe).exchange()
                    .expectStatus().isOk().expectBody()
                    .jsonPath("$.timeframe").isEqualTo(timeframe)
                    .jsonPath("$.zone").isEqualTo("Asia/Kolkata")
                    .jsonPath("$.metrics.totalSessions").isEqualTo(0);
        }
    }
}
