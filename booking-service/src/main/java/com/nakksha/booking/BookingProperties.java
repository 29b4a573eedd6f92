package com.nakksha.booking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Booking rules that are the platform's, not the consultant's.
 *
 * @param paymentHold how long an unpaid public booking keeps its slot
 * @param paymentHoldGrace how much longer the slot is kept once the client opens a payment order
 *                         (UPI collect and 3-D Secure take minutes; DESIGN.md, holds and payments in flight)
 * @param paymentHoldMaximum the longest an unpaid booking keeps its slot, counted from the booking, however
 *                           many orders are opened
 * @param holdExpiryInterval how often expired holds are looked for and abandoned
 * @param holdExpiryBatch how many expired holds one round abandons
 * @param defaultTimeZone the zone of a consultant whose profile has not arrived yet
 * @param maxPageSize the largest page a list endpoint returns
 * @param manageLinkValidity how long after its session ended a client's manage link still opens it (then 404)
 * @param retiredSlugRedirect how long a consultant's previous slug keeps redirecting to the new one (unless
 *                            another consultant takes it); after that it answers 404
 * @param holdLimits how many unpaid public bookings may hold their time at once (issue 14: one address could
 *                   otherwise hold a consultant's whole calendar)
 * @param recentReads how the public booking keeps the profiles and availabilities it read
 */
@ConfigurationProperties("nakksha.booking")
public record BookingProperties(
        @DefaultValue("15m") Duration paymentHold,
        @DefaultValue("10m") Duration paymentHoldGrace,
        @DefaultValue("30m") Duration paymentHoldMaximum,
        @DefaultValue("5s") Duration holdExpiryInterval,
        @DefaultValue("100") int holdExpiryBatch,
        @DefaultValue("Asia/Kolkata") ZoneId defaultTimeZone,
        @DefaultValue("100") int maxPageSize,
        @DefaultValue("30d") Duration manageLinkValidity,
        @DefaultValue("90d") Duration retiredSlugRedirect,
        @DefaultValue HoldLimits holdLimits,
        @DefaultValue RecentReads recentReads) {

    /**
     * A public booking books on a profile and an availability it may have read for an earlier booking, and requires
     * them unchanged at its commit ({@code CommitWrites.Write.unchanged}): two round trips fewer. What changed since is
     * read again, so these bound memory and how long an unused read is kept, not how stale a booking may be.
     *
     * @param maxEntries  profiles (and as many availabilities) kept, the least recently used dropped first
     * @param expireAfter how long after it was read a profile or an availability is dropped
     */
    public record RecentReads(@DefaultValue("10000") int maxEntries, @DefaultValue("5m") Duration expireAfter) {

        /** An empty cache of reads bounded as configured. */
        public <K, V> Cache<K, V> newCache() {
            return Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(expireAfter).build();
        }
    }

    /**
     * Live holds (unpaid public bookings within their payment hold) allowed at once; one more is refused with
     * 429 until a hold is paid or expires.
     *
     * @param perEmail         of one client email, across consultants
     * @param perClientAddress of one client address (an IPv6 client by its /64), across consultants
     * @param perConsultant    of one consultant's calendar, whoever holds them
     */
    public record HoldLimits(@DefaultValue("3") int perEmail, @DefaultValue("5") int perClientAddress,
                             @DefaultValue("20") int perConsultant) {
    }
}
