package com.nakksha.defaults.time;

import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * The IANA region zone ids this JVM knows ({@code Asia/Kolkata}), read once. {@link ZoneId#getAvailableZoneIds()}
 * copies every id into a new set on each call, which a check per consumed event or request should not pay. Fixed
 * offsets such as {@code +05:30} are not region zones: a day's length there would not follow the place's rules.
 */
public final class RegionZones {

    private static final Set<String> KNOWN = Set.copyOf(ZoneId.getAvailableZoneIds());

    private RegionZones() {
    }

    /** Whether {@code id} is a region zone id this JVM knows; false for null. */
    public static boolean known(String id) {
        return id != null && KNOWN.contains(id);
    }

    /** The zone of a known region zone id; empty for null, an offset or an id this JVM does not know. */
    public static Optional<ZoneId> of(String id) {
        return known(id) ? Optional.of(ZoneId.of(id)) : Optional.empty();
    }
}
