package com.nakksha.local.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReconciliationTest {

    private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

    private static final List<FaultSchedule.Outcome> OUTCOMES = List.of(
            outcome(FaultSchedule.Kind.KILL, "kafka", 101),
            outcome(FaultSchedule.Kind.PAUSE, "booking-service", 102),
            outcome(FaultSchedule.Kind.KILL, "postgres", 103),
            outcome(FaultSchedule.Kind.KILL, "payment-service", 104));

    @Test
    void everyKillReportedInTheOrderOfTheFaultsPasses() {
        Reconciliation.Check check = Reconciliation.killsReported(OUTCOMES, List.of(
                "[ 10.0s] WARNING: Kafka exited with code 137; services keep events in their outboxes",
                "[ 11.0s] kafka restarted 1.0 s after it died",
                "[ 50.0s] WARNING: Postgres (embedded, data in /tmp/x/postgres) is gone; services answer 503",
                "[ 70.0s] WARNING: payment-service (pid 104) exited with code 137; the rest keep running"));

        assertThat(check.checked()).isEqualTo(3);
        assertThat(check.mismatches()).isEmpty();
    }

    @Test
    void aKillTheLauncherDidNotReportOrReportedForAnotherPidIsAMismatch() {
        Reconciliation.Check check = Reconciliation.killsReported(OUTCOMES, List.of(
                "[ 50.0s] WARNING: Postgres (embedded, data in /tmp/x/postgres) is gone; services answer 503",
                "[ 70.0s] WARNING: payment-service (pid 99) exited with code 137; the rest keep running"));

        assertThat(check.mismatches()).hasSize(2)
                .anySatisfy(mismatch -> assertThat(mismatch).contains("WARNING: Kafka exited"))
                .anySatisfy(mismatch -> assertThat(mismatch).contains("payment-service (pid 104)"));
    }

    @Test
    void aReportPrintedBeforeTheFaultBeforeItDoesNotCount() {
        Reconciliation.Check check = Reconciliation.killsReported(OUTCOMES, List.of(
                "[ 50.0s] WARNING: Postgres (embedded, data in /tmp/x/postgres) is gone; services answer 503",
                "[ 55.0s] WARNING: Kafka exited with code 137; services keep events in their outboxes",
                "[ 70.0s] WARNING: payment-service (pid 104) exited with code 137; the rest keep running"));

        assertThat(check.mismatches()).singleElement().satisfies(mismatch -> assertThat(mismatch).contains("WARNING: Postgres"));
    }

    private static FaultSchedule.Outcome outcome(FaultSchedule.Kind kind, String process, long pid) {
        return new FaultSchedule.Outcome(new FaultSchedule.Fault(kind, process), pid, AT, Duration.ofSeconds(10));
    }
}
