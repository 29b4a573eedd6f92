package com.nakksha.analytics.period;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.defaults.time.RegionZones;

/**
 * A run of whole calendar days, both ends included, in some time zone (the consultant's or the
 * admin's); weeks start on Monday.
 */
public record Period(Timeframe timeframe, LocalDate from, LocalDate to) {

    public Period {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
    }

    /**
     * The period a request names, for a caller whose today is {@code today}.
     *
     * @param timeframe {@code today|week|month|quarter|year|custom}; null means {@code month}
     * @param from      ISO date, required with (and only with) {@code custom}
     * @param to        ISO date, required with (and only with) {@code custom}
     * @param maxDays   the longest custom period accepted, in days
     * @throws com.nakksha.defaults.problem.InvalidInputException naming every refused field
     */
    public static Period of(String timeframe, String from, String to, LocalDate today, int maxDays) {
        FieldErrors errors = new FieldErrors();
        Timeframe kind = timeframe == null ? Timeframe.MONTH : errors.parse("timeframe", () -> Timeframe.parse(timeframe));
        LocalDate start = errors.parseOptional("from", from, () -> date(from));
        LocalDate end = errors.parseOptional("to", to, () -> date(to));
        if (kind == Timeframe.CUSTOM) {
            if (from == null) {
                errors.reject("from", "is required with timeframe=custom");
            }
            if (to == null) {
                errors.reject("to", "is required with timeframe=custom");
            }
            if (start != null && end != null) {
                if (start.isAfter(end)) {
                    errors.reject("from", "must not be after to");
                } else if (ChronoUnit.DAYS.between(start, end) + 1 > maxDays) {
                    errors.reject("to", "the period may be at most " + maxDays + " days long");
                }
            }
        } else if (kind != null) {
            if (from != null) {
                errors.reject("from", "is only accepted with timeframe=custom");
            }
            if (to != null) {
                errors.reject("to", "is only accepted with timeframe=custom");
            }
        }
        errors.throwIfAny();
        return switch (kind) {
            case TODAY -> new Period(kind, today, today);
            case WEEK -> new Period(kind, today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                    today.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY)));
            case MONTH -> new Period(kind, today.withDayOfMonth(1), today.with(TemporalAdjusters.lastDayOfMonth()));
            case QUARTER -> {
                LocalDate first = today.with(IsoFields.DAY_OF_QUARTER, 1);
                yield new Period(kind, first, first.plusMonths(3).minusDays(1));
            }
            case YEAR -> new Period(kind, today.withDayOfYear(1), today.with(TemporalAdjusters.lastDayOfYear()));
            case CUSTOM -> new Period(kind, start, end);
        };
    }

    /** An IANA zone id, for a request's {@code zone}; null gives {@code fallback}. */
    public static ZoneId zone(String zone, ZoneId fallback) {
        if (zone == null) {
            return fallback;
        }
        FieldErrors errors = new FieldErrors();
        ZoneId parsed = errors.parse("zone", () -> {
            try {
                // Offsets such as +05:30 are not zones: a day's length would not follow the place's rules.
                if (!RegionZones.known(zone)) {
                    throw new IllegalArgumentException("must be an IANA time zone id such as Asia/Kolkata");
                }
                return ZoneId.of(zone);
            } catch (DateTimeException notAZone) {
                throw new IllegalArgumentException("must be an IANA time zone id such as Asia/Kolkata");
            }
        });
        errors.throwIfAny();
        return parsed;
    }

    /** Number of days in the period. */
    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** The period of the same length that ends the day before this one starts. */
    public Period previous() {
        return new Period(timeframe, from.minusDays(days()), from.minusDays(1));
    }

    private static LocalDate date(String value) {
        if (value.length() > 10) {
            throw new IllegalArgumentException("must be an ISO date (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException notADate) {
            throw new IllegalArgumentException("must be an ISO date (YYYY-MM-DD)");
        }
    }
}
