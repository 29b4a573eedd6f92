package com.nakksha.observability;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboards Grafana provisions from deploy/grafana/dashboards load and query the provisioned Prometheus. */
class DashboardsTest {

    @Test
    void theOverviewBusinessMessagingAndJvmDashboardsAreProvisioned() throws IOException {
        assertThat(MonitoringFiles.dashboardFiles()).extracting(file -> file.getFileName().toString())
                .contains("nakksha-platform.json", "nakksha-business.json", "nakksha-messaging.json", "nakksha-jvm.json");
        String provider = Files.readString(MonitoringFiles.ROOT.resolve("deploy/grafana/provisioning/dashboards/nakksha.yml"));
        assertThat(provider).contains("path: /var/lib/grafana/dashboards");
    }

    @Test
    void everyPanelQueriesTheProvisionedPrometheusDataSource() throws IOException {
        Set<String> uids = new HashSet<>();
        for (Path file : MonitoringFiles.dashboardFiles()) {
            JsonNode dashboard = MonitoringFiles.dashboard(file);
            assertThat(uids.add(dashboard.path("uid").asString())).as("unique uid in %s", file).isTrue();
            assertThat(dashboard.path("title").asString()).as("title of %s", file).isNotBlank();
            Set<Integer> ids = new HashSet<>();
            assertThat(dashboard.path("panels").size()).as("panels of %s", file).isPositive();
            for (JsonNode panel : dashboard.path("panels")) {
                String where = file.getFileName() + " panel '" + panel.path("title").asString() + "'";
                assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", where).isTrue();
                assertThat(panel.path("gridPos").path("w").asInt()).as("width of %s", where).isPositive();
                assertThat(panel.path("datasource").path("uid").asString()).as("data source of %s", where).isEqualTo("prometheus");
                assertThat(panel.path("targets").size()).as("queries of %s", where).isPositive();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asString()).as("query of %s", where).isNotBlank();
                }
            }
        }
    }
}
