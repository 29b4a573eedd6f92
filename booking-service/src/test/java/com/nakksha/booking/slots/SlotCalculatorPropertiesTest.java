package com.nakksha.booking.slots;

import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.Opening;
import com.nakksha.booking.availability.TimeRange;
import com.nakksha.booking.availability.TimeSpan;
import com.nakksha.booking.consultant.SessionType;
import com.nakksha.defaults.problem.InvalidInputException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The slot rules, checked on random schedules, zones, clocks and bookings around the 2026 clock changes. */
class SlotCalculatorPropertiesTest {

    private static final List<String> ZONES = List.of("UTC", "America/New_York", "Europe/London", "Asia/Kolkata",
            "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham");
    private static final List<LocalDate> NEAR_CLOCK_CHANGES = List.of(LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 27),
            LocalDate.of(2026, 10, 23), LocalDate.of(2026, 10, 30), LocalDate.of(2026, 4, 3), LocalDate.of(2026, 9, 25));

    private final SlotCalculator calculator = new SlotCalculator();

    record Terms(Duration notice, Duration advance, Duration before, Duration after, Duration interval,
                 List<Duration> personal, List<Duration> webinar, int seats) {
    }

    record Window(LocalDate from, int days, ZoneId viewer) {
        LocalDate to() {
            return from.plusDays(days - 1);
        }
    }

    record Scenario(Availability availability, SlotQuery query, List<Occupancy> occupied, Instant now) {
        Duration duration() {
            return query.duration() != null ? query.duration() : availability.defaultDuration(query.type());
        }
    }

    @Property(tries = 400)
    void everySlotKeepsEveryRule(@ForAll("scenarios") Scenario scenario) {
        Availability availability = scenario.availability();
        Duration duration = scenario.duration();
        Instant earliest = scenario.now().plus(availability.minimumNotice());
        Instant until = availability.bookableUntil(scenario.now());

        List<Slot> slots = calculator.freeSlots(availability, scenario.query(), scenario.occupied(), scenario.now());

        for (Slot slot : slots) {
            assertThat(Duration.between(slot.start(), slot.end())).isEqualTo(duration);
            assertThat(slot.start()).isAfterOrEqualTo(scenario.query().windowStart()).isBefore(scenario.query().windowEnd());
            assertThat(slot.start()).isAfterOrEqualTo(earliest).isBefore(until);
            assertThat(slot.start().atZone(availability.timeZone()).toLocalDate())
                    .isBeforeOrEqualTo(scenario.now().atZone(availability.timeZone()).toLocalDate()
                            .plusDays(availability.maximumAdvance().toDays()));
            assertThat(insideWorkingHours(availability, new TimeSpan(slot.start(), slot.end())))
                    .as("%s inside working hours", slot).isTrue();
            assertThat(slot.localStart().toInstant()).isEqualTo(slot.start());
            assertThat(slot.localEnd().toInstant()).isEqualTo(slot.end());
            assertThat(slot.localStart().getOffset())
                    .isEqualTo(scenario.query().viewerZone().getRules().getOffset(slot.start()));
            TimeSpan blocked = availability.blockedBy(slot.start(), duration);
            for (Occupancy occupancy : scenario.occupied()) {
                if (occupancy.blocked().overlaps(blocked)) {
                    assertThat(scenario.query().type()).isEqualTo(SessionType.WEBINAR);
                    assertThat(occupancy.webinar()).isNotNull();
                    assertThat(occupancy.webinar().start()).isEqualTo(slot.start());
                    assertThat(occupancy.webinar().seatsLeft()).isPositive();
                }
            }
        }
    }

    @Property(tries = 400)
    void slotsAreExactlyTheGridStartsThatKeepTheRules(@ForAll("scenarios") Scenario scenario) {
        List<Slot> slots = calculator.freeSlots(scenario.availability(), scenario.query(), scenario.occupied(), scenario.now());

        assertThat(slots).extracting(slot -> slot.start() + "/" + slot.seatsLeft())
                .containsExactlyElementsOf(naiveSlots(scenario));
    }

    @Property(tries = 200)
    void theViewersZoneChangesOnlyHowTheSameInstantsAreShown(@ForAll("scenarios") Scenario scenario,
                                                             @ForAll("zones") ZoneId otherViewer) {
        SlotQuery query = scenario.query();
        SlotQuery elsewhere = new SlotQuery(query.from().minusDays(1), query.to().plusDays(1), otherViewer, query.type(),
                query.duration());

        List<Instant> here = starts(calculator.freeSlots(scenario.availability(), query, scenario.occupied(), scenario.now()));
        List<Instant> there = starts(calculator.freeSlots(scenario.availability(), elsewhere, scenario.occupied(), scenario.now()))
                .stream().filter(start -> !start.isBefore(query.windowStart()) && start.isBefore(query.windowEnd())).toList();

        assertThat(there).isEqualTo(here);
    }

    @Property(tries = 300)
    void bookingASlotRemovesItAndOnlyTheSlotsItWouldOverlap(@ForAll("scenarios") Scenario scenario,
                                                            @ForAll @IntRange(min = 0, max = 1000) int pick) {
        SlotQuery query = new SlotQuery(scenario.query().from(), scenario.query().to(), scenario.query().viewerZone(),
                SessionType.PERSONAL, null);
        Availability availability = scenario.availability();
        Duration duration = availability.defaultDuration(SessionType.PERSONAL);
        List<Slot> before = calculator.freeSlots(availability, query, scenario.occupied(), scenario.now());
        if (before.isEmpty()) {
            return;
        }
        Slot booked = before.get(pick % before.size());
        TimeSpan taken = availability.blockedBy(booked.start(), duration);
        List<Occupancy> occupied = new ArrayList<>(scenario.occupied());
        occupied.add(Occupancy.personal(taken));

        List<Slot> after = calculator.freeSlots(availability, query, occupied, scenario.now());

        assertThat(after).doesNotContain(booked);
        assertThat(after).containsExactlyElementsOf(before.stream()
                .filter(slot -> !availability.blockedBy(slot.start(), duration).overlaps(taken)).toList());
    }

    @Property(tries = 200)
    void onDaysWithoutAClockChangeWorkingHoursAreTheWallClockHours(@ForAll("scenarios") Scenario scenario) {
        Availability availability = scenario.availability();
        ZoneId zone = availability.timeZone();
        for (LocalDate date = scenario.query().from(); !date.isAfter(scenario.query().to()); date = date.plusDays(1)) {
            LocalDate day = date;
            ZoneOffset offset = zone.getRules().getOffset(day.atStartOfDay());
            boolean steady = zone.getRules().getOffset(day.plusDays(1).atStartOfDay()).equals(offset)
                    && zone.getRules().getTransitions().stream().noneMatch(t -> t.getDateTimeBefore().toLocalDate().equals(day));
            if (!steady) {
                continue;
            }
            assertThat(availability.workingSpans(date)).containsExactlyElementsOf(availability.hoursOn(date).stream()
                    .map(range -> new TimeSpan(range.startOn(day).toInstant(offset), range.endOn(day).toInstant(offset)))
                    .toList());
        }
    }

    @Property(tries = 200)
    void aDatesGridAndReachDoNotDependOnTheDaysAsked(@ForAll("scenarios") Scenario scenario) {
        Availability availability = scenario.availability();
        LocalDate from = scenario.query().from();
        LocalDate to = scenario.query().to();
        Duration longest = Duration.ofHours(12);
        List<String> together = availability.openings(from, to).stream().map(o -> describe(o, longest)).toList();
        List<String> dayByDay = new ArrayList<>();
        for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
            availability.openings(date, date).forEach(o -> dayByDay.add(describe(o, longest)));
        }

        assertThat(dayByDay).isEqualTo(together);
    }

    private static String describe(Opening opening, Duration longest) {
        Instant cap = opening.span().start().plus(longest);
        return opening.span() + " grid " + opening.gridStart() + " reach " + (opening.reach().isAfter(cap) ? cap : opening.reach());
    }

    @Property(tries = 200)
    void rangesOverNinetyTwoDaysAreRefused(@ForAll("days") LocalDate from, @ForAll @IntRange(min = 1, max = 400) int days,
                                           @ForAll("zones") ZoneId viewer) {
        if (days > SlotQuery.MAX_DAYS) {
            assertThatThrownBy(() -> new SlotQuery(from, from.plusDays(days - 1), viewer, SessionType.PERSONAL, null))
                    .isInstanceOf(InvalidInputException.class);
        } else {
            assertThat(new SlotQuery(from, from.plusDays(days - 1), viewer, SessionType.PERSONAL, null).windowEnd())
                    .isAfter(from.atStartOfDay(viewer).toInstant());
        }
    }

    /** Whether the slot lies in working time that runs without a gap, joining the hours of neighbouring dates. */
    private static boolean insideWorkingHours(Availability availability, TimeSpan slot) {
        LocalDate date = slot.start().atZone(availability.timeZone()).toLocalDate();
        Instant covered = null;
        for (LocalDate candidate = date.minusDays(1); !candidate.isAfter(date.plusDays(1)); candidate = candidate.plusDays(1)) {
            for (TimeSpan span : availability.workingSpans(candidate)) {
                if (covered != null && span.start().equals(covered)) {
                    covered = span.end();
                } else if (!span.start().isAfter(slot.start()) && span.end().isAfter(slot.start())) {
                    covered = span.end();
                }
            }
        }
        return covered != null && !covered.isBefore(slot.end());
    }

    /** Every candidate checked against every occupancy, with no index: the definition the calculator must match. */
    private static List<String> naiveSlots(Scenario scenario) {
        Availability availability = scenario.availability();
        SlotQuery query = scenario.query();
        Duration duration = scenario.duration();
        Set<Instant> seen = new HashSet<>();
        Map<Instant, String> found = new TreeMap<>();
        LocalDate first = query.windowStart().atZone(availability.timeZone()).toLocalDate().minusDays(2);
        LocalDate last = query.windowEnd().atZone(availability.timeZone()).toLocalDate().plusDays(2);
        for (Opening opening : availability.openings(first, last)) {
            TimeSpan span = opening.span();
            for (Instant start = opening.gridStart(); start.isBefore(span.end()); start = start.plus(availability.slotInterval())) {
                if (start.isBefore(span.start()) || start.plus(duration).isAfter(opening.reach())
                        || start.isBefore(query.windowStart()) || !start.isBefore(query.windowEnd())
                        || start.isBefore(scenario.now().plus(availability.minimumNotice()))
                        || !start.isBefore(availability.bookableUntil(scenario.now()))
                        || !seen.add(start)) {
                    continue;
                }
                int seats = query.type() == SessionType.WEBINAR ? availability.webinarSeats() : 1;
                TimeSpan blocked = availability.blockedBy(start, duration);
                for (Occupancy occupancy : scenario.occupied()) {
                    if (!occupancy.blocked().overlaps(blocked)) {
                        continue;
                    }
                    boolean joins = query.type() == SessionType.WEBINAR && occupancy.webinar() != null
                            && occupancy.webinar().start().equals(start) && occupancy.webinar().duration().equals(duration);
                    seats = joins ? Math.min(seats, Math.max(0, occupancy.webinar().seatsLeft())) : 0;
                }
                if (seats > 0) {
                    found.put(start, start + "/" + (query.type() == SessionType.WEBINAR ? seats : null));
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    private static List<Instant> starts(List<Slot> slots) {
        return slots.stream().map(Slot::start).toList();
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES).map(ZoneId::of);
    }

    @Provide
    Arbitrary<LocalDate> days() {
        return Arbitraries.oneOf(Arbitraries.of(NEAR_CLOCK_CHANGES),
                Arbitraries.integers().between(0, 364).map(day -> LocalDate.of(2026, 1, 1).plusDays(day)));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(zones(), weekly(), breaks(), terms(), windows())
                .flatAs((zone, weekly, breaks, terms, window) -> Combinators.combine(
                                overrides(window), nowFor(window), personalOccupied(window), Arbitraries.of(SessionType.values()),
                                Arbitraries.integers().between(0, 3))
                        .flatAs((overrides, now, personal, type, durationPick) -> {
                            Map<SessionType, List<Duration>> durations = Map.of(
                                    SessionType.PERSONAL, terms.personal(), SessionType.WEBINAR, terms.webinar());
                            Availability availability = new Availability(zone, weekly, breaks, overrides, terms.notice(),
                                    terms.advance(), terms.before(), terms.after(), terms.interval(), durations, terms.seats(), Map.of());
                            List<Duration> offered = durations.get(type);
                            Duration duration = durationPick == 0 ? null : offered.get(durationPick % offered.size());
                            SlotQuery query = new SlotQuery(window.from(), window.to(), window.viewer(), type, duration);
                            return webinarOccupied(availability, window).map(webinars -> {
                                List<Occupancy> occupied = new ArrayList<>(personal);
                                occupied.addAll(webinars);
                                return new Scenario(availability, query, occupied, now);
                            });
                        }));
    }

    private Arbitrary<List<TimeRange>> dayHours(int maxRanges) {
        return Arbitraries.integers().between(0, 96).set().ofMaxSize(maxRanges * 2).map(quarters -> {
            List<Integer> sorted = quarters.stream().sorted().toList();
            List<TimeRange> ranges = new ArrayList<>();
            for (int i = 0; i + 1 < sorted.size(); i += 2) {
                ranges.add(new TimeRange(quarterHour(sorted.get(i)), quarterHour(sorted.get(i + 1))));
            }
            return ranges;
        });
    }

    private static LocalTime quarterHour(int quarter) {
        return quarter == 96 ? LocalTime.MIDNIGHT : LocalTime.of(quarter / 4, quarter % 4 * 15);
    }

    /** Weekly hours where some days end with a range past midnight, up to the next day's first hour. */
    private Arbitrary<Map<DayOfWeek, List<TimeRange>>> weekly() {
        return Combinators.combine(dayHours(3).list().ofSize(7),
                        Arbitraries.integers().between(-8, 12).list().ofSize(7))
                .as((days, spills) -> {
                    List<List<TimeRange>> withNights = new ArrayList<>();
                    for (int i = 0; i < 7; i++) {
                        List<TimeRange> today = days.get(i);
                        List<TimeRange> tomorrow = days.get((i + 1) % 7);
                        int lastEnd = today.isEmpty() ? 88 : quarterOf(today.getLast().end(), true);
                        int nextStart = tomorrow.isEmpty() ? 96 : quarterOf(tomorrow.getFirst().start(), false);
                        int spill = Math.min(spills.get(i), nextStart);
                        List<TimeRange> ranges = new ArrayList<>(today);
                        if (spill > 0 && lastEnd < 96 && spill < lastEnd) {
                            ranges.add(new TimeRange(quarterHour(lastEnd), quarterHour(spill)));
                        }
                        withNights.add(ranges);
                    }
                    return byDay(withNights);
                });
    }

    private static int quarterOf(LocalTime time, boolean end) {
        int quarter = time.toSecondOfDay() / (15 * 60);
        return end && quarter == 0 ? 96 : quarter;
    }

    private Arbitrary<Map<DayOfWeek, List<TimeRange>>> breaks() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(List.<TimeRange>of())),
                        net.jqwik.api.Tuple.of(1, dayHours(2)))
                .list().ofSize(7).map(SlotCalculatorPropertiesTest::byDay);
    }

    private static Map<DayOfWeek, List<TimeRange>> byDay(List<List<TimeRange>> days) {
        Map<DayOfWeek, List<TimeRange>> byDay = new EnumMap<>(DayOfWeek.class);
        for (int i = 0; i < 7; i++) {
            byDay.put(DayOfWeek.of(i + 1), days.get(i));
        }
        return byDay;
    }

    private Arbitrary<Terms> terms() {
        Arbitrary<Duration> minutes = Arbitraries.of(15, 30, 45, 60, 90, 120).map(Duration::ofMinutes);
        return Combinators.combine(
                Arbitraries.integers().between(0, 96).map(halfHours -> Duration.ofMinutes(30L * halfHours)),
                Arbitraries.integers().between(1, 120).map(Duration::ofDays),
                Arbitraries.integers().between(0, 12).map(fives -> Duration.ofMinutes(5L * fives)),
                Arbitraries.integers().between(0, 12).map(fives -> Duration.ofMinutes(5L * fives)),
                Arbitraries.of(5, 10, 15, 20, 30, 45, 60, 90).map(Duration::ofMinutes),
                minutes.set().ofMinSize(1).ofMaxSize(3).map(List::copyOf),
                minutes.set().ofMinSize(1).ofMaxSize(2).map(List::copyOf),
                Arbitraries.integers().between(1, 5)).as(Terms::new);
    }

    private Arbitrary<Window> windows() {
        return Combinators.combine(days(), Arbitraries.integers().between(1, 10), zones()).as(Window::new);
    }

    private Arbitrary<Map<LocalDate, List<TimeRange>>> overrides(Window window) {
        return Combinators.combine(Arbitraries.integers().between(0, window.days() - 1), dayHours(2))
                .as((offset, hours) -> Map.entry(window.from().plusDays(offset), hours))
                .list().ofMaxSize(3)
                .map(entries -> {
                    Map<LocalDate, List<TimeRange>> byDate = new TreeMap<>();
                    entries.forEach(entry -> byDate.put(entry.getKey(), entry.getValue()));
                    return byDate;
                });
    }

    private Arbitrary<Instant> nowFor(Window window) {
        Instant start = window.from().atStartOfDay(ZoneOffset.UTC).toInstant();
        return Arbitraries.longs().between(-6L * 24 * 3600, window.days() * 24L * 3600)
                .map(start::plusSeconds);
    }

    private Arbitrary<List<Occupancy>> personalOccupied(Window window) {
        Instant start = window.from().atStartOfDay(ZoneOffset.UTC).toInstant();
        return Combinators.combine(
                        Arbitraries.integers().between(-24 * 60, (window.days() + 1) * 24 * 60),
                        Arbitraries.integers().between(15, 240))
                .as((offset, length) -> Occupancy.personal(new TimeSpan(start.plusSeconds(60L * offset),
                        start.plusSeconds(60L * (offset + length)))))
                .list().ofMaxSize(8);
    }

    private Arbitrary<List<Occupancy>> webinarOccupied(Availability availability, Window window) {
        List<Duration> durations = availability.durations().get(SessionType.WEBINAR);
        Instant start = window.from().atStartOfDay(ZoneOffset.UTC).toInstant();
        return Combinators.combine(
                        Arbitraries.integers().between(-4 * 24, (window.days() + 1) * 4 * 24),
                        Arbitraries.of(durations),
                        Arbitraries.integers().between(0, 3))
                .as((quarter, duration, seatsLeft) -> {
                    Instant begins = start.plusSeconds(15L * 60 * quarter);
                    return Occupancy.webinar(availability.blockedBy(begins, duration), begins, duration, seatsLeft);
                })
                .list().ofMaxSize(2);
    }
}
