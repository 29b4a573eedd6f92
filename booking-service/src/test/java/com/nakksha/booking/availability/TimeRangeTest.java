package com.nakksha.booking.availability;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeRangeTest {

    @Test
    void endOfDayIsWrittenAs2400AndEndsAtTheNextMidnight() {
        TimeRange evening = TimeRange.of("18:00", "24:00");

        assertThat(evening.endText()).isEqualTo("24:00");
        assertThat(evening.endOn(LocalDate.of(2026, 3, 7))).isEqualTo(LocalDateTime.of(2026, 3, 8, 0, 0));
        assertThat(TimeRange.of("00:00", "24:00").toString()).isEqualTo("00:00-24:00");
    }

    @Test
    void refusesEmptyOrBackwardRangesAndBadText() {
        assertThatThrownBy(() -> TimeRange.of("10:00", "10:00")).hasMessageContaining("must differ from start");
        assertThatThrownBy(() -> TimeRange.of("24:00", "24:00")).hasMessageContaining("not a time of day");
        assertThatThrownBy(() -> TimeRange.of("9am", "10:00")).hasMessageContaining("'9am'");
    }

    @Test
    void anEndBeforeTheStartRunsPastMidnightAndSplitsIntoTheTwoDaysParts() {
        TimeRange night = TimeRange.of("22:00", "02:00");

        assertThat(night.crossesMidnight()).isTrue();
        assertThat(night.endOn(LocalDate.of(2026, 3, 6))).isEqualTo(LocalDateTime.of(2026, 3, 7, 2, 0));
        assertThat(night.sameDayPart()).isEqualTo(TimeRange.of("22:00", "24:00"));
        assertThat(night.nextDayPart()).contains(TimeRange.of("00:00", "02:00"));
        assertThat(TimeRange.of("22:00", "24:00").crossesMidnight()).isFalse();
        assertThat(TimeRange.of("22:00", "24:00").nextDayPart()).isEmpty();
        assertThat(TimeRange.of("00:00", "24:00").crossesMidnight()).isFalse();
        assertThat(night.overlaps(TimeRange.of("23:00", "01:00"))).isTrue();
        assertThat(night.overlaps(TimeRange.of("01:00", "03:00"))).as("01:00 of the same day, before the night").isFalse();
    }

    @Test
    void aBreakSplitsOrTrimsARange() {
        TimeRange day = TimeRange.of("09:00", "17:00");

        assertThat(day.minus(TimeRange.of("12:00", "13:00")))
                .containsExactly(TimeRange.of("09:00", "12:00"), TimeRange.of("13:00", "17:00"));
        assertThat(day.minus(TimeRange.of("08:00", "10:00"))).containsExactly(TimeRange.of("10:00", "17:00"));
        assertThat(day.minus(TimeRange.of("16:00", "24:00"))).containsExactly(TimeRange.of("09:00", "16:00"));
        assertThat(day.minus(TimeRange.of("07:00", "09:00"))).containsExactly(day);
        assertThat(day.minus(TimeRange.of("00:00", "24:00"))).isEmpty();
    }
}
