package com.nakksha.booking.client;

import java.time.Instant;
import java.util.UUID;

/** A person who books a consultant; one per consultant and email, compared without case. */
public record Client(
        UUID id,
        UUID consultantId,
        String name,
        String email,
        String phoneCountryCode,
        String phoneNumber,
        String address,
        String city,
        String state,
        String country,
        boolean active,
        int totalSessions,
        long totalPaidMinor,
        String currency,
        Instant createdAt,
        Instant updatedAt) {

    /** The phone with its country code, as events carry it. */
    public String fullPhone() {
        if (phoneNumber == null) {
            return null;
        }
        return phoneCountryCode == null ? phoneNumber : phoneCountryCode + " " + phoneNumber;
    }
}
