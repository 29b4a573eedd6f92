package com.nakksha.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nakksha.events.BookingSource;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentMethod;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionType;
import com.nakksha.testsupport.TestTokens;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.MediaType;

import static com.nakksha.analytics.TestEvents.*;
import static org.awaitility.Awaitility.await;

/** Who may read which figures, bad input named by field, and the admin's platform figures. */
class AccessAndBadInputIT extends AbstractAnalyticsIT {

    @Test
    void theDashboardNeedsAnApprovedConsultantAndTheAdminFiguresAnAdmin() {
        web.get().uri("/api/v1/analytics/dashboard").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/analytics/dashboard")
                .headers(h -> h.setBearerAuth(TestTokens.consultant(UUID.randomUUID(), "PENDING_APPROVAL")))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.title").isEqualTo("Pending approval");
        web.get().uri("/api/v1/analytics/dashboard/daily.csv")
                .headers(h -> h.setBearerAuth(TestTokens.consultant(UUID.randomUUID(), "SUSPENDED")))
                .exchange().expectStatus().isForbidden();
        admin().get().uri("/api/v1/analytics/dashboard").exchange().expectStatus().isForbidden();
        consultant(UUID.randomUUID()).get().uri("/api/v1/admin/analytics").exchange().expectStatus().isForbidden();
        consultant(UUID.randomUUID()).post().uri("/api/v1/admin/analytics/rebuild").exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/admin/analytics").exchange().expectStatus().isUnauthorized();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "timeframe=fortnight, timeframe",
            "timeframe=custom&to=2026-01-01, from",
            "timeframe=custom&from=2026-01-01, to",
            "timeframe=custom&from=2026-02-30&to=2026-03-01, from",
            "timeframe=custom&from=2026-01-01&to=tomorrow, to",
            "timeframe=custom&from=2026-02-01&to=2026-01-01, from",
            "timeframe=custom&from=2020-01-01&to=2026-01-01, to",
            "timeframe=month&from=2026-01-01, from"})
    void badInputIsA400NamingTheField(String query, String field) {
        consultant(UUID.randomUUID()).get().uri("/api/v1/analytics/dashboard?" + query).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
        consultant(UUID.randomUUID()).get().uri("/api/v1/analytics/dashboard/daily.csv?" + query).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
        admin().get().uri("/api/v1/admin/analytics?" + query).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
    }

    @Test
    void aZoneThatIsNotAnIanaIdIsRefused() {
        for (String zone : List.of("Mars/Olympus", "%2B05:30", "IST")) {
            admin().get().uri("/api/v1/admin/analytics?zone=" + zone).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("zone");
        }
    }

    @Test
    void platformFiguresCountEveryConsultantInTheAdminsZone() {
        // 2031 is used by no other test, so the platform's figures of its days are this test's events only.
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID pending = UUID.randomUUID();
        UUID sa = UUID.randomUUID();
        UUID sb = UUID.randomUUID();
        UUID sc = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        List<SpecificRecord> events = List.of(
                registered(a, Instant.parse("2031-03-01T20:00:00Z")),
                approved(a, Instant.parse("2031-03-02T05:00:00Z")),
                registered(b, Instant.parse("2031-03-01T05:00:00Z")),
                approved(b, Instant.parse("2031-03-01T06:00:00Z")),
                suspended(b, Instant.parse("2031-03-03T06:00:00Z")),
                registered(pending, Instant.parse("2031-03-03T06:00:00Z")),
                booked(a, sa, client, SessionType.PERSONAL, BookingSource.PUBLIC, Instant.parse("2031-03-10T05:00:00Z"), 100000,
                        PaymentStatus.PENDING, null, Instant.parse("2031-03-05T05:00:00Z")),
                captured(a, UUID.randomUUID(), PayableType.SESSION, sa, 100000, 2360L, 1000L, Instant.parse("2031-03-05T05:05:00Z")),
                booked(a, sc, client, SessionType.PERSONAL, BookingSource.PUBLIC, Instant.parse("2031-03-11T05:00:00Z"), 100000,
                        PaymentStatus.PENDING, null, Instant.parse("2031-03-05T06:00:00Z")),
                abandoned(a, sc, Instant.parse("2031-03-05T06:15:00Z")),
                failed(a, UUID.randomUUID(), sc, 100000, Instant.parse("2031-03-05T06:10:00Z")),
                booked(b, sb, client, SessionType.WEBINAR, BookingSource.MANUAL, Instant.parse("2031-03-12T05:00:00Z"), 50000,
                        PaymentStatus.PAID, PaymentMethod.CASH, Instant.parse("2031-03-02T05:00:00Z")),
                refunded(a, UUID.randomUUID(), PayableType.SESSION, sa, "rfnd_" + UUID.randomUUID(), 20000,
                        Instant.parse("2031-03-06T05:00:00Z")));
        publish(events);
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(events) == events.size());

        admin().get().uri("/api/v1/admin/analytics?timeframe=custom&from=2031-03-01&to=2031-03-31&zone=Asia/Kolkata").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.zone").isEqualTo("Asia/Kolkata")
                // a registered at 01:30 IST on 2 March
                .jsonPath("$.consultantsOverTime[0].date").isEqualTo("2031-03-01")
                .jsonPath("$.consultantsOverTime[0].signups").isEqualTo(1)
                .jsonPath("$.consultantsOverTime[0].approvals").isEqualTo(1)
                .jsonPath("$.consultantsOverTime[1].date").isEqualTo("2031-03-02")
                .jsonPath("$.consultantsOverTime[1].signups").isEqualTo(1)
                .jsonPath("$.consultantsOverTime[1].approvals").isEqualTo(1)
                .jsonPath("$.consultantsOverTime[2].signups").isEqualTo(1)
                .jsonPath("$.sessionsBySource.PUBLIC.PENDING").isEqualTo(1)
                .jsonPath("$.sessionsBySource.PUBLIC.ABANDONED").isEqualTo(1)
                .jsonPath("$.sessionsBySource.MANUAL.PENDING").isEqualTo(1)
                .jsonPath("$.sessionsByStatus.PENDING").isEqualTo(2)
                .jsonPath("$.grossVolume").isEqualTo(1000.00)
                .jsonPath("$.manualPayments").isEqualTo(500.00)
                .jsonPath("$.refunds").isEqualTo(200.00)
                .jsonPath("$.platformFees").isEqualTo(10.00)
                .jsonPath("$.providerFees").isEqualTo(23.60)
                .jsonPath("$.paymentFailureRate").isEqualTo(50.0)
                .jsonPath("$.abandonRate").isEqualTo(50.0)
                .jsonPath("$.topConsultants[0].consultantId").isEqualTo(a.toString())
                .jsonPath("$.topConsultants[0].revenue").isEqualTo(800.00)
                .jsonPath("$.topConsultants[1].consultantId").isEqualTo(b.toString())
                .jsonPath("$.topConsultants[1].revenue").isEqualTo(500.00)
                .jsonPath("$.daily.length()").isEqualTo(31)
                .jsonPath("$.consultantsByStatus.SUSPENDED").isNumber()
                .jsonPath("$.consultantsByStatus.APPROVED").isNumber()
                .jsonPath("$.consultantsByStatus.PENDING_APPROVAL").isNumber()
                .jsonPath("$.dataAsOf").isNotEmpty();
    }
}
