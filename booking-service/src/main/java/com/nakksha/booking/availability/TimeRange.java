package com.nakksha.booking.availability;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Wall-clock hours starting on one day, {@code [start, end)}. An end of {@code 00:00} (written
 * {@code 24:00}) means midnight at the end of the day. An end before the start continues past
 * midnight into the next day ({@code 22:00-02:00}), so a range is shorter than 24 hours unless it
 * is the whole day {@code 00:00-24:00}.
 */
public record TimeRange(LocalTime start, LocalTime end) implements Comparable<TimeRange> {

    private static final int SECONDS_PER_DAY = 24 * 60 * 60;
    public static final String END_OF_DAY = "24:00";

    public TimeRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.equals(start) && !end.equals(LocalTime.MIDNIGHT)) {
            throw new IllegalArgumentException("end " + text(end, true) + " must differ from start " + text(start, false));
        }
    }

    public static TimeRange of(String start, String end) {
        return new TimeRange(parse(start, false), parse(end, true));
    }

    public static LocalTime parse(String text, boolean end) {
        if (text == null) {
            throw new IllegalArgumentException("is required");
        }
        if (end && END_OF_DAY.equals(text)) {
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time of day like 09:30" + (end ? " or 24:00" : ""));
        }
    }

    public String startText() {
        return text(start, false);
    }

    public String endText() {
        return text(end, true);
    }

    /** Whether the range runs past midnight into the next day (an end of {@code 24:00} does not). */
    public boolean crossesMidnight() {
        return endSecond() > SECONDS_PER_DAY;
    }

    /** The part on the day the range starts: itself, or up to {@code 24:00} when it crosses midnight. */
    public TimeRange sameDayPart() {
        return crossesMidnight() ? new TimeRange(start, LocalTime.MIDNIGHT) : this;
    }

    /** The part after midnight on the next day, from {@code 00:00}, when the range crosses midnight. */
    public Optional<TimeRange> nextDayPart() {
        return crossesMidnight() ? Optional.of(new TimeRange(LocalTime.MIDNIGHT, end)) : Optional.empty();
    }

    /** Whether the ranges share time; both are read as starting on the same day. */
    public boolean overlaps(TimeRange other) {
        return startSecond() < other.endSecond() && other.startSecond() < endSecond();
    }

    /**
     * What is left of this range once {@code cut} is taken out: zero, one or two ranges. Both are
     * within one day (neither crosses midnight): split them with {@link #sameDayPart()} and
     * {@link #nextDayPart()} first.
     */
    public List<TimeRange> minus(TimeRange cut) {
        if (!overlaps(cut)) {
            return List.of(this);
        }
        List<TimeRange> rest = new ArrayList<>(2);
        if (startSecond() < cut.startSecond()) {
            rest.add(new TimeRange(start, cut.start));
        }
        if (cut.endSecond() < endSecond()) {
            rest.add(new TimeRange(cut.end, end));
        }
        return rest;
    }

    public LocalDateTime startOn(LocalDate date) {
        return date.atTime(start);
    }

    public LocalDateTime endOn(LocalDate date) {
        return endSecond() >= SECONDS_PER_DAY ? date.plusDays(1).atTime(end) : date.atTime(end);
    }

    int startSecond() {
        return start.toSecondOfDay();
    }

    int endSecond() {
        int endOfDay = end.toSecondOfDay();
        return endOfDay <= start.toSecondOfDay() ? endOfDay + SECONDS_PER_DAY : endOfDay;
    }

    @Override
    public int compareTo(TimeRange other) {
        int byStart = Integer.compare(startSecond(), other.startSecond());
        return byStart != 0 ? byStart : Integer.compare(endSecond(), other.endSecond());
    }

    @Override
    public String toString() {
        return startText() + "-" + endText();
    }

    private static String text(LocalTime time, boolean end) {
        return end && time.equals(LocalTime.MIDNIGHT) ? END_OF_DAY : time.toString();
    }
}
