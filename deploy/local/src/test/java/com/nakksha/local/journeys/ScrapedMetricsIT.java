package com.nakksha.local.journeys;

import com.nakksha.local.PlatformService;
import com.nakksha.local.SharedStack;
import com.nakksha.observability.MonitoringFiles;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 on the running stack: every metric the Grafana dashboards and the Prometheus alert rules query
 * is in some service's {@code /actuator/prometheus} scrape, as Prometheus would scrape it per
 * {@code deploy/prometheus/prometheus.yml} (each service's own port). deploy/observability's
 * {@code MetricNamesTest} checks the names against the meters the sources register; this checks them
 * against what the services really export. Runs after the other journeys (class order), so the meters
 * that appear on first use (a payment, a mail, a refund) have been used, and before {@code PlatformJourneysIT}
 * kills and restarts services, which starts their meters afresh.
 */
@Order(SharedStack.STOPS_THE_STACK - 1)
@ExtendWith(SharedStack.class)
class ScrapedMetricsIT {

    /** Made by Prometheus itself for every target it scrapes, never exported by one. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyMetricTheDashboardsAndAlertsQueryIsInSomeServicesScrape() throws Exception {
        Map<String, Set<String>> exportedBy = new TreeMap<>();
        for (PlatformService service : PlatformService.values()) {
            if (service == PlatformService.RAZORPAY_SIMULATOR) {
                continue; // a stand-in for Razorpay, not scraped in production
            }
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + service.managementPort() + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).as("GET /actuator/prometheus of %s", service.module()).isEqualTo(200);
            for (String name : sampleNames(scrape.body())) {
                exportedBy.computeIfAbsent(name, ignored -> new TreeSet<>()).add(service.module());
            }
        }
        assertThat(exportedBy).as("the services' scrapes").containsKey("http_server_requests_seconds_count");

        Map<String, String> queries = MonitoringFiles.queries(MonitoringFiles.everyRuleFilesAlerts());
        assertThat(queries).hasSizeGreaterThan(20);
        Map<String, Set<String>> missing = new TreeMap<>();
        queries.forEach((where, expr) -> MonitoringFiles.metricNames(expr).stream()
                .filter(name -> !PROMETHEUS_OWN.contains(name) && !exportedBy.containsKey(name))
                .forEach(name -> missing.computeIfAbsent(name, ignored -> new TreeSet<>()).add(where)));
        assertThat(missing).as("metrics queried by the dashboards and alerts (name -> where) that no service exports").isEmpty();
    }

    /** The metric names of the samples in a Prometheus text exposition ({@code name{labels} value}), without comments. */
    private static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        });
        return names;
    }
}
