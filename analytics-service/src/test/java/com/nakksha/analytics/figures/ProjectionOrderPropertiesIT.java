package com.nakksha.analytics.figures;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nakksha.analytics.AnalyticsApplication;
import com.nakksha.analytics.EventStream;
import com.nakksha.analytics.figures.FiguresRepository.Scope;
import com.nakksha.analytics.projection.Generation;
import com.nakksha.analytics.projection.Projection;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TestInfrastructure.DatabaseAccess;
import com.nakksha.events.BookingSource;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionType;
import com.nakksha.schemas.EventMetadata;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.avro.specific.SpecificRecord;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

import static com.nakksha.analytics.TestEvents.booked;
import static com.nakksha.analytics.TestEvents.captured;
import static com.nakksha.analytics.TestEvents.refunded;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any order and any duplication of an event history give the same fact rows and the same daily
 * figures: each try applies two different shuffles, each with its own duplicates, into two fresh
 * generations of the real projection on the real Postgres and compares them. Live events, which
 * move the day tables by each change instead of recomputing them, leave the same day rows as a
 * recomputation from the facts, in any order.
 */
class ProjectionOrderPropertiesIT {

    private static final List<String> FACT_TABLES = List.of("consultant_fact", "consultant_zone", "session_fact", "client_fact",
            "payment_fact", "refund_fact", "quotation_fact");
    private static final AtomicInteger GENERATIONS = new AtomicInteger(1_000_000 + (int) (System.nanoTime() % 1_000_000));

    private static ConfigurableApplicationContext context;

