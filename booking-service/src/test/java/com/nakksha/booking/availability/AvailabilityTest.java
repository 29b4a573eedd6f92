package com.nakksha.booking.availability;

import com.nakksha.booking.consultant.SessionType;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.InvalidInputException.Violation;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AvailabilityTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 6, 1);

    @Test
    void breaksAreTakenOutOfTheirWeekdayOnly() {
        Availability availability = AvailabilityBuilder.in("Asia/Kolkata")
                .open(DayOfWeek.MONDAY, "09:00", "13:00")
                .open(DayOfWeek.MONDAY, "14:00", "18:00")
                .open(DayOfWeek.TUESDAY, "09:00", "18:00")
                .pause(DayOfWeek.MONDAY, "11:00", "11:30")
                .pause(DayOfWeek.MONDAY, "12:30", "14:30")
                .build();

        assertThat(availability.hoursOn(MONDAY)).containsExactly(
                TimeRange.of("09:00", "11:00"), TimeRange.of("11:30", "12:30"), TimeRange.of("14:30", "18:00"));
        assertThat(availability.hoursOn(MONDAY.plusDays(1))).containsExactly(TimeRange.of("09:00", "18:00"));
        assertThat(availability.hoursOn(MONDAY.plusDays(2))).isEmpty();
    }

    @Test
    void aDateOverrideReplacesTheDayAsADayOffOrOtherHours() {
        Availability availability = AvailabilityBuilder.in("Asia/Kolkata")
                .openEveryDay("09:00", "17:00")
                .pause(DayOfWeek.MONDAY, "12:00", "13:00")
                .override(MONDAY)
                .override(MONDAY.plusWeeks(1), TimeRange.of("18:00", "24:00"))
                .build();

        assertThat(availability.hoursOn(MONDAY)).isEmpty();
        assertThat(availability.hoursOn(MONDAY.plusWeeks(1))).containsExactly(TimeRange.of("18:00", "24:00"));
        assertThat(availability.hoursOn(MONDAY.plusWeeks(2)))
                .containsExactly(TimeRange.of("09:00", "12:00"), TimeRange.of("13:00", "17:00"));
    }

    @Test
    void kolkataHoursAreFiveAndAHalfHoursAheadOfUtc() {
        Availability availability = AvailabilityBuilder.in("Asia/Kolkata").openEveryDay("09:00", "17:00").build();

        assertThat(availability.workingSpans(MONDAY)).containsExactly(
                new TimeSpan(Instant.parse("2026-06-01T03:30:00Z"), Instant.parse("2026-06-01T11:30:00Z")));
    }

    @Test
    void newYorkSpringForwardDayKeepsWallClockHoursAndLosesTheSkippedHour() {
        Availability availability = AvailabilityBuilder.in("America/New_York").openEveryDay("09:00", "17:00")
                .override(LocalDate.of(2026, 3, 8), TimeRange.of("00:00", "04:00"))
                .build();

        assertThat(availability.workingSpans(LocalDate.of(2026, 3, 7))).containsExactly(
                new TimeSpan(Instant.parse("2026-03-07T14:00:00Z"), Instant.parse("2026-03-07T22:00:00Z")));
        assertThat(availability.workingSpans(LocalDate.of(2026, 3, 8))).containsExactly(
                new TimeSpan(Instant.parse("2026-03-08T05:00:00Z"), Instant.parse("2026-03-08T08:00:00Z")));
        assertThat(availability.workingSpans(LocalDate.of(2026, 3, 9))).containsExactly(
                new TimeSpan(Instant.parse("2026-03-09T13:00:00Z"), Instant.parse("2026-03-09T21:00:00Z")));
    }

    @Test
    void aRangeStartingInsideTheSkippedHourStartsWhenTheClockJumps() {
        Availability availability = AvailabilityBuilder.in("America/New_York")
                .override(LocalDate.of(2026, 3, 8), TimeRange.of("02:30", "05:00"), TimeRange.of("01:00", "02:15"))
                .build();

        assertThat(availability.workingSpans(LocalDate.of(2026, 3, 8))).containsExactly(
                new TimeSpan(Instant.parse("2026-03-08T06:00:00Z"), Instant.parse("2026-03-08T07:00:00Z")),
                new TimeSpan(Instant.parse("2026-03-08T07:00:00Z"), Instant.parse("2026-03-08T09:00:00Z")));
    }

    @Test
    void aRangeEntirelyInsideTheSkippedHourIsEmpty() {
        Availability availability = AvailabilityBuilder.in("America/New_York")
                .override(LocalDate.of(2026, 3, 8), TimeRange.of("02:00", "02:59"))
                .build();

        assertThat(availability.workingSpans(LocalDate.of(2026, 3, 8))).isEmpty();
    }

    @Test
    void londonFallBackDayRunsTheRepeatedHourTwice() {
        Availability availability = AvailabilityBuilder.in("Europe/London")
                .override(LocalDate.of(2026, 10, 25), TimeRange.of("00:00", "03:00"))
                .build();

        assertThat(availability.workingSpans(LocalDate.of(2026, 10, 25))).singleElement()
                .satisfies(span -> {
                    assertThat(span.start()).isEqualTo(Instant.parse("2026-10-24T23:00:00Z"));
                    assertThat(span.end()).isEqualTo(Instant.parse("2026-10-25T03:00:00Z"));
                    assertThat(span.length()).isEqualTo(Duration.ofHours(4));
                });
    }

    @Test
    void rangesThatTouchOnTheClockJoinAndLastTheRealTimeOnAFallBackDay() {
        Availability availability = AvailabilityBuilder.in("America/New_York")
                .override(LocalDate.of(2026, 11, 1), TimeRange.of("00:00", "01:30"), TimeRange.of("01:30", "03:00"))
                .build();

        List<TimeSpan> spans = availability.workingSpans(LocalDate.of(2026, 11, 1));

        assertThat(spans).singleElement().satisfies(span -> assertThat(span.length()).isEqualTo(Duration.ofHours(4)));
    }

    @Test
    void aDateOpenAllDayAcrossASpringForwardGapStartsItsOwnGridHoweverManyDaysAreAsked() {
        LocalDate springForward = LocalDate.of(2026, 3, 29);
        Availability availability = AvailabilityBuilder.in("Europe/London")
                .override(springForward.minusDays(1), TimeRange.of("22:00", "24:00"))
                .override(springForward, TimeRange.of("00:00", "01:00"), TimeRange.of("01:30", "24:00"))
                .override(springForward.plusDays(1), TimeRange.of("00:00", "00:15"))
                .build();

        Opening asked = availability.openings(springForward.plusDays(1), springForward.plusDays(1)).getFirst();
        Opening amongOthers = availability.openings(springForward.minusDays(1), springForward.plusDays(1)).getLast();

        assertThat(availability.workingSpans(springForward)).hasSize(2);
        assertThat(asked.gridStart()).isEqualTo(Instant.parse("2026-03-29T00:00:00Z"));
        assertThat(amongOthers).isEqualTo(asked);
    }

    @Test
    void theAfterMidnightPartOfARangeIsOnTheNextDatesClockUnlessThatDateIsOverridden() {
        LocalDate friday = LocalDate.of(2026, 6, 5);
        Availability availability = AvailabilityBuilder.in("UTC").open(DayOfWeek.FRIDAY, "22:00", "02:00")
                .open(DayOfWeek.SATURDAY, "09:00", "10:00").override(friday.plusWeeks(1).plusDays(1)).build();

        assertThat(availability.hoursOn(friday)).containsExactly(TimeRange.of("22:00", "24:00"));
        assertThat(availability.hoursOn(friday.plusDays(1)))
                .containsExactly(TimeRange.of("00:00", "02:00"), TimeRange.of("09:00", "10:00"));
        assertThat(availability.hoursOn(friday.plusWeeks(1).plusDays(1))).isEmpty();
        assertThat(availability.workingSpans(friday).getFirst().end())
                .isEqualTo(availability.workingSpans(friday.plusDays(1)).getFirst().start());
    }

    @Test
    void refusesAWeeklyRangeRunningIntoTheNextDaysHoursAndAnOverrideCrossingMidnight() {
        InvalidInputException invalid = catchThrowableOfType(InvalidInputException.class, () -> AvailabilityBuilder.in("UTC")
                .open(DayOfWeek.SUNDAY, "22:00", "02:00").open(DayOfWeek.MONDAY, "01:00", "05:00")
                .override(LocalDate.of(2026, 6, 5), TimeRange.of("20:00", "01:00")).build());

        assertThat(invalid.violations()).containsExactlyInAnyOrder(
                new Violation("weeklyHours.SUNDAY", "range 22:00-02:00 runs past midnight into MONDAY's 01:00-05:00"),
                new Violation("dateOverrides.2026-06-05", "range 20:00-01:00 crosses midnight: an override covers its own date "
                        + "only, so end it at 24:00 and override 2026-06-06 for the rest"));
    }

    @Test
    void reportsEveryBrokenRuleByItsField() {
        InvalidInputException invalid = catchThrowableOfType(InvalidInputException.class, () -> new Availability(
                null,
                Map.of(DayOfWeek.MONDAY, List.of(TimeRange.of("09:00", "12:00"), TimeRange.of("11:00", "13:00"))),
                Map.of(),
                Map.of(LocalDate.of(2026, 1, 1), List.of(TimeRange.of("09:00", "12:00"), TimeRange.of("10:00", "11:00"))),
                Duration.ofMinutes(-1), Duration.ZERO, Duration.ofHours(5), Duration.ofSeconds(30), Duration.ofMinutes(1),
                Map.of(SessionType.PERSONAL, List.of(Duration.ofMinutes(30), Duration.ofMinutes(30))),
                0,
                Map.of(MeetingPlatform.ZOOM, "ftp://example.com/x", MeetingPlatform.MEET, " ")));

        assertThat(invalid.violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "timeZone", "weeklyHours.MONDAY", "dateOverrides.2026-01-01", "minimumNoticeMinutes",
                "maximumAdvanceDays", "bufferBeforeMinutes", "bufferAfterMinutes", "slotIntervalMinutes",
                "durations.PERSONAL", "durations.WEBINAR", "webinarSeats", "meetingLinks.ZOOM", "meetingLinks.MEET");
    }

    @Test
    void breaksMayOverlapEachOther() {
        Availability availability = AvailabilityBuilder.in("UTC").open(DayOfWeek.MONDAY, "09:00", "17:00")
                .pause(DayOfWeek.MONDAY, "12:00", "13:30").pause(DayOfWeek.MONDAY, "13:00", "14:00").build();

        assertThat(availability.hoursOn(MONDAY))
                .containsExactly(TimeRange.of("09:00", "12:00"), TimeRange.of("14:00", "17:00"));
    }

    @Test
    void publicBookingsUseTheFirstPlatformWithALinkAndSessionsFallBackToTheDefaultLink() {
        Availability none = AvailabilityBuilder.in("UTC").build();
        Availability meet = AvailabilityBuilder.in("UTC").link(MeetingPlatform.MEET, "https://meet.example.com/abc")
                .link(MeetingPlatform.TEAMS, "https://teams.example.com/abc").build();

        assertThat(none.publicBookingPlatform()).isEqualTo(MeetingPlatform.ZOOM);
        assertThat(meet.publicBookingPlatform()).isEqualTo(MeetingPlatform.MEET);
        assertThat(meet.meetingLinkFor(MeetingPlatform.TEAMS)).contains("https://teams.example.com/abc");
        assertThat(meet.meetingLinkFor(MeetingPlatform.ZOOM)).isEmpty();
    }

    @Test
    void initialAvailabilityIsValidAndOffersNothing() {
        Availability initial = Availability.initial(ZoneId.of("Asia/Kolkata"));

        assertThat(initial.hoursOn(MONDAY)).isEmpty();
        assertThat(initial.defaultDuration(SessionType.PERSONAL)).isEqualTo(Duration.ofMinutes(60));
    }
}
