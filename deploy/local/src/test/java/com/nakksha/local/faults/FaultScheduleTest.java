package com.nakksha.local.faults;

import java.nio.file.Path;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FaultScheduleTest {

    private static final Path DATA_DIR = Path.of("target", "no-stack");

    @Test
    void aSeedRepeatsTheSameFaultsInTheSameOrderAndAnotherSeedMayNot() {
        assertThat(FaultSchedule.longForm(DATA_DIR, 7).faults()).isEqualTo(FaultSchedule.longForm(DATA_DIR, 7).faults());
        assertThat(FaultSchedule.shortForm(DATA_DIR, 7).faults()).isEqualTo(FaultSchedule.shortForm(DATA_DIR, 7).faults());
        assertThat(LongStream.range(0, 20).mapToObj(seed -> FaultSchedule.longForm(DATA_DIR, seed).faults()).distinct().count())
                .isGreaterThan(1);
    }

    @Test
    void theShortFormHasOneFaultOfEachKindAndNeverPausesTheGateway() {
        for (long seed = 0; seed < 50; seed++) {
            var faults = FaultSchedule.shortForm(DATA_DIR, seed).faults();
            assertThat(faults).hasSize(4);
            assertThat(faults).filteredOn(fault -> fault.kind() == FaultSchedule.Kind.KILL).extracting(FaultSchedule.Fault::process)
                    .contains("kafka", "postgres").hasSize(3);
            assertThat(faults).filteredOn(fault -> fault.kind() == FaultSchedule.Kind.PAUSE).singleElement()
                    .satisfies(fault -> assertThat(fault.process()).isNotIn("gateway-service", "kafka", "postgres"));
        }
    }

    @Test
    void theLongFormKillsEveryServiceKafkaAndPostgresTwiceAndHoldsTheBrokerDownOnce() {
        var faults = FaultSchedule.longForm(DATA_DIR, 3).faults();
        assertThat(faults).filteredOn(fault -> fault.kind() == FaultSchedule.Kind.KILL).extracting(FaultSchedule.Fault::process)
                .containsExactlyInAnyOrder("gateway-service", "identity-service", "booking-service", "payment-service",
                        "quotation-service", "notification-service", "analytics-service", "kafka", "kafka", "postgres", "postgres");
        assertThat(faults).filteredOn(fault -> fault.kind() == FaultSchedule.Kind.PAUSE).extracting(FaultSchedule.Fault::process)
                .contains("kafka", "postgres").doesNotContain("gateway-service").hasSize(4);
        assertThat(faults).filteredOn(fault -> fault.kind() == FaultSchedule.Kind.OUTAGE).extracting(FaultSchedule.Fault::process)
                .containsExactly("kafka");
    }
}
