package com.nakksha.defaults.it;

import java.util.List;

import com.nakksha.testsupport.ChangelogUpgrade;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TestInfrastructure.DatabaseAccess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tables every service has were first written as YAML changesets and are formatted SQL today (feaa0f2). A
 * database that ran the YAML form must upgrade to today's changelog as it is: no checksum refused, none of those
 * changesets run again, only the later ones applied.
 */
class ChangelogHistoryIT {

    private static final List<String> RAN_AS_YAML = List.of(
            "nakksha-defaults-001-outbox", "nakksha-defaults-002-inbox", "inbox-001-handled-at-index",
            "nakksha-defaults-003-outbox-leases-and-parking", "nakksha-defaults-004-outbox-purge-index", "idempotency-001-key");

    @Test
    void aSchemaCreatedByTheYamlChangesetsUpgradesWithTodaysChangelogRunningOnlyTheLaterOnes() {
        DatabaseAccess asRun = TestInfrastructure.provision("changelogasrun");
        assertThat(ChangelogUpgrade.update(asRun, "db/changelog-as-run/nakksha-defaults.yaml"))
                .containsExactlyElementsOf(RAN_AS_YAML);

        List<String> upgraded = ChangelogUpgrade.update(asRun, "db/changelog/nakksha-defaults.yaml");

        DatabaseAccess fresh = TestInfrastructure.provision("changelogfresh");
        List<String> today = ChangelogUpgrade.update(fresh, "db/changelog/nakksha-defaults.yaml");
        assertThat(upgraded).as("the YAML changesets kept, each later changeset run once after them")
                .startsWith(RAN_AS_YAML.toArray(String[]::new))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(today);
        assertThat(today.size()).as("today's changelog has changesets after the YAML ones").isGreaterThan(RAN_AS_YAML.size());
    }
}
