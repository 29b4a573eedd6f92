package com.nakksha.analytics.period;

import java.time.DayOfWeek;
import java.time.LocalDate;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Every calendar timeframe holds today, starts where the calendar says, and its previous period touches it. */
class PeriodPropertiesTest {

    @Property
    void calendarPeriodsHoldTodayAndTouchTheirPrevious(@ForAll("days") LocalDate today, @ForAll("calendarTimeframes") String timeframe) {
        Period period = Period.of(timeframe, null, null, today, 1096);
        assertThat(period.from()).isBeforeOrEqualTo(today);
        assertThat(period.to()).isAfterOrEqualTo(today);
        Period previous = period.previous();
        assertThat(previous.days()).isEqualTo(period.days());
        assertThat(previous.to().plusDays(1)).isEqualTo(period.from());
        switch (period.timeframe()) {
            case WEEK -> {
                assertThat(period.from().getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
                assertThat(period.days()).isEqualTo(7);
            }
            case MONTH -> assertThat(period.from().getDayOfMonth()).isEqualTo(1);
            case QUARTER -> assertThat(period.from().getMonthValue() % 3).isEqualTo(1);
            case YEAR -> assertThat(period.from().getDayOfYear()).isEqualTo(1);
            default -> assertThat(period.days()).isEqualTo(1);
        }
        assertThat(period.to().plusDays(1).getDayOfMonth() == 1 || period.timeframe() == Timeframe.WEEK
                || period.timeframe() == Timeframe.TODAY).isTrue();
    }

    @Provide
    Arbitrary<LocalDate> days() {
        return Arbitraries.longs().between(LocalDate.of(2000, 1, 1).toEpochDay(), LocalDate.of(2100, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
    }

    @Provide
    Arbitrary<String> calendarTimeframes() {
        return Arbitraries.of("today", "week", "month", "quarter", "year");
    }
}
