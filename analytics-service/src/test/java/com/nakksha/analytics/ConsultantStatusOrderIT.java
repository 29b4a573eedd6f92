package com.nakksha.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nakksha.events.ConsultantApproved;
import com.nakksha.events.ConsultantSuspended;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import static com.nakksha.analytics.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin figures count a consultant in the status of identity's newest decision, ordered by the account's
 * {@code consultantVersion}: an approval re-driven from the dead-letter topic after a newer suspension, or stamped
 * later by a slower clock, changes nothing.
 */
class ConsultantStatusOrderIT extends AbstractAnalyticsIT {

    private static final Instant REGISTERED = Instant.parse("2031-05-01T05:00:00Z");

    @Test
    void aConsultantCountsInTheNewestDecisionsStatusWhateverTheOrderAndTimestamps() {
        UUID reinstated = UUID.randomUUID();
        UUID suspended = UUID.randomUUID();
        List<SpecificRecord> events = List.of(
                registered(reinstated, REGISTERED),
                approved(reinstated, 2, REGISTERED.plusSeconds(60)),
                suspended(reinstated, 3, REGISTERED.plusSeconds(120)),
                // The reinstatement's clock read 30 s behind the suspension's.
                approved(reinstated, 4, REGISTERED.plusSeconds(90)),
                registered(suspended, REGISTERED),
                suspended(suspended, 5, REGISTERED.plusSeconds(120)),
                // The approval of version 2, delivered after the suspension and stamped after it.
                approved(suspended, 2, REGISTERED.plusSeconds(180)));
        publish(events);
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(events) == events.size());

        assertThat(status(reinstated)).isEqualTo("APPROVED");
        assertThat(status(suspended)).isEqualTo("SUSPENDED");
    }

    private static ConsultantApproved approved(UUID consultantId, long version, Instant at) {
        return ConsultantApproved.newBuilder(TestEvents.approved(consultantId, at)).setConsultantVersion(version).build();
    }

    private static ConsultantSuspended suspended(UUID consultantId, long version, Instant at) {
        return ConsultantSuspended.newBuilder(TestEvents.suspended(consultantId, at)).setConsultantVersion(version).build();
    }

    /** The status consultantsByStatus counts the consultant in, in the generation the figures read. */
    private String status(UUID consultantId) {
        return database.sql("""
                        SELECT status FROM consultant_fact WHERE consultant_id = :id
                        AND generation = (SELECT generation FROM projection_generation WHERE state = 'ACTIVE')""")
                .bind("id", consultantId)
                .map(row -> row.get("status", String.class))
                .one().block();
    }
}
