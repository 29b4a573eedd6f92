package com.nakksha.booking.session;

import com.nakksha.booking.availability.MeetingPlatform;
import com.nakksha.booking.consultant.SessionType;
import com.nakksha.booking.money.Money;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** What a new session is about, whoever books it. */
public record SessionDetails(SessionType type, String title, Instant startsAt, Duration duration, Money amount,
                             MeetingPlatform platform, String meetingLink, String notes, String consultantNotes) {

    public SessionDetails {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(platform, "platform");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a session needs a positive duration");
        }
    }
}
