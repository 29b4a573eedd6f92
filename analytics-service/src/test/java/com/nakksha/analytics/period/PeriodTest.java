package com.nakksha.analytics.period;

import java.time.LocalDate;
import java.time.ZoneId;

import com.nakksha.defaults.problem.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeriodTest {

    private static final LocalDate WEDNESDAY = LocalDate.of(2026, 12, 2);

    @Test
    void calendarPeriodsContainingToday() {
        assertThat(Period.of("today", null, null, WEDNESDAY, 1096)).isEqualTo(new Period(Timeframe.TODAY, WEDNESDAY, WEDNESDAY));
        assertThat(Period.of("week", null, null, WEDNESDAY, 1096))
                .isEqualTo(new Period(Timeframe.WEEK, LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 6)));
        assertThat(Period.of(null, null, null, WEDNESDAY, 1096))
                .isEqualTo(new Period(Timeframe.MONTH, LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31)));
        assertThat(Period.of("quarter", null, null, WEDNESDAY, 1096))
                .isEqualTo(new Period(Timeframe.QUARTER, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 12, 31)));
        assertThat(Period.of("year", null, null, WEDNESDAY, 1096))
                .isEqualTo(new Period(Timeframe.YEAR, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)));
        assertThat(Period.of("custom", "2026-02-01", "2026-02-28", WEDNESDAY, 1096).days()).isEqualTo(28);
    }

    @Test
    void previousPeriodHasTheSameLengthAndEndsTheDayBefore() {
        Period december = Period.of("month", null, null, WEDNESDAY, 1096);
        assertThat(december.previous()).isEqualTo(new Period(Timeframe.MONTH, LocalDate.of(2026, 10, 31), LocalDate.of(2026, 11, 30)));
    }

    @ParameterizedTest(name = "timeframe={0} from={1} to={2} -> {3}")
    @CsvSource(nullValues = "null", value = {
            "fortnight, null, null, timeframe",
            "custom, null, 2026-01-01, from",
            "custom, 2026-01-01, null, to",
            "custom, 2026-13-01, 2026-12-31, from",
            "custom, 2026-01-01, 01/02/2026, to",
            "custom, 2026-02-01, 2026-01-01, from",
            "custom, 2020-01-01, 2026-01-01, to",
            "month, 2026-01-01, null, from",
            "week, null, 2026-01-01, to",
            "custom, 2026-01-01T00:00:00, 2026-01-02, from"})
    void badInputNamesTheField(String timeframe, String from, String to, String field) {
        assertThatThrownBy(() -> Period.of(timeframe, from, to, WEDNESDAY, 1096))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        refused -> assertThat(refused.violations()).extracting(InvalidInputException.Violation::field).contains(field));
    }

    @Test
    void zonesAreIanaIds() {
        assertThat(Period.zone(null, ZoneId.of("Asia/Kolkata"))).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(Period.zone("America/New_York", ZoneId.of("Asia/Kolkata"))).isEqualTo(ZoneId.of("America/New_York"));
        for (String bad : new String[] {"Mars/Olympus", "+05:30", "IST", ""}) {
            assertThatThrownBy(() -> Period.zone(bad, ZoneId.of("UTC")))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            refused -> assertThat(refused.violations().getFirst().field()).isEqualTo("zone"));
        }
    }
}
