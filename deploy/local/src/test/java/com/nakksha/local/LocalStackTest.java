package com.nakksha.local;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the launcher says as it stops its services, depending on which of them write a class-data archive. */
class LocalStackTest {

    @Test
    void aStopWithEveryArchiveInPlaceSaysNothingOfArchives() {
        assertThat(LocalStack.stopAnnouncement(7, List.of())).isEqualTo("Stopping 7 services");
    }

    @Test
    void aStopWhereEveryServiceWritesItsArchiveSaysWhyItTakesLonger() {
        List<String> all = List.of("identity-service", "booking-service", "payment-service", "quotation-service",
                "notification-service", "analytics-service", "gateway-service");

        assertThat(LocalStack.stopAnnouncement(7, all)).isEqualTo("Stopping 7 services (each writes its class-data archive"
                + " for faster starts as it exits, which takes longer)");
    }

    @Test
    void aStopWhereSomeServicesWriteTheirArchiveNamesThem() {
        assertThat(LocalStack.stopAnnouncement(7, List.of("booking-service")))
                .startsWith("Stopping 7 services (booking-service writes its class-data archive for faster starts as it exits");
        assertThat(LocalStack.stopAnnouncement(7, List.of("booking-service", "payment-service")))
                .startsWith("Stopping 7 services (booking-service, payment-service write their class-data archives for faster"
                        + " starts as they exit");
        assertThat(LocalStack.stopAnnouncement(1, List.of("booking-service")))
                .startsWith("Stopping 1 service (booking-service writes its");
    }

    @Test
    void noStopPromisesThatItIsTheFirstTime() {
        assertThat(List.of(LocalStack.stopAnnouncement(7, List.of()), LocalStack.stopAnnouncement(2, List.of("a", "b")),
                LocalStack.stopAnnouncement(2, List.of("a")))).noneMatch(said -> said.contains("first time"));
    }
}
