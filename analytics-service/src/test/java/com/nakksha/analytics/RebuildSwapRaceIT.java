package com.nakksha.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.nakksha.events.BookingSource;
import com.nakksha.events.PaymentMethod;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionType;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A live event whose write to the serving generation is still in flight when a rebuild swaps
 * generations: the swap must wait for it, so purging the retired generation leaves nothing behind
 * (RebuildIT once found one retired {@code session_fact} row). And concurrent rebuild commands start
 * one rebuild; the others answer 409.
 */
class RebuildSwapRaceIT extends AbstractAnalyticsIT {

    /** Every table keyed by generation, in the order the purge deletes them. */
    private static final List<String> GENERATION_TABLES = List.of("consultant_fact", "consultant_zone", "session_fact", "client_fact",
            "payment_fact", "refund_fact", "quotation_fact", "consultant_daily", "consultant_day_member", "consultant_daily_filled");

    @Autowired
    private ConnectionFactory connections;

    @Test
    void aLiveWriteInFlightDuringTheSwapLeavesNoRowInTheRetiredGeneration() {
        // 2035 is used by no other test, whose figures of their own years these sessions would change.
        Instant at = Instant.parse("2035-03-02T05:00:00Z");
        UUID seeded = UUID.randomUUID();
        SessionBooked seed = booked(seeded, UUID.randomUUID(), at);
        publish(seed);
        await().atMost(Duration.ofMinutes(2)).until(() -> applied(List.of(seed)) == 1);
        int retired = activeGeneration();

        // The live listener's write for this consultant into the serving generation waits on the
        // consultant's lock, which this connection holds, as a slow transaction would.
        UUID stalled = UUID.randomUUID();
        UUID stalledSession = UUID.randomUUID();
        Connection holder = Mono.from(connections.create()).block();
        try {
            sql(holder, "SELECT pg_advisory_lock(" + retired + ", hashtext('" + stalled + "'))");
            SessionBooked inFlight = booked(stalled, stalledSession, at);
            publish(inFlight);
            await().atMost(Duration.ofMinutes(2)).until(() -> count("""
                    SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                        AND classid::bigint = %d AND objsubid = 2""".formatted(retired)) == 1);

            admin().post().uri("/api/v1/admin/analytics/rebuild").exchange().expectStatus().isAccepted();
            // Either the swap is done and has purged the retired generation's session rows (what the
            // code did before it waited for live writers), or it waits for the write in flight.
            await().atMost(Duration.ofMinutes(5)).until(() -> count("SELECT COUNT(*) FROM session_fact WHERE generation = " + retired) == 0
                    || count("""
                    SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                    WHERE l.locktype = 'relation' AND NOT l.granted AND c.relname = 'projection_generation'""") > 0);
        } finally {
            sql(holder, "SELECT pg_advisory_unlock_all()");
            Mono.from(holder.close()).block();
        }

        // The same session's next event is consumed after the stalled one: once it is applied, so is that.
        SessionConfirmed marker = TestEvents.confirmed(stalled, stalledSession, UUID.randomUUID(), at.plus(Duration.ofDays(3)),
                at.plusSeconds(60));
        publish(marker);
        await().atMost(Duration.ofMinutes(5)).until(() -> activeGeneration() != retired && applied(List.of(marker)) == 1
                && count("SELECT COUNT(*) FROM projection_generation WHERE state = 'BUILDING'") == 0);

        for (String table : GENERATION_TABLES) {
            assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE generation = " + retired))
                    .as("%s rows of the retired generation %d", table, retired).isZero();
        }
        assertThat(count("SELECT COUNT(*) FROM session_fact WHERE session_id = '" + stalledSession + "' AND generation = "
                + activeGeneration())).as("the in-flight session in the serving generation").isOne();
    }

    @Test
    void concurrentRebuildCommandsStartOneRebuildAndTheOthersAnswer409() throws Exception {
        await().atMost(Duration.ofMinutes(5)).until(() -> count("SELECT COUNT(*) FROM projection_generation WHERE state = 'BUILDING'") == 0);
        long generationsBefore = count("SELECT COUNT(*) FROM projection_generation");
        int requests = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(requests);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    var result = admin().post().uri("/api/v1/admin/analytics/rebuild").exchange().returnResult(String.class);
                    if (result.getStatus().value() == 409) {
                        assertThat(result.getResponseHeaders().getContentType()).isNotNull()
                                .matches(type -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
                    }
                    return result.getStatus().value();
                }, callers));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).containsOnlyOnce(202).containsOnly(202, 409);
        } finally {
            callers.shutdownNow();
        }
        await().atMost(Duration.ofMinutes(5)).until(() -> count("SELECT COUNT(*) FROM projection_generation WHERE state = 'BUILDING'") == 0);
        assertThat(count("SELECT COUNT(*) FROM projection_generation")).isEqualTo(generationsBefore + 1);
        assertThat(count("SELECT COUNT(*) FROM projection_generation WHERE state = 'FAILED' AND generation > "
                + (generationsBefore))).as("the rebuild failed").isZero();
        for (String table : GENERATION_TABLES) {
            assertThat(count("SELECT COUNT(*) FROM " + table + " t JOIN projection_generation g ON g.generation = t.generation"
                    + " WHERE g.state IN ('RETIRED', 'FAILED')")).as("%s rows of retired or failed generations", table).isZero();
        }
    }

    private static SessionBooked booked(UUID consultant, UUID session, Instant at) {
        return TestEvents.booked(consultant, session, UUID.randomUUID(), SessionType.PERSONAL, BookingSource.MANUAL,
                at.plus(Duration.ofDays(3)), 150_000, PaymentStatus.PAID, PaymentMethod.UPI, at);
    }

    private int activeGeneration() {
        return database.sql("SELECT generation FROM projection_generation WHERE state = 'ACTIVE'")
                .map(row -> row.get(0, Integer.class)).one().block();
    }

    private long count(String query) {
        return database.sql(query).map(row -> ((Number) row.get(0)).longValue()).one().block();
    }

    private static void sql(Connection connection, String statement) {
        Flux.from(connection.createStatement(statement).execute()).flatMap(result -> result.map((row, meta) -> 1)).blockLast();
    }
}
