package com.nakksha.booking.availability;

public enum SessionType {
    PERSONAL,
    WEBINAR
}