    @BeforeContainer
    static void start() {
        DatabaseAccess database = TestInfrastructure.provision("analytics");
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.r2dbc.url", database.r2dbcUrl());
        properties.put("spring.r2dbc.username", database.username());
        properties.put("spring.r2dbc.password", database.password());
        properties.put("spring.liquibase.url", database.jdbcUrl());
        properties.put("spring.liquibase.user", database.username());
        properties.put("spring.liquibase.password", database.password());
        properties.put("spring.liquibase.default-schema", database.schema());
        properties.put("spring.kafka.bootstrap-servers", TestInfrastructure.kafka().getBrokersAsString());
        // Only the projection's code is under test here, not the listener.
        properties.put("spring.kafka.listener.auto-startup", "false");
        // As arguments, which outrank the connection defaults service-defaults derives from the service name.
        context = new SpringApplicationBuilder(AnalyticsApplication.class).web(WebApplicationType.NONE)
                .run(properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new));
    }

    @AfterContainer
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Property(tries = 12)
    void anyOrderAndDuplicationGiveTheSameFactsAndFigures(@ForAll long seed, @ForAll long orderA, @ForAll long orderB,
                                                          @ForAll @DoubleRange(min = 0, max = 0.5) double duplicates,
                                                          @ForAll @IntRange(min = 1, max = 12) int sessions) {
        EventStream stream = EventStream.random(seed, 2030, 2, sessions);
        int a = GENERATIONS.incrementAndGet();
        int b = GENERATIONS.incrementAndGet();
        apply(stream.shuffledWithDuplicates(orderA, duplicates), a);
        apply(stream.shuffledWithDuplicates(orderB, duplicates), b);

        for (String table : FACT_TABLES) {
            assertThat(rowsOnlyIn(table, a, b)).as("%s rows of the first order missing from the second", table).isZero();
            assertThat(rowsOnlyIn(table, b, a)).as("%s rows of the second order missing from the first", table).isZero();
        }
        FiguresRepository figures = context.getBean(FiguresRepository.class);
        for (UUID consultant : stream.consultants) {
            TreeMap<java.time.LocalDate, DailyFigures> first = figures.daily(Scope.consultant(a, consultant, ZoneId.of("Asia/Kolkata")),
                    stream.from.minusDays(40), stream.to.plusDays(30)).block();
            TreeMap<java.time.LocalDate, DailyFigures> second = figures.daily(Scope.consultant(b, consultant, ZoneId.of("Asia/Kolkata")),
                    stream.from.minusDays(40), stream.to.plusDays(30)).block();
            assertThat(first).isEqualTo(second);
        }
        delete(a);
        delete(b);
    }

    @Property(tries = 8)
    void liveEventsInAnyOrderLeaveTheDayTablesARecomputationGives(@ForAll long seed, @ForAll long order,
                                                                  @ForAll @DoubleRange(min = 0, max = 0.5) double duplicates,
                                                                  @ForAll @IntRange(min = 40, max = 80) int sessions) {
        // Two prices, ₹500 and ₹1,000, and many sessions: one session's refund often equals another's capture on a day.
        EventStream stream = EventStream.random(seed, 2031, 2, sessions, 2, 50_000);
        Projection projection = context.getBean(Projection.class);
        for (SpecificRecord event : stream.shuffledWithDuplicates(order, duplicates)) {
            projection.applyLiveBatch(List.of(event)).block();
        }
        for (UUID consultant : stream.consultants) {
            assertLiveDayRowsEqualARecomputation(consultant);
        }
    }

    /**
     * The listener applies a poll's events together ({@link Projection#applyLiveBatch}): per consultant one take-away
     * and one add for all the rows the batch changes, however many of its events touch the same session, its
     * payment or a client, and with copies of an event in one batch or across batches. The day tables end as a
     * recomputation gives, and the generation counts each event once.
     */
    @Property(tries = 8)
    void liveEventsInBatchesOfAnySizeLeaveTheDayTablesARecomputationGivesAndCountEachEventOnce(@ForAll long seed, @ForAll long order,
            @ForAll @DoubleRange(min = 0, max = 0.5) double duplicates, @ForAll @IntRange(min = 20, max = 60) int sessions,
            @ForAll @IntRange(min = 1, max = 40) int largestBatch) {
        EventStream stream = EventStream.random(seed, 2033, 3, sessions, 2, 50_000);
        Projection projection = context.getBean(Projection.class);
        List<SpecificRecord> events = stream.shuffledWithDuplicates(order, duplicates);
        long distinct = events.stream().filter(Projection::projects).map(EventMetadata::eventId).distinct().count();
        long countedBefore = eventsApplied();
        Random sizes = new Random(seed);
        for (int from = 0; from < events.size(); ) {
            int to = Math.min(events.size(), from + 1 + sizes.nextInt(largestBatch));
            projection.applyLiveBatch(events.subList(from, to)).block();
            from = to;
        }
        assertThat(eventsApplied() - countedBefore).as("events counted on the generation's row").isEqualTo(distinct);
        for (UUID consultant : stream.consultants) {
            assertLiveDayRowsEqualARecomputation(consultant);
        }
    }

    /**
     * A day's revenue by kind mixes captures and refunds, so its row can sum to zero (and be deleted)
     * while entities still contribute to it; a later change of one of them must still move the day.
     */
    @Example
    void aKindThatSumsToZeroOnADayStillMovesWhenOneOfItsSessionsBecomesKnown() {
        UUID c = UUID.randomUUID();
        UUID refundedSession = UUID.randomUUID();
        UUID capturedSession = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        Instant day = Instant.parse("2032-03-10T06:00:00Z");
        Projection projection = context.getBean(Projection.class);
        // Neither session is known yet: the capture and the refund both count as revenue of kind UNKNOWN, summing to zero.
        projection.applyLiveBatch(List.of(captured(c, UUID.randomUUID(), PayableType.SESSION, capturedSession, 102000, 2407L, 1020L, day))).block();
        projection.applyLiveBatch(List.of(refunded(c, UUID.randomUUID(), PayableType.SESSION, refundedSession, "rfnd_" + UUID.randomUUID(), 102000,
                day.plusSeconds(60)))).block();
        projection.applyLiveBatch(List.of(booked(c, refundedSession, client, SessionType.PERSONAL, BookingSource.PUBLIC, day.plusSeconds(86_400),
                204000, PaymentStatus.PENDING, null, day.minusSeconds(3_600)))).block();

        assertThat(liveDayRows(c)).contains("2032-03-10 kind:UNKNOWN 102000", "2032-03-10 kind:PERSONAL -102000");
        assertLiveDayRowsEqualARecomputation(c);
    }

    private static void assertLiveDayRowsEqualARecomputation(UUID consultant) {
        List<String> live = liveDayRows(consultant);
        context.getBean(Projection.class).recomputeDaily(activeGeneration(), consultant).block();
        assertThat(live).as("consultant %s's day rows moved by live events, against a recomputation from the facts", consultant)
                .isEqualTo(liveDayRows(consultant));
    }

    private static List<String> liveDayRows(UUID consultant) {
        DatabaseClient database = context.getBean(DatabaseClient.class);
        int generation = activeGeneration();
        return database.sql("""
                        SELECT day || ' ' || metric || ' ' || value FROM consultant_daily WHERE generation = :g AND consultant_id = :c
                      UNION ALL
                        SELECT day || ' ' || kind || ' ' || member_id || ' ' || n FROM consultant_day_member
                        WHERE generation = :g AND consultant_id = :c
                        ORDER BY 1""")
                .bind("g", generation)
                .bind("c", consultant)
                .map(row -> row.get(0, String.class))
                .all().collectList().block();
    }

    private static long eventsApplied() {
        return context.getBean(DatabaseClient.class).sql("SELECT events_applied FROM projection_generation WHERE generation = :g")
                .bind("g", activeGeneration())
                .map(row -> row.get(0, Long.class))
                .one().block();
    }

    private static int activeGeneration() {
        return context.getBean(Projection.class).active().map(Generation::generation).blockOptional().orElseThrow();
    }

    private static void apply(List<SpecificRecord> events, int generation) {
        Projection projection = context.getBean(Projection.class);
        for (SpecificRecord event : events) {
            projection.applyToRebuild(event, generation).block();
        }
    }

    private static long rowsOnlyIn(String table, int generation, int other) {
        DatabaseClient database = context.getBean(DatabaseClient.class);
        String columns = String.join(", ", database.sql("""
                        SELECT column_name FROM information_schema.columns
                        WHERE table_schema = current_schema() AND table_name = :table AND column_name <> 'generation'
                        ORDER BY ordinal_position""")
                .bind("table", table)
                .map(row -> row.get(0, String.class))
                .all().collectList().block());
        return database.sql("SELECT COUNT(*) FROM (SELECT " + columns + " FROM " + table + " WHERE generation = :g EXCEPT ALL SELECT "
                        + columns + " FROM " + table + " WHERE generation = :other) x")
                .bind("g", generation)
                .bind("other", other)
                .map(row -> row.get(0, Long.class))
                .one().block();
    }

    private static void delete(int generation) {
        DatabaseClient database = context.getBean(DatabaseClient.class);
        for (String table : FACT_TABLES) {
            database.sql("DELETE FROM " + table + " WHERE generation = :g").bind("g", generation).then().block();
        }
    }
}
