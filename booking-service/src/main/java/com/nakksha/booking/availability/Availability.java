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
 * Weekly hours and breaks may run past midnight ({@code FRIDAY 22:00-02:00}); the part after
 * midnight is on the next date's clock. A date override decides all the hours on the clock of its
 * date, replacing the weekly hours and breaks that fall on it, including the part of the previous
 * day's range after midnight (an empty list is a day off), and ends by {@code 24:00}. Hours that
 * touch, also across midnight, join into one stretch of working time.
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
    static final int MAX_SESSION_HOURS = 12;
    static final Duration MAX_SESSION = Duration.ofHours(MAX_SESSION_HOURS);
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
        checkAcrossMidnight(weeklyHours, violations);
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

    /**
     * The same rules in another zone: weekly hours, breaks and overrides keep their wall-clock
     * times (09:00 stays 09:00 on the new zone's clock), so their instants move.
     */
    public Availability inZone(ZoneId zone) {
        return zone.equals(timeZone) ? this : new Availability(zone, weeklyHours, breaks, dateOverrides, minimumNotice,
                maximumAdvance, bufferBefore, bufferAfter, slotInterval, durations, webinarSeats, meetingLinks);
    }

    /**
     * The wall-clock hours open for booking on the clock of a date in the consultant's zone, none
     * crossing midnight, sorted, touching ranges joined: the date's override, or else the weekly
     * hours of its weekday and the after-midnight part of the previous weekday's, less the breaks
     * that fall on the date the same way.
     */
    public List<TimeRange> hoursOn(LocalDate date) {
        List<TimeRange> override = dateOverrides.get(date);
        if (override != null) {
            return joined(override);
        }
        List<TimeRange> open = onClockOf(weeklyHours, date);
        for (TimeRange pause : onClockOf(breaks, date)) {
            List<TimeRange> rest = new ArrayList<>();
            for (TimeRange range : open) {
                rest.addAll(range.minus(pause));
            }
            open = rest;
        }
        return joined(open);
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

    /**
     * The working time on the dates {@code from..to} (consultant's zone) as {@link Opening}s, in
     * order. A stretch that starts where the previous date's ends (at midnight) continues that
     * stretch's slot grid, unless its date is open from 00:00 to 24:00 without a gap (in one span,
     * or in several that a spring-forward gap joins), which starts its own grid at midnight so that
     * the grid never depends on how far back one looks. Its reach runs on through touching stretches of the following dates, looked at one day beyond {@code to}
     * (sessions are at most {@value #MAX_SESSION_HOURS} hours long).
     */
    public List<Opening> openings(LocalDate from, LocalDate to) {
        List<TimeSpan> spans = new ArrayList<>();
        List<Boolean> wholeDay = new ArrayList<>();
        for (LocalDate date = from.minusDays(1); !date.isAfter(to.plusDays(1)); date = date.plusDays(1)) {
            List<TimeSpan> ofDate = workingSpans(date);
            boolean open = opensWholeDay(ofDate, realTime(date.atStartOfDay()), realTime(date.plusDays(1).atStartOfDay()));
            for (int i = 0; i < ofDate.size(); i++) {
                spans.add(ofDate.get(i));
                wholeDay.add(open && i == 0);
            }
        }
        Instant[] gridStarts = new Instant[spans.size()];
        for (int i = 0; i < spans.size(); i++) {
            boolean continues = i > 0 && spans.get(i - 1).end().equals(spans.get(i).start()) && !wholeDay.get(i);
            gridStarts[i] = continues ? gridStarts[i - 1] : spans.get(i).start();
        }
        Instant[] reaches = new Instant[spans.size()];
        for (int i = spans.size() - 1; i >= 0; i--) {
            boolean touches = i + 1 < spans.size() && spans.get(i).end().equals(spans.get(i + 1).start());
            reaches[i] = touches ? reaches[i + 1] : spans.get(i).end();
        }
        Instant first = realTime(from.atStartOfDay());
        Instant last = realTime(to.plusDays(1).atStartOfDay());
        List<Opening> openings = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            TimeSpan span = spans.get(i);
            if (!span.start().isBefore(first) && span.start().isBefore(last)) {
                openings.add(new Opening(span, gridStarts[i], reaches[i]));
            }
        }
        return openings;
    }

    /**
     * Whether a date's spans run without a gap from its midnight to the next. They can do so as
     * several spans: hours separated on the clock only by a spring-forward gap touch in real time.
     */
    private static boolean opensWholeDay(List<TimeSpan> spans, Instant dayStart, Instant dayEnd) {
        Instant covered = dayStart;
        for (TimeSpan span : spans) {
            if (!span.start().equals(covered)) {
                return false;
            }
            covered = span.end();
        }
        return covered.equals(dayEnd);
    }

    /**
     * The first instant beyond the advance window: the window counts whole calendar days in the
     * consultant's zone, so with {@code maximumAdvanceDays} N a session may start until the end of
     * the N-th day after today (today + N days, through 24:00 of that day), as people read
     * "bookable up to N days ahead".
     */
    public Instant bookableUntil(Instant now) {
        LocalDate today = now.atZone(timeZone).toLocalDate();
        return today.plusDays(maximumAdvance.toDays() + 1).atStartOfDay(timeZone).toInstant();
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

    /** The ranges of a weekday map that fall on the clock of {@code date}, split at midnight. */
    private static List<TimeRange> onClockOf(Map<DayOfWeek, List<TimeRange>> byDay, LocalDate date) {
        List<TimeRange> ranges = new ArrayList<>();
        for (TimeRange range : byDay.getOrDefault(date.minusDays(1).getDayOfWeek(), List.of())) {
            range.nextDayPart().ifPresent(ranges::add);
        }
        for (TimeRange range : byDay.getOrDefault(date.getDayOfWeek(), List.of())) {
            ranges.add(range.sameDayPart());
        }
        return ranges;
    }

    /** Same-day ranges sorted, with ranges that touch or overlap joined into one. */
    private static List<TimeRange> joined(List<TimeRange> ranges) {
        List<TimeRange> joined = new ArrayList<>();
        for (TimeRange range : ranges.stream().sorted().toList()) {
            if (!joined.isEmpty() && joined.getLast().endSecond() >= range.startSecond()) {
                TimeRange previous = joined.removeLast();
                joined.add(previous.endSecond() >= range.endSecond() ? previous : new TimeRange(previous.start(), range.end()));
            } else {
                joined.add(range);
            }
        }
        return List.copyOf(joined);
    }

    /** The after-midnight part of each weekday's hours must not overlap the next weekday's own hours. */
    private static void checkAcrossMidnight(Map<DayOfWeek, List<TimeRange>> weeklyHours, List<Violation> violations) {
        weeklyHours.forEach((day, ranges) -> {
            List<TimeRange> next = weeklyHours.getOrDefault(day.plus(1), List.of());
            for (TimeRange range : ranges) {
                range.nextDayPart().ifPresent(after -> next.stream().filter(after::overlaps).findFirst().ifPresent(other ->
                        violations.add(new Violation("weeklyHours." + day, "range " + range + " runs past midnight into "
                                + day.plus(1) + "'s " + other))));
            }
        });
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
            List<TimeRange> hours = sortedRanges(ranges, "dateOverrides." + date, true, violations);
            hours.stream().filter(TimeRange::crossesMidnight).findFirst().ifPresent(range -> violations.add(new Violation(
                    "dateOverrides." + date, "range " + range + " crosses midnight: an override covers its own date only, "
                    + "so end it at 24:00 and override " + date.plusDays(1) + " for the rest")));
            sorted.put(date, hours);
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
