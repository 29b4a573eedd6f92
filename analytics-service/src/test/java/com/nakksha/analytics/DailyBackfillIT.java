package com.nakksha.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nakksha.analytics.projection.Projection;
import com.nakksha.events.BookingSource;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.nakksha.analytics.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database upgraded from before the daily table has fact rows but no daily rows: the backfill run
 * at startup brings the consultant's dashboard figures back without a rebuild.
 */
class DailyBackfillIT extends AbstractAnalyticsIT {

    private static final String DECEMBER = "/api/v1/analytics/dashboard?timeframe=custom&from=2026-12-01&to=2026-12-31";

    @Autowired
    private Projection projection;

    @Test
    void anUpgradedDatabaseGetsItsDailyFiguresFromTheFactRows() {
        UUID c = UUID.randomUUID();
        UUID k = UUID.randomUUID();
        UUID s1 = UUID.randomUUID();
        UUID s2 = UUID.randomUUID();
        // 00:30 IST on 2 December is 19:00 UTC on 1 December: the backfill places days in the consultant's zone too.
        Instant s1Start = Instant.parse("2026-12-01T19:00:00Z");
        List<SpecificRecord> events = List.of(
                profile(c, "Asia/Kolkata", 1, Instant.parse("2026-01-01T00:00:00Z")),
                client(c, k, Instant.parse("2026-12-01T20:00:00Z")),
                booked(c, s1, k, SessionType.PERSONAL, BookingSource.PUBLIC, s1Start, 150000, PaymentStatus.PENDING, null,
                        Instant.parse("2026-11-20T10:00:00Z")),
                confirmed(c, s1, k, s1Start, Instant.parse("2026-11-20T10:05:00Z")),
                captured(c, UUID.randomUUID(), PayableType.SESSION, s1, 150000, 3540L, 1500L, Instant.parse("2026-11-20T10:05:00Z")),
                completed(c, s1, Instant.parse("2026-12-01T20:30:00Z")),
                booked(c, s2, k, SessionType.PERSONAL, BookingSource.MANUAL, Instant.parse("2026-12-20T05:00:00Z"), 100000,
                        PaymentStatus.PENDING, null, Instant.parse("2026-12-01T05:00:00Z")),
                cancelled(c, s2, Instant.parse("2026-12-02T05:00:00Z")));
        publish(events);
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(events) == events.size());
        String before = december(c);

        database.sql("DELETE FROM consultant_daily WHERE generation = (SELECT generation FROM projection_generation WHERE state = 'ACTIVE')")
                .then().block();
        consultant(c).get().uri(DECEMBER).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.totalSessions").isEqualTo(0);

        assertThat(projection.backfillDaily().block()).isPositive();

        assertThat(december(c)).isEqualTo(before);
        consultant(c).get().uri(DECEMBER).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.totalSessions").isEqualTo(2)
                .jsonPath("$.metrics.completedSessions").isEqualTo(1)
                .jsonPath("$.metrics.cancelledSessions").isEqualTo(1)
                .jsonPath("$.metrics.newClients").isEqualTo(1);
        consultant(c).get().uri("/api/v1/analytics/dashboard?timeframe=custom&from=2026-12-02&to=2026-12-02").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.totalSessions").isEqualTo(1)
                .jsonPath("$.metrics.completedSessions").isEqualTo(1);
        // With daily rows present again, a second startup leaves the table alone.
        assertThat(projection.backfillDaily().block()).isZero();

        // A database from before the member table (changeset analytics-003) has daily rows but no members.
        database.sql("DELETE FROM consultant_day_member WHERE generation = (SELECT generation FROM projection_generation WHERE state = 'ACTIVE')")
                .then().block();
        consultant(c).get().uri(DECEMBER).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.activeClients").isEqualTo(0);

        assertThat(projection.backfillDaily().block()).isPositive();

        assertThat(december(c)).isEqualTo(before);
        consultant(c).get().uri(DECEMBER).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.activeClients").isEqualTo(1)
                .jsonPath("$.metrics.averageSessionValue").isEqualTo(0.00);
    }

    /** The December dashboard without its clock-dependent fields. */
    private String december(UUID consultantId) {
        String body = consultant(consultantId).get().uri(DECEMBER).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return body.replaceAll("\"(dataAsOf|newestEventAt|generatedAt)\":\"[^\"]*\"", "");
    }
}
