package com.nakksha.booking.slots;

import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.AvailabilityBuilder;
import com.nakksha.booking.availability.TimeSpan;
import com.nakksha.booking.consultant.SessionType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Free slots for a 90-day window, the most a public page asks for in one request: a full working
 * week with breaks, a 15-minute grid, buffers, and a calendar filled with bookings.
 * Run: {@code mvn -B -q -pl booking-service -am -Pbenchmark -DskipTests verify}
 * (arguments for JMH in {@code -Djmh.args=...}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SlotComputationBenchmark {

    @Param({"0", "300", "3000"})
    int bookedSessions;

    @Param({"Asia/Kolkata", "America/New_York"})
    String zone;

    private final SlotCalculator calculator = new SlotCalculator();
    private Availability availability;
    private SlotQuery query;
    private List<Occupancy> occupied;
    private Instant now;

    @Setup
    public void setUp() {
        AvailabilityBuilder builder = AvailabilityBuilder.in(zone)
                .interval(Duration.ofMinutes(15))
                .notice(Duration.ofHours(2))
                .advance(Duration.ofDays(120))
                .buffers(Duration.ofMinutes(10), Duration.ofMinutes(10))
                .durations(SessionType.PERSONAL, Duration.ofMinutes(60), Duration.ofMinutes(30));
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            builder.open(day, "09:00", "13:00").open(day, "14:00", "19:00").pause(day, "16:00", "16:30");
        }
        availability = builder.open(DayOfWeek.SATURDAY, "10:00", "14:00").build();
        LocalDate from = LocalDate.of(2027, 2, 1);
        now = from.atStartOfDay(ZoneId.of(zone)).toInstant();
        query = new SlotQuery(from, from.plusDays(89), ZoneId.of("Europe/London"), SessionType.PERSONAL, null);
        Random random = new Random(42);
        occupied = new ArrayList<>();
        long quarterHours = Duration.ofDays(90).toMinutes() / 15;
        for (int i = 0; i < bookedSessions; i++) {
            Instant start = now.plus(Duration.ofMinutes(15 * (long) random.nextInt((int) quarterHours)));
            occupied.add(Occupancy.personal(new TimeSpan(start.minus(Duration.ofMinutes(10)), start.plus(Duration.ofMinutes(70)))));
        }
    }

    @Benchmark
    public List<Slot> ninetyDaysOfSlots() {
        return calculator.freeSlots(availability, query, occupied, now);
    }
}
