package com.nakksha.booking.slots;

import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.AvailabilityBuilder;
import com.nakksha.booking.availability.TimeRange;
import com.nakksha.booking.availability.TimeSpan;
import com.nakksha.booking.consultant.SessionType;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.InvalidInputException.Violation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SlotCalculatorTest {

    private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final SlotCalculator calculator = new SlotCalculator();

    private List<Slot> slots(Availability availability, LocalDate from, LocalDate to, ZoneId viewer) {
        return slots(availability, from, to, viewer, List.of(), LONG_AGO);
    }

    private List<Slot> slots(Availability availability, LocalDate from, LocalDate to, ZoneId viewer,
                             List<Occupancy> occupied, Instant now) {
        return calculator.freeSlots(availability, new SlotQuery(from, to, viewer, SessionType.PERSONAL, null), occupied, now);
    }

    private static List<String> starts(List<Slot> slots) {
        return slots.stream().map(slot -> slot.start().toString()).toList();
    }

    private static List<String> localStarts(List<Slot> slots) {
        return slots.stream().map(slot -> slot.localStart().toString()).toList();
    }

    @Test
    void stepsThroughEachRangeByTheIntervalWhileTheWholeSessionFits() {
        Availability availability = AvailabilityBuilder.in("Asia/Kolkata").open(DayOfWeek.MONDAY, "09:00", "12:00").build();

        List<Slot> slots = slots(availability, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 1), KOLKATA);

        assertThat(localStarts(slots)).containsExactly("2026-06-01T09:00+05:30", "2026-06-01T09:30+05:30",
                "2026-06-01T10:00+05:30", "2026-06-01T10:30+05:30", "2026-06-01T11:00+05:30");
        assertThat(slots.getFirst().start()).isEqualTo(Instant.parse("2026-06-01T03:30:00Z"));
        assertThat(slots.getFirst().end()).isEqualTo(Instant.parse("2026-06-01T04:30:00Z"));
        assertThat(slots.getFirst().localEnd()).isEqualTo(OffsetDateTime.parse("2026-06-01T10:00+05:30"));
        assertThat(slots.getFirst().seatsLeft()).isNull();
    }

    @Nested
    class DaylightSavingTime {

        @Test
        void newYorkMorningSlotsKeepTheirWallClockTimeAcrossSpringForward() {
            Availability availability = AvailabilityBuilder.in("America/New_York").openEveryDay("09:00", "10:00").build();

            List<Slot> slots = slots(availability, LocalDate.of(2026, 3, 7), LocalDate.of(2026, 3, 9), NEW_YORK);

            assertThat(starts(slots)).containsExactly("2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z");
            assertThat(localStarts(slots)).containsExactly(
                    "2026-03-07T09:00-05:00", "2026-03-08T09:00-04:00", "2026-03-09T09:00-04:00");
        }

        @Test
        void newYorkNightAcrossTheSkippedHourOffersOnlyRealTime() {
            Availability availability = AvailabilityBuilder.in("America/New_York").interval(Duration.ofMinutes(60))
                    .override(LocalDate.of(2026, 3, 8), TimeRange.of("00:00", "04:00")).build();

            List<Slot> slots = slots(availability, LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 8), NEW_YORK);

            assertThat(starts(slots)).containsExactly("2026-03-08T05:00:00Z", "2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z");
            assertThat(localStarts(slots)).containsExactly(
                    "2026-03-08T00:00-05:00", "2026-03-08T01:00-05:00", "2026-03-08T03:00-04:00");
            assertThat(slots).allSatisfy(slot -> assertThat(Duration.between(slot.start(), slot.end())).hasMinutes(60));
        }

        @Test
        void newYorkFallBackNightOffersTheRepeatedHourTwiceWithItsOffsets() {
            Availability availability = AvailabilityBuilder.in("America/New_York").interval(Duration.ofMinutes(60))
                    .override(LocalDate.of(2026, 11, 1), TimeRange.of("00:00", "03:00")).build();

            List<Slot> slots = slots(availability, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 1), NEW_YORK);

            assertThat(localStarts(slots)).containsExactly("2026-11-01T00:00-04:00", "2026-11-01T01:00-04:00",
                    "2026-11-01T01:00-05:00", "2026-11-01T02:00-05:00");
            assertThat(starts(slots)).containsExactly("2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z",
                    "2026-11-01T06:00:00Z", "2026-11-01T07:00:00Z");
        }

        @Test
        void londonSlotsFollowBritishSummerTime() {
            Availability availability = AvailabilityBuilder.in("Europe/London").openEveryDay("09:00", "10:00").build();

            assertThat(starts(slots(availability, LocalDate.of(2026, 3, 28), LocalDate.of(2026, 3, 29), LONDON)))
                    .containsExactly("2026-03-28T09:00:00Z", "2026-03-29T08:00:00Z");
            assertThat(starts(slots(availability, LocalDate.of(2026, 10, 24), LocalDate.of(2026, 10, 25), LONDON)))
                    .containsExactly("2026-10-24T08:00:00Z", "2026-10-25T09:00:00Z");
        }

        @Test
        void londonSpringForwardNightSkipsOneOClock() {
            Availability availability = AvailabilityBuilder.in("Europe/London").interval(Duration.ofMinutes(60))
                    .override(LocalDate.of(2026, 3, 29), TimeRange.of("00:00", "03:00")).build();

            List<Slot> slots = slots(availability, LocalDate.of(2026, 3, 29), LocalDate.of(2026, 3, 29), LONDON);

            assertThat(localStarts(slots)).containsExactly("2026-03-29T00:00Z", "2026-03-29T02:00+01:00");
        }

        @Test
        void kolkataSlotsMoveOnALondonViewersClockWhenLondonChangesButNotInRealTime() {
            Availability availability = AvailabilityBuilder.in("Asia/Kolkata").openEveryDay("10:00", "11:00").build();

            List<Slot> slots = slots(availability, LocalDate.of(2026, 3, 28), LocalDate.of(2026, 3, 29), LONDON);

            assertThat(starts(slots)).containsExactly("2026-03-28T04:30:00Z", "2026-03-29T04:30:00Z");
            assertThat(localStarts(slots)).containsExactly("2026-03-28T04:30Z", "2026-03-29T05:30+01:00");
        }

        @Test
        void newYorkSlotsSeenFromKolkataMoveAnHourEarlierAfterSpringForward() {
            Availability availability = AvailabilityBuilder.in("America/New_York").openEveryDay("09:00", "10:00").build();

            List<Slot> slots = slots(availability, LocalDate.of(2026, 3, 7), LocalDate.of(2026, 3, 9), KOLKATA);

            assertThat(localStarts(slots)).containsExactly(
                    "2026-03-07T19:30+05:30", "2026-03-08T18:30+05:30", "2026-03-09T18:30+05:30");
        }
    }

    @Nested
    class AcrossMidnight {

        private final LocalDate friday = LocalDate.of(2026, 6, 5);
        private final ZoneId utc = ZoneId.of("UTC");

        @Test
        void aFridayNightRangeOffersSlotsIntoSaturday() {
            Availability availability = AvailabilityBuilder.in("UTC").open(DayOfWeek.FRIDAY, "22:00", "02:00").build();

            assertThat(localStarts(slots(availability, friday, friday.plusDays(1), utc))).containsExactly(
                    "2026-06-05T22:00Z", "2026-06-05T22:30Z", "2026-06-05T23:00Z", "2026-06-05T23:30Z",
                    "2026-06-06T00:00Z", "2026-06-06T00:30Z", "2026-06-06T01:00Z");
        }

        @Test
        void aNinetyMinuteSessionFitsAdjacentRangesAcrossMidnight() {
            Availability availability = AvailabilityBuilder.in("UTC").open(DayOfWeek.FRIDAY, "23:00", "24:00")
                    .open(DayOfWeek.SATURDAY, "00:00", "00:30").durations(SessionType.PERSONAL, Duration.ofMinutes(90)).build();

            List<Slot> slots = slots(availability, friday, friday.plusDays(1), utc);

            assertThat(localStarts(slots)).containsExactly("2026-06-05T23:00Z");
            assertThat(slots.getFirst().end()).isEqualTo(Instant.parse("2026-06-06T00:30:00Z"));
        }

        @Test
        void theGridRunsOnAcrossMidnightInsideOneRange() {
            Availability availability = AvailabilityBuilder.in("UTC").open(DayOfWeek.FRIDAY, "22:00", "02:00")
                    .interval(Duration.ofMinutes(45)).build();

            assertThat(localStarts(slots(availability, friday, friday.plusDays(1), utc))).containsExactly(
                    "2026-06-05T22:00Z", "2026-06-05T22:45Z", "2026-06-05T23:30Z", "2026-06-06T00:15Z", "2026-06-06T01:00Z");
        }

        @Test
        void aDayOpenAroundTheClockStartsItsOwnGridAtMidnight() {
            Availability availability = AvailabilityBuilder.in("UTC").open(DayOfWeek.FRIDAY, "23:00", "24:00")
                    .open(DayOfWeek.SATURDAY, "00:00", "24:00").interval(Duration.ofMinutes(45)).build();

            assertThat(localStarts(slots(availability, friday, friday.plusDays(1), utc)).subList(0, 4)).containsExactly(
                    "2026-06-05T23:00Z", "2026-06-05T23:45Z", "2026-06-06T00:00Z", "2026-06-06T00:45Z");
        }

        @Test
        void anOverrideOfEitherDayDecidesItsOwnPart() {
            Availability saturdayOff = AvailabilityBuilder.in("UTC").open(DayOfWeek.FRIDAY, "22:00", "02:00")
                    .override(friday.plusDays(1)).build();
            Availability fridayOff = AvailabilityBuilder.in("UTC").open(DayOfWeek.FRIDAY, "22:00", "02:00")
                    .override(friday).build();
            Availability saturdayOther = AvailabilityBuilder.in("UTC").open(DayOfWeek.FRIDAY, "22:00", "02:00")
                    .override(friday.plusDays(1), TimeRange.of("00:00", "01:00")).build();

            assertThat(localStarts(slots(saturdayOff, friday, friday.plusDays(1), utc)))
                    .containsExactly("2026-06-05T22:00Z", "2026-06-05T22:30Z", "2026-06-05T23:00Z");
            assertThat(localStarts(slots(fridayOff, friday, friday.plusDays(1), utc)))
                    .containsExactly("2026-06-06T00:00Z", "2026-06-06T00:30Z", "2026-06-06T01:00Z");
            assertThat(localStarts(slots(saturdayOther, friday, friday.plusDays(1), utc))).containsExactly(
                    "2026-06-05T22:00Z", "2026-06-05T22:30Z", "2026-06-05T23:00Z", "2026-06-05T23:30Z", "2026-06-06T00:00Z");
        }

        @Test
        void aBreakAfterMidnightIsOnTheNextDaysClock() {
            Availability availability = AvailabilityBuilder.in("UTC").open(DayOfWeek.FRIDAY, "22:00", "03:00")
                    .pause(DayOfWeek.SATURDAY, "00:30", "01:00").interval(Duration.ofMinutes(60)).build();

            assertThat(localStarts(slots(availability, friday, friday.plusDays(1), utc)))
                    .containsExactly("2026-06-05T22:00Z", "2026-06-05T23:00Z", "2026-06-06T01:00Z", "2026-06-06T02:00Z");
        }

        @Test
        void aSpringForwardNightIsAsLongAsTheTimeThatPassesAndAnEdgeInTheGapIsTheJump() {
            Availability availability = AvailabilityBuilder.in("America/New_York").open(DayOfWeek.SATURDAY, "22:00", "02:30")
                    .interval(Duration.ofMinutes(60)).build();

            List<Slot> slots = slots(availability, LocalDate.of(2026, 3, 7), LocalDate.of(2026, 3, 8), NEW_YORK);

            assertThat(localStarts(slots)).containsExactly(
                    "2026-03-07T22:00-05:00", "2026-03-07T23:00-05:00", "2026-03-08T00:00-05:00", "2026-03-08T01:00-05:00");
            assertThat(slots.getLast().localEnd()).isEqualTo(OffsetDateTime.parse("2026-03-08T03:00-04:00"));
        }

        @Test
        void anAutumnFallBackNightOffersBothOneOClocks() {
            Availability availability = AvailabilityBuilder.in("America/New_York").open(DayOfWeek.SATURDAY, "22:00", "02:00")
                    .interval(Duration.ofMinutes(60)).build();

            List<Slot> slots = slots(availability, LocalDate.of(2026, 10, 31), LocalDate.of(2026, 11, 1), NEW_YORK);

            assertThat(localStarts(slots)).containsExactly("2026-10-31T22:00-04:00", "2026-10-31T23:00-04:00",
                    "2026-11-01T00:00-04:00", "2026-11-01T01:00-04:00", "2026-11-01T01:00-05:00");
            assertThat(starts(slots)).containsExactly("2026-11-01T02:00:00Z", "2026-11-01T03:00:00Z",
                    "2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z", "2026-11-01T06:00:00Z");
        }
    }

    @Test
    void theAdvanceWindowRunsToTheEndOfItsLastCalendarDayInTheConsultantsZone() {
        Availability availability = AvailabilityBuilder.in("Asia/Kolkata").openEveryDay("09:00", "24:00")
                .interval(Duration.ofMinutes(60)).advance(Duration.ofDays(1)).build();
        Instant eightPmInKolkata = Instant.parse("2026-06-01T14:30:00Z");

        List<Slot> slots = slots(availability, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 5), KOLKATA, List.of(),
                eightPmInKolkata);

        assertThat(localStarts(slots)).first().isEqualTo("2026-06-01T20:00+05:30");
        assertThat(localStarts(slots)).last().isEqualTo("2026-06-02T23:00+05:30");
        assertThat(availability.bookableUntil(eightPmInKolkata)).isEqualTo(Instant.parse("2026-06-02T18:30:00Z"));
    }

    @Test
    void theRequestedDaysAreTheViewersDays() {
        Availability availability = AvailabilityBuilder.in("Asia/Kolkata").openEveryDay("09:00", "10:00")
                .interval(Duration.ofMinutes(60)).build();

        List<Slot> slots = slots(availability, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 1), NEW_YORK);

        assertThat(starts(slots)).containsExactly("2026-06-02T03:30:00Z");
        assertThat(localStarts(slots)).containsExactly("2026-06-01T23:30-04:00");
    }

    @Test
    void leavesOutBookedTimeIncludingBothSessionsBuffers() {
        Availability availability = AvailabilityBuilder.in("UTC").open(DayOfWeek.MONDAY, "09:00", "14:00")
                .buffers(Duration.ofMinutes(15), Duration.ofMinutes(15)).build();
        Occupancy booked = Occupancy.personal(availability.blockedBy(Instant.parse("2026-06-01T10:00:00Z"), Duration.ofHours(1)));

        List<Slot> slots = slots(availability, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 1), ZoneId.of("UTC"),
                List.of(booked), LONG_AGO);

        assertThat(starts(slots)).containsExactly("2026-06-01T11:30:00Z", "2026-06-01T12:00:00Z", "2026-06-01T12:30:00Z",
                "2026-06-01T13:00:00Z");
    }

    @Test
    void aShortSessionCannotSitInsideALongerOne() {
        Availability availability = AvailabilityBuilder.in("UTC").open(DayOfWeek.MONDAY, "09:00", "12:00")
                .durations(SessionType.PERSONAL, Duration.ofMinutes(30), Duration.ofMinutes(60)).build();
        Occupancy hour = Occupancy.personal(availability.blockedBy(Instant.parse("2026-06-01T10:00:00Z"), Duration.ofHours(1)));

        List<Slot> halfHours = calculator.freeSlots(availability, new SlotQuery(LocalDate.of(2026, 6, 1),
                LocalDate.of(2026, 6, 1), ZoneId.of("UTC"), SessionType.PERSONAL, Duration.ofMinutes(30)), List.of(hour), LONG_AGO);

        assertThat(starts(halfHours)).containsExactly("2026-06-01T09:00:00Z", "2026-06-01T09:30:00Z", "2026-06-01T11:00:00Z",
                "2026-06-01T11:30:00Z");
    }

    @Test
    void leavesOutThePastAndTheMinimumNotice() {
        Availability availability = AvailabilityBuilder.in("UTC").open(DayOfWeek.MONDAY, "09:00", "17:00")
                .notice(Duration.ofHours(2)).build();
        Instant now = Instant.parse("2026-06-01T10:10:00Z");

        List<Slot> slots = slots(availability, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 1), ZoneId.of("UTC"), List.of(), now);

        assertThat(starts(slots)).first().isEqualTo("2026-06-01T12:30:00Z");
        assertThat(starts(slots)).last().isEqualTo("2026-06-01T16:00:00Z");
    }

    @Test
    void leavesOutWhatIsBeyondTheAdvanceWindow() {
        Availability availability = AvailabilityBuilder.in("UTC").openEveryDay("09:00", "10:00")
                .advance(Duration.ofDays(3)).build();
        Instant now = Instant.parse("2026-06-01T09:00:00Z");

        List<Slot> slots = slots(availability, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 30), ZoneId.of("UTC"), List.of(), now);

        assertThat(starts(slots)).containsExactly("2026-06-01T09:00:00Z", "2026-06-02T09:00:00Z", "2026-06-03T09:00:00Z",
                "2026-06-04T09:00:00Z");
    }

    @Test
    void refusesRangesOverNinetyTwoDaysOrBackwards() {
        InvalidInputException tooLong = catchThrowableOfType(InvalidInputException.class, () -> new SlotQuery(
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 3), KOLKATA, SessionType.PERSONAL, null));
        InvalidInputException backwards = catchThrowableOfType(InvalidInputException.class, () -> new SlotQuery(
                LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 1), KOLKATA, SessionType.PERSONAL, null));

        assertThat(tooLong.violations()).containsExactly(new Violation("to", "the range may cover at most 92 days"));
        assertThat(backwards.violations()).extracting(Violation::field).containsExactly("to");
        assertThat(new SlotQuery(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 2), KOLKATA, SessionType.PERSONAL, null))
                .isNotNull();
    }

    @Test
    void refusesADurationTheConsultantDoesNotOffer() {
        Availability availability = AvailabilityBuilder.in("UTC").openEveryDay("09:00", "10:00").build();
        SlotQuery query = new SlotQuery(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 1), KOLKATA, SessionType.PERSONAL,
                Duration.ofMinutes(45));

        InvalidInputException invalid = catchThrowableOfType(InvalidInputException.class,
                () -> calculator.freeSlots(availability, query, List.of(), LONG_AGO));

        assertThat(invalid.violations()).containsExactly(new Violation("durationMinutes", "must be one of 60 for PERSONAL"));
    }

    @Nested
    class Webinars {

        private final Availability availability = AvailabilityBuilder.in("UTC").open(DayOfWeek.MONDAY, "09:00", "12:00")
                .interval(Duration.ofMinutes(60)).seats(3).build();
        private final Instant ten = Instant.parse("2026-06-01T10:00:00Z");

        private List<Slot> webinarSlots(List<Occupancy> occupied) {
            return calculator.freeSlots(availability, new SlotQuery(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 1),
                    ZoneId.of("UTC"), SessionType.WEBINAR, null), occupied, LONG_AGO);
        }

        @Test
        void anEmptySlotOffersAllSeats() {
            assertThat(webinarSlots(List.of())).extracting(Slot::seatsLeft).containsExactly(3, 3, 3);
        }

        @Test
        void aStartedOccurrenceOffersTheSeatsLeftUntilItIsFull() {
            Occupancy twoLeft = Occupancy.webinar(availability.blockedBy(ten, Duration.ofHours(1)), ten, Duration.ofHours(1), 2);
            Occupancy full = Occupancy.webinar(availability.blockedBy(ten, Duration.ofHours(1)), ten, Duration.ofHours(1), 0);

            assertThat(webinarSlots(List.of(twoLeft))).extracting(Slot::seatsLeft).containsExactly(3, 2, 3);
            assertThat(starts(webinarSlots(List.of(full)))).containsExactly("2026-06-01T09:00:00Z", "2026-06-01T11:00:00Z");
        }

        @Test
        void anOccurrenceBlocksPersonalSessionsAndOtherWebinarsAroundIt() {
            Instant halfPastNine = Instant.parse("2026-06-01T09:30:00Z");
            Occupancy webinar = Occupancy.webinar(availability.blockedBy(halfPastNine, Duration.ofHours(1)), halfPastNine,
                    Duration.ofHours(1), 2);

            assertThat(starts(webinarSlots(List.of(webinar)))).containsExactly("2026-06-01T11:00:00Z");
            assertThat(starts(slots(availability, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 1), ZoneId.of("UTC"),
                    List.of(webinar), LONG_AGO))).containsExactly("2026-06-01T11:00:00Z");
        }

        @Test
        void aPersonalSessionBlocksAWebinarSlot() {
            Occupancy personal = Occupancy.personal(new TimeSpan(ten, ten.plusSeconds(1800)));

            assertThat(starts(webinarSlots(List.of(personal)))).containsExactly("2026-06-01T09:00:00Z", "2026-06-01T11:00:00Z");
        }
    }

    @Test
    void findsTheSlotAtAGivenStartOnlyWhenTheRulesOfferIt() {
        Availability availability = AvailabilityBuilder.in("Asia/Kolkata").open(DayOfWeek.MONDAY, "09:00", "12:00").build();
        Instant nineThirty = Instant.parse("2026-06-01T04:00:00Z");

        assertThat(calculator.slotAt(availability, SessionType.PERSONAL, null, nineThirty, List.of(), LONG_AGO))
                .hasValueSatisfying(slot -> assertThat(slot.localStart()).isEqualTo(OffsetDateTime.parse("2026-06-01T09:30+05:30")));
        assertThat(calculator.slotAt(availability, SessionType.PERSONAL, null, nineThirty.plusSeconds(600), List.of(), LONG_AGO))
                .isEmpty();
        assertThat(calculator.slotAt(availability, SessionType.PERSONAL, null, nineThirty.plusSeconds(7200), List.of(), LONG_AGO))
                .isEmpty();
        assertThat(calculator.slotAt(availability, SessionType.PERSONAL, null, nineThirty, List.of(),
                nineThirty.plusSeconds(1))).isEmpty();
    }

    @Test
    void offersATimeForAnyLengthThatFitsTheHoursBreaksOverridesNoticeAndWindow() {
        LocalDate monday = LocalDate.of(2026, 6, 1);
        Availability availability = AvailabilityBuilder.in("Asia/Kolkata").open(DayOfWeek.MONDAY, "09:00", "17:00")
                .pause(DayOfWeek.MONDAY, "13:00", "14:00")
                .override(monday.plusWeeks(1))
                .notice(Duration.ofHours(2)).advance(Duration.ofDays(30)).build();
        Instant now = monday.atTime(8, 0).atZone(KOLKATA).toInstant();
        Duration fortyFive = Duration.ofMinutes(45);

        assertThat(offers(availability, monday.atTime(10, 0), fortyFive, now)).as("in hours, a length not listed").isTrue();
        assertThat(offers(availability, monday.atTime(16, 0), Duration.ofMinutes(60), now)).as("ends at closing").isTrue();
        assertThat(offers(availability, monday.atTime(16, 30), Duration.ofMinutes(60), now)).as("runs past closing").isFalse();
        assertThat(offers(availability, monday.atTime(8, 30), fortyFive, now)).as("before opening").isFalse();
        assertThat(offers(availability, monday.atTime(12, 30), fortyFive, now)).as("runs into the break").isFalse();
        assertThat(offers(availability, monday.atTime(14, 0), fortyFive, now)).as("after the break").isTrue();
        assertThat(offers(availability, monday.atTime(9, 30), fortyFive, now)).as("inside the minimum notice").isFalse();
        assertThat(offers(availability, monday.atTime(10, 10), fortyFive, now)).as("off the slot grid").isFalse();
        assertThat(offers(availability, monday.plusWeeks(1).atTime(10, 0), fortyFive, now)).as("a day off by override").isFalse();
        assertThat(offers(availability, monday.plusWeeks(2).atTime(10, 0), fortyFive, now)).as("inside the window").isTrue();
        assertThat(offers(availability, monday.plusWeeks(5).atTime(10, 0), fortyFive, now)).as("beyond the window").isFalse();
    }

    private boolean offers(Availability availability, LocalDateTime local, Duration duration, Instant now) {
        return calculator.offersTimeFor(availability, SessionType.PERSONAL, duration, local.atZone(KOLKATA).toInstant(), now);
    }
}
