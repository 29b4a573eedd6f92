package com.nakksha.booking.consultant;

/** The kinds of session a consultant offers, each with its own price and title in the profile. */
public enum SessionType {
    PERSONAL,
    WEBINAR
}
