package com.nakksha.booking.slots;

import com.nakksha.booking.availability.TimeSpan;
import com.nakksha.booking.consultant.SessionType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Occupied time indexed for overlap questions in logarithmic time: personal sessions merged into
 * disjoint spans, webinar occurrences kept apart because a viewer may still join one.
 */
final class OccupiedTime {

    static final int TAKEN = 0;

    private final Instant[] mergedStarts;
    private final Instant[] mergedEnds;
    private final List<Occupancy> webinars;
    private final Duration longestWebinarBlock;

    private OccupiedTime(List<TimeSpan> merged, List<Occupancy> webinars) {
        this.mergedStarts = merged.stream().map(TimeSpan::start).toArray(Instant[]::new);
        this.mergedEnds = merged.stream().map(TimeSpan::end).toArray(Instant[]::new);
        this.webinars = webinars;
        this.longestWebinarBlock = webinars.stream().map(w -> w.blocked().length())
                .max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    static OccupiedTime of(Collection<Occupancy> occupied) {
        List<TimeSpan> personal = new ArrayList<>();
        List<Occupancy> webinars = new ArrayList<>();
        for (Occupancy occupancy : occupied) {
            if (occupancy.blocked().isEmpty()) {
                continue;
            }
            if (occupancy.isWebinar()) {
                webinars.add(occupancy);
            } else {
                personal.add(occupancy.blocked());
            }
        }
        personal.sort(Comparator.comparing(TimeSpan::start));
        List<TimeSpan> merged = new ArrayList<>();
        for (TimeSpan span : personal) {
            TimeSpan last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && !span.start().isAfter(last.end())) {
                if (span.end().isAfter(last.end())) {
                    merged.set(merged.size() - 1, new TimeSpan(last.start(), span.end()));
                }
            } else {
                merged.add(span);
            }
        }
        webinars.sort(Comparator.comparing((Occupancy w) -> w.blocked().start()));
        return new OccupiedTime(merged, webinars);
    }

    /**
     * Seats a candidate session could still take, or {@link #TAKEN}: one for a free personal
     * slot, the seats left for a webinar (the occurrence's own, when it joins one).
     */
    int seatsFor(SessionType type, Instant start, Duration duration, TimeSpan blocked, int seatsPerWebinar) {
        if (overlapsPersonal(blocked)) {
            return TAKEN;
        }
        int seats = type == SessionType.WEBINAR ? seatsPerWebinar : 1;
        for (int i = firstWebinarStartingFrom(blocked.start().minus(longestWebinarBlock)); i < webinars.size(); i++) {
            Occupancy webinar = webinars.get(i);
            if (!webinar.blocked().start().isBefore(blocked.end())) {
                break;
            }
            if (!webinar.blocked().overlaps(blocked)) {
                continue;
            }
            boolean sameOccurrence = type == SessionType.WEBINAR
                    && webinar.webinar().start().equals(start)
                    && webinar.webinar().duration().equals(duration);
            if (!sameOccurrence) {
                return TAKEN;
            }
            seats = Math.min(seats, Math.max(webinar.webinar().seatsLeft(), TAKEN));
        }
        return seats;
    }

    private boolean overlapsPersonal(TimeSpan blocked) {
        int low = 0;
        int high = mergedEnds.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (mergedEnds[middle].isAfter(blocked.start())) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low < mergedStarts.length && mergedStarts[low].isBefore(blocked.end());
    }

    private int firstWebinarStartingFrom(Instant instant) {
        int low = 0;
        int high = webinars.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (webinars.get(middle).blocked().start().isBefore(instant)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
