package com.nakksha.booking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Availability request bodies as the dashboard sends them: open every day, no notice, no buffers, 60-minute sessions. */
public final class AvailabilityJson {

    private AvailabilityJson() {
    }

    public static Map<String, Object> openEveryDay(String timeZone, String from, String to) {
        Map<String, Object> weekly = new LinkedHashMap<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            weekly.put(day, List.of(Map.of("start", from, "end", to)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timeZone", timeZone);
        body.put("weeklyHours", weekly);
        body.put("breaks", Map.of());
        body.put("dateOverrides", new ArrayList<>());
        body.put("minimumNoticeMinutes", 0);
        body.put("maximumAdvanceDays", 365);
        body.put("bufferBeforeMinutes", 0);
        body.put("bufferAfterMinutes", 0);
        body.put("slotIntervalMinutes", 30);
        body.put("durations", Map.of("PERSONAL", List.of(60), "WEBINAR", List.of(60)));
        body.put("webinarSeats", 3);
        body.put("meetingLinks", Map.of("ZOOM", "https://zoom.example.com/j/123"));
        return body;
    }
}
