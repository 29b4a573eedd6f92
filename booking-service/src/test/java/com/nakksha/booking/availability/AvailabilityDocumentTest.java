package com.nakksha.booking.availability;

import com.nakksha.booking.consultant.SessionType;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.InvalidInputException.Violation;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AvailabilityDocumentTest {

    @Test
    void aDocumentAndItsAvailabilityConvertBothWays() {
        Availability availability = AvailabilityBuilder.in("Europe/London")
                .open(DayOfWeek.MONDAY, "09:00", "12:30").open(DayOfWeek.MONDAY, "14:00", "24:00")
                .pause(DayOfWeek.MONDAY, "10:00", "10:15")
                .override(LocalDate.of(2030, 12, 25))
                .notice(Duration.ofHours(3)).advance(Duration.ofDays(30)).buffers(Duration.ofMinutes(5), Duration.ofMinutes(10))
                .durations(SessionType.PERSONAL, Duration.ofMinutes(30), Duration.ofMinutes(60))
                .seats(12).link(MeetingPlatform.TEAMS, "https://teams.example.com/x")
                .build();

        AvailabilityDocument document = AvailabilityDocument.of(availability);

        assertThat(document.weeklyHours().get(DayOfWeek.MONDAY)).containsExactly(
                new AvailabilityDocument.Hours("09:00", "12:30"), new AvailabilityDocument.Hours("14:00", "24:00"));
        assertThat(document.minimumNoticeMinutes()).isEqualTo(180);
        assertThat(document.maximumAdvanceDays()).isEqualTo(30);
        assertThat(document.toAvailability()).isEqualTo(availability);
    }

    @Test
    void initialAvailabilityWithoutLinksBecomesADocument() {
        AvailabilityDocument document = AvailabilityDocument.of(Availability.initial(ZoneId.of("Asia/Kolkata")));

        assertThat(document.meetingLinks()).isEmpty();
        assertThat(document.toAvailability().timeZone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
    }

    @Test
    void namesEveryBadFieldIncludingUnreadableTimesAndZones() {
        AvailabilityDocument document = new AvailabilityDocument("Mars/Base",
                Map.of(DayOfWeek.MONDAY, List.of(new AvailabilityDocument.Hours("9am", "12:00"))),
                Map.of(), List.of(new AvailabilityDocument.DateOverride(null, List.of())),
                null, 30, 0, 0, 30, Map.of(SessionType.PERSONAL, List.of(60), SessionType.WEBINAR, List.of(60)), 5, Map.of());

        InvalidInputException invalid = catchThrowableOfType(InvalidInputException.class, document::toAvailability);

        assertThat(invalid.violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "timeZone", "weeklyHours.MONDAY[0]", "dateOverrides[0].date", "minimumNoticeMinutes");
    }

    /** A fixed offset follows no daylight-saving rule: slots in it would drift for a consultant abroad. */
    @Test
    void anOffsetIsNotATimeZone() {
        AvailabilityDocument document = new AvailabilityDocument("+05:30", Map.of(), Map.of(), List.of(),
                null, 30, 0, 0, 30, Map.of(SessionType.PERSONAL, List.of(60), SessionType.WEBINAR, List.of(60)), 5, Map.of());

        InvalidInputException invalid = catchThrowableOfType(InvalidInputException.class, document::toAvailability);

        assertThat(invalid.violations()).extracting(Violation::field).contains("timeZone");
    }
}
