package com.nakksha.booking.availability;

public enum MeetingPlatform {
    ZOOM,
    MEET,
    TEAMS
}
