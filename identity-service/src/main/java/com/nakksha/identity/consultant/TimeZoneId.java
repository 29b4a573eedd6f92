package com.nakksha.identity.consultant;

import java.time.ZoneId;

import com.nakksha.defaults.time.RegionZones;

/**
 * An IANA time zone id such as {@code Asia/Kolkata}. Fixed offsets like {@code +05:30} are refused:
 * they do not follow daylight-saving changes, and slot times would drift for consultants abroad.
 */
public record TimeZoneId(String value) {

    public static final TimeZoneId DEFAULT = new TimeZoneId("Asia/Kolkata");

    public TimeZoneId {
        if (!RegionZones.known(value)) {
            throw new InvalidProfileValue("must be an IANA time zone id such as Asia/Kolkata");
        }
    }

    public static TimeZoneId parse(String raw) {
        if (raw == null) {
            throw new InvalidProfileValue("must not be empty");
        }
        return new TimeZoneId(raw.strip());
    }

    public ZoneId zone() {
        return ZoneId.of(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
