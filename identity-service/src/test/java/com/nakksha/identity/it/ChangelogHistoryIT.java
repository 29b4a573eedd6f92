package com.nakksha.identity.it;

import java.util.List;

import com.nakksha.testsupport.ChangelogUpgrade;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TestInfrastructure.DatabaseAccess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity's first changesets were YAML and are formatted SQL today (feaa0f2). A database that ran the YAML form
 * must upgrade to today's changelog as it is: no checksum refused, none of them run again.
 */
class ChangelogHistoryIT {

    private static final List<String> RAN_AS_YAML = List.of(
            "identity-001-consultant", "identity-001-admin", "identity-001-tokens", "identity-001-login-failures-and-audit");

    @Test
    void aSchemaCreatedByTheYamlAccountsChangesetsUpgradesWithTodaysChangelog() {
        DatabaseAccess asRun = TestInfrastructure.provision("identityasrun");
        List<String> before = ChangelogUpgrade.update(asRun, "db/changelog-as-run/db.changelog-master.yaml");
        assertThat(before).endsWith(RAN_AS_YAML.toArray(String[]::new));

        List<String> upgraded = ChangelogUpgrade.update(asRun, "db/changelog/db.changelog-master.yaml");

        List<String> today = ChangelogUpgrade.update(TestInfrastructure.provision("identityfresh"), "db/changelog/db.changelog-master.yaml");
        assertThat(upgraded).as("the YAML changesets kept, the later ones run once after them")
                .startsWith(before.toArray(String[]::new))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(today);
        assertThat(upgraded).hasSizeGreaterThan(before.size());
    }
}
