package com.nakksha.booking.availability;

import com.nakksha.booking.consultant.SessionType;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.InvalidInputException.Violation;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * When a consultant can be booked, in the consultant's own IANA time zone, and on what terms.
 * Date overrides replace that date's weekly hours entirely (an empty list is a day off); breaks
 * apply to the weekly hours of their weekday.
 */
public record Availability(
        ZoneId timeZone,
        Map<DayOfWeek, List<TimeRange>> weeklyHours,
        Map<DayOfWeek, List<TimeRange>> breaks,
        Map<LocalDate, List<TimeRange>> dateOverrides,
        Duration minimumNotice,
        Duration maximumAdvance,
        Duration bufferBefore,
        Duration bufferAfter,
        Duration slotInterval,
        Map<SessionType, List<Duration>> durations,
        int webinarSeats,
        Map<MeetingPlatform, String> meetingLinks) {

    static final Duration MAX_MINIMUM_NOTICE = Duration.ofDays(90);
    static final Duration MAX_ADVANCE = Duration.ofDays(365);
    static final Duration MAX_BUFFER = Duration.ofHours(4);
    static final Duration MIN_SESSION = Duration.ofMinutes(5);
    static final Duration MAX_SESSION = Duration.ofHours(12);
    static final int MAX_DURATIONS_PER_TYPE = 10;
    static final int MAX_WEBINAR_SEATS = 1000;
    static final int MAX_LINK_LENGTH = 500;

    public Availability {
        List<Violation> violations = new ArrayList<>();
        if (timeZone == null) {
            violations.add(new Violation("timeZone", "is required"));
        }
        weeklyHours = sortedByDay(weeklyHours, "weeklyHours", true, violations);
        breaks = sortedByDay(breaks, "breaks", false, violations);
        dateOverrides = sortedByDate(dateOverrides, violations);
        check(minimumNotice, "minimumNoticeMinutes", Duration.ZERO, MAX_MINIMUM_NOTICE, violations);
        check(maximumAdvance, "maximumAdvanceDays", Duration.ofDays(1), MAX_ADVANCE, violations);
        check(bufferBefore, "bufferBeforeMinutes", Duration.ZERO, MAX_BUFFER, violations);
        check(bufferAfter, "bufferAfterMinutes", Duration.ZERO, MAX_BUFFER, violations);
        check(slotInterval, "slotIntervalMinutes", MIN_SESSION, MAX_SESSION, violations);
        durations = checkedDurations(durations, violations);
        if (webinarSeats < 1 || webinarSeats > MAX_WEBINAR_SEATS) {
            violations.add(new Violation("webinarSeats", "must be between 1 and " + MAX_WEBINAR_SEATS));
        }
        meetingLinks = checkedLinks(meetingLinks, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    /** A consultant who has not set anything up yet: terms that make sense, but no hours, so no slots. */
    public static Availability initial(ZoneId timeZone) {
        return new Availability(timeZone, Map.of(), Map.of(), Map.of(),
                Duration.ofHours(2), Duration.ofDays(60), Duration.ZERO, Duration.ZERO, Duration.ofMinutes(30),
                Map.of(SessionType.PERSONAL, List.of(Duration.ofMinutes(60)), SessionType.WEBINAR, List.of(Duration.ofMinutes(60))),
                50, Map.of());
    }

    /** The wall-clock hours open for booking on a date in the consultant's zone. */
    public List<TimeRange> hoursOn(LocalDate date) {
        List<TimeRange> override = dateOverrides.get(date);
        if (override != null) {
            return override;
        }
        List<TimeRange> open = weeklyHours.getOrDefault(date.getDayOfWeek(), List.of());
        for (TimeRange pause : breaks.getOrDefault(date.getDayOfWeek(), List.of())) {
            List<TimeRange> rest = new ArrayList<>();
            for (TimeRange range : open) {
                rest.addAll(range.minus(pause));
            }
            open = rest;
        }
        return open;
    }

    /**
     * The hours of a date as real time. Each wall-clock boundary maps to the earliest instant the
     * clock shows it; a time skipped by a spring-forward gap maps to the moment of the jump. The
     * mapping never goes backwards, so ranges that do not overlap on the clock do not overlap in
     * real time, and a range that spans a clock change is as long as the time that really passes.
     */
    public List<TimeSpan> workingSpans(LocalDate date) {
        List<TimeSpan> spans = new ArrayList<>();
        for (TimeRange range : hoursOn(date)) {
            TimeSpan span = new TimeSpan(realTime(range.startOn(date)), realTime(range.endOn(date)));
            if (!span.isEmpty()) {
                spans.add(span);
            }
        }
        return spans;
    }

    public Duration defaultDuration(SessionType type) {
        return durations.get(type).getFirst();
    }

    public boolean offers(SessionType type, Duration duration) {
        return durations.get(type).contains(duration);
    }

    public Optional<String> meetingLinkFor(MeetingPlatform platform) {
        return Optional.ofNullable(meetingLinks.get(platform));
    }

    /** The platform public bookings use: the first one with a default link, in declaration order. */
    public MeetingPlatform publicBookingPlatform() {
        for (MeetingPlatform platform : MeetingPlatform.values()) {
            if (meetingLinks.containsKey(platform)) {
                return platform;
            }
        }
        return MeetingPlatform.values()[0];
    }

    /** The time a session starting at {@code start} keeps from other sessions, buffers included. */
    public TimeSpan blockedBy(Instant start, Duration duration) {
        return new TimeSpan(start.minus(bufferBefore), start.plus(duration).plus(bufferAfter));
    }

    private Instant realTime(LocalDateTime local) {
        ZoneRules rules = timeZone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return rules.getTransition(local).getInstant();
        }
        return offsets.stream().map(local::toInstant).min(Comparator.naturalOrder()).orElseThrow();
    }

    private static Map<DayOfWeek, List<TimeRange>> sortedByDay(Map<DayOfWeek, List<TimeRange>> byDay, String field,
                                                               boolean disjoint, List<Violation> violations) {
        Map<DayOfWeek, List<TimeRange>> sorted = new EnumMap<>(DayOfWeek.class);
        if (byDay == null) {
            return Collections.unmodifiableMap(sorted);
        }
        byDay.forEach((day, ranges) -> {
            if (day == null) {
                violations.add(new Violation(field, "has an entry without a day"));
                return;
            }
            sorted.put(day, sortedRanges(ranges, field + "." + day, disjoint, violations));
        });
        return Collections.unmodifiableMap(sorted);
    }

    private static Map<LocalDate, List<TimeRange>> sortedByDate(Map<LocalDate, List<TimeRange>> byDate,
                                                                List<Violation> violations) {
        Map<LocalDate, List<TimeRange>> sorted = new TreeMap<>();
        if (byDate == null) {
            return Collections.unmodifiableMap(sorted);
        }
        byDate.forEach((date, ranges) -> {
            if (date == null) {
                violations.add(new Violation("dateOverrides", "has an entry without a date"));
                return;
            }
            sorted.put(date, sortedRanges(ranges, "dateOverrides." + date, true, violations));
        });
        return Collections.unmodifiableMap(sorted);
    }

    private static List<TimeRange> sortedRanges(List<TimeRange> ranges, String field, boolean disjoint,
                                                List<Violation> violations) {
        if (ranges == null) {
            return List.of();
        }
        if (ranges.stream().anyMatch(Objects::isNull)) {
            violations.add(new Violation(field, "has an empty range"));
            return List.of();
        }
        List<TimeRange> sorted = ranges.stream().sorted().toList();
        if (disjoint) {
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                    violations.add(new Violation(field, "ranges " + sorted.get(i - 1) + " and " + sorted.get(i) + " overlap"));
                }
            }
        }
        return sorted;
    }

    private static void check(Duration value, String field, Duration min, Duration max, List<Violation> violations) {
        if (value == null) {
            violations.add(new Violation(field, "is required"));
        } else if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            violations.add(new Violation(field, "must be between " + describe(min) + " and " + describe(max)));
        } else if (value.toSecondsPart() != 0 || value.toNanosPart() != 0) {
            violations.add(new Violation(field, "must be a whole number of minutes"));
        }
    }

    private static Map<SessionType, List<Duration>> checkedDurations(Map<SessionType, List<Duration>> durations,
                                                                     List<Violation> violations) {
        Map<SessionType, List<Duration>> checked = new EnumMap<>(SessionType.class);
        for (SessionType type : SessionType.values()) {
            String field = "durations." + type;
            List<Duration> offered = durations == null ? null : durations.get(type);
            if (offered == null || offered.isEmpty()) {
                violations.add(new Violation(field, "needs at least one duration"));
                continue;
            }
            if (offered.size() > MAX_DURATIONS_PER_TYPE) {
                violations.add(new Violation(field, "allows at most " + MAX_DURATIONS_PER_TYPE + " durations"));
            }
            if (offered.stream().distinct().count() != offered.size()) {
                violations.add(new Violation(field, "lists a duration twice"));
            }
            offered.forEach(duration -> check(duration, field, MIN_SESSION, MAX_SESSION, violations));
            checked.put(type, List.copyOf(offered.stream().filter(Objects::nonNull).toList()));
        }
        return Collections.unmodifiableMap(checked);
    }

    private static Map<MeetingPlatform, String> checkedLinks(Map<MeetingPlatform, String> links,
                                                             List<Violation> violations) {
        Map<MeetingPlatform, String> checked = new EnumMap<>(MeetingPlatform.class);
        if (links == null) {
            return Collections.unmodifiableMap(checked);
        }
        links.forEach((platform, link) -> {
            String field = "meetingLinks." + platform;
            if (platform == null) {
                violations.add(new Violation("meetingLinks", "has a link without a platform"));
            } else if (link == null || link.isBlank()) {
                violations.add(new Violation(field, "must not be blank"));
            } else if (link.length() > MAX_LINK_LENGTH || !isWebAddress(link)) {
                violations.add(new Violation(field, "must be an http(s) address of at most " + MAX_LINK_LENGTH + " characters"));
            } else {
                checked.put(platform, link);
            }
        });
        return Collections.unmodifiableMap(checked);
    }

    static boolean isWebAddress(String link) {
        try {
            URI uri = new URI(link);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String describe(Duration duration) {
        if (duration.toMinutes() % (24 * 60) == 0 && !duration.isZero()) {
            return duration.toDays() + " days";
        }
        return duration.toMinutes() + " minutes";
    }
}
