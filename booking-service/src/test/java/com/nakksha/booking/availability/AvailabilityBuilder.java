package com.nakksha.booking.availability;

import com.nakksha.booking.consultant.SessionType;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds availability for tests: nothing open, no notice, no buffers, 30-minute grid, 60-minute sessions. */
public final class AvailabilityBuilder {

    private final ZoneId zone;
    private final Map<DayOfWeek, List<TimeRange>> weekly = new EnumMap<>(DayOfWeek.class);
    private final Map<DayOfWeek, List<TimeRange>> breaks = new EnumMap<>(DayOfWeek.class);
    private final Map<LocalDate, List<TimeRange>> overrides = new HashMap<>();
    private final Map<MeetingPlatform, String> links = new EnumMap<>(MeetingPlatform.class);
    private final Map<SessionType, List<Duration>> durations = new EnumMap<>(SessionType.class);
    private Duration notice = Duration.ZERO;
    private Duration advance = Duration.ofDays(365);
    private Duration before = Duration.ZERO;
    private Duration after = Duration.ZERO;
    private Duration interval = Duration.ofMinutes(30);
    private int seats = 3;

    private AvailabilityBuilder(ZoneId zone) {
        this.zone = zone;
        durations.put(SessionType.PERSONAL, List.of(Duration.ofMinutes(60)));
        durations.put(SessionType.WEBINAR, List.of(Duration.ofMinutes(60)));
    }

    public static AvailabilityBuilder in(String zone) {
        return new AvailabilityBuilder(ZoneId.of(zone));
    }

    public AvailabilityBuilder open(DayOfWeek day, String from, String to) {
        weekly.computeIfAbsent(day, d -> new ArrayList<>()).add(TimeRange.of(from, to));
        return this;
    }

    public AvailabilityBuilder openEveryDay(String from, String to) {
        for (DayOfWeek day : DayOfWeek.values()) {
            open(day, from, to);
        }
        return this;
    }

    public AvailabilityBuilder pause(DayOfWeek day, String from, String to) {
        breaks.computeIfAbsent(day, d -> new ArrayList<>()).add(TimeRange.of(from, to));
        return this;
    }

    public AvailabilityBuilder override(LocalDate date, TimeRange... hours) {
        overrides.put(date, Arrays.asList(hours));
        return this;
    }

    public AvailabilityBuilder notice(Duration value) {
        notice = value;
        return this;
    }

    public AvailabilityBuilder advance(Duration value) {
        advance = value;
        return this;
    }

    public AvailabilityBuilder buffers(Duration beforeSession, Duration afterSession) {
        before = beforeSession;
        after = afterSession;
        return this;
    }

    public AvailabilityBuilder interval(Duration value) {
        interval = value;
        return this;
    }

    public AvailabilityBuilder durations(SessionType type, Duration... values) {
        durations.put(type, List.of(values));
        return this;
    }

    public AvailabilityBuilder seats(int value) {
        seats = value;
        return this;
    }

    public AvailabilityBuilder link(MeetingPlatform platform, String link) {
        links.put(platform, link);
        return this;
    }

    public Availability build() {
        return new Availability(zone, weekly, breaks, overrides, notice, advance, before, after, interval, durations,
                seats, links);
    }
}
