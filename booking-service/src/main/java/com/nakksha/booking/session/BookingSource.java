package com.nakksha.booking.session;

public enum BookingSource {
    PUBLIC,
    MANUAL
}
