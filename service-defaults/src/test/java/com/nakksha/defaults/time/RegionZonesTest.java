package com.nakksha.defaults.time;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegionZonesTest {

    @Test
    void aRegionIdIsKnownAndGivesItsZone() {
        assertThat(RegionZones.known("Asia/Kolkata")).isTrue();
        assertThat(RegionZones.of("America/New_York")).contains(ZoneId.of("America/New_York"));
    }

    @Test
    void anOffsetAnUnknownIdOrNothingIsNoRegionZone() {
        assertThat(RegionZones.known("+05:30")).isFalse();
        assertThat(RegionZones.known("UTC+5")).isFalse();
        assertThat(RegionZones.known("Mars/Olympus_Mons")).isFalse();
        assertThat(RegionZones.known("asia/kolkata")).as("ids are case-sensitive, as ZoneId.of is").isFalse();
        assertThat(RegionZones.known(null)).isFalse();
        assertThat(RegionZones.of("+05:30")).isEmpty();
    }
}
