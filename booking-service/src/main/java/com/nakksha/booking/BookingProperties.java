package com.nakksha.booking;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Booking rules that are the platform's, not the consultant's.
 *
 * @param paymentHold how long an unpaid public booking keeps its slot
 * @param holdExpiryInterval how often expired holds are looked for and abandoned
 * @param holdExpiryBatch how many expired holds one round abandons
 * @param defaultTimeZone the zone of a consultant whose profile has not arrived yet
 * @param maxPageSize the largest page a list endpoint returns
 */
@ConfigurationProperties("nakksha.booking")
public record BookingProperties(
        @DefaultValue("15m") Duration paymentHold,
        @DefaultValue("5s") Duration holdExpiryInterval,
        @DefaultValue("100") int holdExpiryBatch,
        @DefaultValue("Asia/Kolkata") ZoneId defaultTimeZone,
        @DefaultValue("100") int maxPageSize) {
}
