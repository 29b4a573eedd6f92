package com.nakksha.booking.availability;

import com.nakksha.booking.consultant.SessionType;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.InvalidInputException.Violation;
import com.nakksha.defaults.time.RegionZones;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Availability as the dashboard reads and writes it, and as it is stored: times of day as
 * {@code HH:mm} ({@code 24:00} for the end of the day; an end before the start runs past midnight),
 * lengths in minutes, the window in days. {@code maximumAdvanceDays} N counts whole calendar days in
 * the consultant's zone: a session may start until the end of the N-th day after today there.
 * {@code timeZone} is the profile's; it may be left out when writing.
 */
public record AvailabilityDocument(
        String timeZone,
        Map<DayOfWeek, List<Hours>> weeklyHours,
        Map<DayOfWeek, List<Hours>> breaks,
        List<DateOverride> dateOverrides,
        Integer minimumNoticeMinutes,
        Integer maximumAdvanceDays,
        Integer bufferBeforeMinutes,
        Integer bufferAfterMinutes,
        Integer slotIntervalMinutes,
        Map<SessionType, List<Integer>> durations,
        Integer webinarSeats,
        Map<MeetingPlatform, String> meetingLinks) {

    public record Hours(String start, String end) {
    }

    /** Other hours on one date; no hours is a day off. */
    public record DateOverride(LocalDate date, List<Hours> hours) {
    }

    public static AvailabilityDocument of(Availability availability) {
        List<DateOverride> overrides = new ArrayList<>();
        availability.dateOverrides().forEach((date, ranges) -> overrides.add(new DateOverride(date, hours(ranges))));
        Map<SessionType, List<Integer>> durations = new EnumMap<>(SessionType.class);
        availability.durations().forEach((type, lengths) ->
                durations.put(type, lengths.stream().map(length -> (int) length.toMinutes()).toList()));
        return new AvailabilityDocument(
                availability.timeZone().getId(),
                byDay(availability.weeklyHours()),
                byDay(availability.breaks()),
                overrides,
                (int) availability.minimumNotice().toMinutes(),
                (int) availability.maximumAdvance().toDays(),
                (int) availability.bufferBefore().toMinutes(),
                (int) availability.bufferAfter().toMinutes(),
                (int) availability.slotInterval().toMinutes(),
                durations,
                availability.webinarSeats(),
                new LinkedHashMap<>(availability.meetingLinks()));
    }

    /**
     * This document in the consultant's one zone: a missing {@code timeZone} becomes the profile's
     * (or {@code fallback} before a profile arrived); one that differs from the profile's is refused,
     * as the zone is changed in the profile ({@code PATCH /api/v1/consultants/me}).
     */
    public AvailabilityDocument inProfileZone(ZoneId profileZone, ZoneId fallback) {
        if (timeZone == null) {
            String zone = (profileZone != null ? profileZone : fallback).getId();
            return new AvailabilityDocument(zone, weeklyHours, breaks, dateOverrides, minimumNoticeMinutes,
                    maximumAdvanceDays, bufferBeforeMinutes, bufferAfterMinutes, slotIntervalMinutes, durations,
                    webinarSeats, meetingLinks);
        }
        if (profileZone != null && !profileZone.getId().equals(timeZone)) {
            throw new InvalidInputException("timeZone", "must be your profile's time zone " + profileZone.getId()
                    + " or left out: change the zone in your profile (PATCH /api/v1/consultants/me {\"timezone\": ...}), "
                    + "which keeps these hours' wall-clock times");
        }
        return this;
    }

    /** The availability this document describes, or every field that keeps it from being one. */
    public Availability toAvailability() {
        List<Violation> violations = new ArrayList<>();
        ZoneId zone = zone(violations);
        Map<DayOfWeek, List<TimeRange>> weekly = ranges(weeklyHours, "weeklyHours", violations);
        Map<DayOfWeek, List<TimeRange>> pauses = ranges(breaks, "breaks", violations);
        Map<LocalDate, List<TimeRange>> overrides = overrides(violations);
        Map<SessionType, List<Duration>> lengths = lengths(violations);
        try {
            Availability availability = new Availability(zone, weekly, pauses, overrides,
                    minutes(minimumNoticeMinutes), days(maximumAdvanceDays), minutes(bufferBeforeMinutes),
                    minutes(bufferAfterMinutes), minutes(slotIntervalMinutes), lengths,
                    webinarSeats == null ? 0 : webinarSeats, meetingLinks);
            if (!violations.isEmpty()) {
                throw new InvalidInputException(violations);
            }
            return availability;
        } catch (InvalidInputException invalid) {
            List<Violation> all = new ArrayList<>(violations);
            invalid.violations().stream()
                    .filter(violation -> !(violation.field().equals("timeZone") && zone == null && timeZone != null))
                    .forEach(all::add);
            throw new InvalidInputException(all);
        }
    }

    private ZoneId zone(List<Violation> violations) {
        if (timeZone == null) {
            return null;
        }
        return RegionZones.of(timeZone).orElseGet(() -> {
            violations.add(new Violation("timeZone", "'" + timeZone + "' is not an IANA time zone such as Asia/Kolkata"));
            return null;
        });
    }

    private static Map<DayOfWeek, List<TimeRange>> ranges(Map<DayOfWeek, List<Hours>> byDay, String field,
                                                          List<Violation> violations) {
        Map<DayOfWeek, List<TimeRange>> parsed = new EnumMap<>(DayOfWeek.class);
        if (byDay != null) {
            byDay.forEach((day, hours) -> parsed.put(day, parse(hours, field + "." + day, violations)));
        }
        return parsed;
    }

    private Map<LocalDate, List<TimeRange>> overrides(List<Violation> violations) {
        Map<LocalDate, List<TimeRange>> parsed = new HashMap<>();
        if (dateOverrides == null) {
            return parsed;
        }
        for (int i = 0; i < dateOverrides.size(); i++) {
            DateOverride override = dateOverrides.get(i);
            String field = "dateOverrides[" + i + "]";
            if (override == null || override.date() == null) {
                violations.add(new Violation(field + ".date", "is required"));
            } else if (parsed.containsKey(override.date())) {
                violations.add(new Violation(field + ".date", override.date() + " appears twice"));
            } else {
                parsed.put(override.date(), parse(override.hours(), field + ".hours", violations));
            }
        }
        return parsed;
    }

    private static List<TimeRange> parse(List<Hours> hours, String field, List<Violation> violations) {
        List<TimeRange> ranges = new ArrayList<>();
        if (hours == null) {
            return ranges;
        }
        for (int i = 0; i < hours.size(); i++) {
            Hours range = hours.get(i);
            try {
                if (range == null) {
                    throw new IllegalArgumentException("is required");
                }
                ranges.add(TimeRange.of(range.start(), range.end()));
            } catch (IllegalArgumentException invalid) {
                violations.add(new Violation(field + "[" + i + "]", invalid.getMessage()));
            }
        }
        return ranges;
    }

    private Map<SessionType, List<Duration>> lengths(List<Violation> violations) {
        Map<SessionType, List<Duration>> parsed = new EnumMap<>(SessionType.class);
        if (durations == null) {
            return parsed;
        }
        durations.forEach((type, minutes) -> {
            if (minutes != null && minutes.stream().anyMatch(Objects::isNull)) {
                violations.add(new Violation("durations." + type, "has an empty duration"));
                return;
            }
            parsed.put(type, minutes == null ? null : minutes.stream().map(Duration::ofMinutes).toList());
        });
        return parsed;
    }

    private static Duration minutes(Integer value) {
        return value == null ? null : Duration.ofMinutes(value);
    }

    private static Duration days(Integer value) {
        return value == null ? null : Duration.ofDays(value);
    }

    private static Map<DayOfWeek, List<Hours>> byDay(Map<DayOfWeek, List<TimeRange>> ranges) {
        Map<DayOfWeek, List<Hours>> byDay = new LinkedHashMap<>();
        ranges.forEach((day, list) -> byDay.put(day, hours(list)));
        return byDay;
    }

    private static List<Hours> hours(List<TimeRange> ranges) {
        return ranges.stream().map(range -> new Hours(range.startText(), range.endText())).toList();
    }
}
