package com.nakksha.observability;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric a dashboard panel or an alert queries is one the services register, under the name
 * Micrometer's Prometheus registry gives it ({@link ExpectedMeters} reads Nakksha's own from the sources and
 * lists the frameworks'), and one some service is expected to export, which that service's boot test checks
 * against its real scrape.
 */
class MetricNamesTest {

    @Test
    void everyQueriedMetricIsRegisteredBySomeService() throws IOException {
        Set<String> exported = new TreeSet<>(ExpectedMeters.FRAMEWORK);
        exported.addAll(ExpectedMeters.registered());
        exported.add("up");
        Map<String, String> queries = MonitoringFiles.queries(MonitoringFiles.everyRuleFilesAlerts());
        assertThat(queries).hasSizeGreaterThan(20);
        queries.forEach((where, expr) -> assertThat(MonitoringFiles.metricNames(expr)).as(where).isNotEmpty()
                .allSatisfy(name -> assertThat(exported).as("%s queries %s", where, name).contains(name)));
    }

    @Test
    void everyQueriedMetricIsExpectedFromAServiceWhoseBootTestChecksIt() throws IOException {
        Map<String, Set<String>> expectedBy = new TreeMap<>();
        for (ExpectedMeters.Service service : ExpectedMeters.services()) {
            ExpectedMeters.expectedFrom(service).forEach(name -> expectedBy.computeIfAbsent(name, ignored -> new TreeSet<>()).add(service.module()));
        }
        assertThat(expectedBy.keySet()).containsExactlyInAnyOrderElementsOf(MonitoringFiles.queriedMetricNames());
    }

    @Test
    void theServicesAreReadFromTheirModules() throws IOException {
        assertThat(ExpectedMeters.services()).extracting(ExpectedMeters.Service::module).contains("booking-service", "gateway-service",
                "identity-service", "notification-service", "payment-service", "quotation-service", "analytics-service");
        assertThat(ExpectedMeters.Service.of("gateway-service")).isEqualTo(new ExpectedMeters.Service("gateway-service", false, false));
        assertThat(ExpectedMeters.Service.of("identity-service")).isEqualTo(new ExpectedMeters.Service("identity-service", true, false));
        assertThat(ExpectedMeters.Service.of("booking-service")).isEqualTo(new ExpectedMeters.Service("booking-service", true, true));
    }

    @Test
    void theOwnMetersTheRunbooksRelyOnAreExpectedFromTheServiceThatRegistersThem() throws IOException {
        assertThat(ExpectedMeters.expectedFrom(ExpectedMeters.Service.of("booking-service"))).contains("nakksha_outbox_parked",
                "nakksha_outbox_oldest_age_seconds", "nakksha_outbox_published_total", "nakksha_kafka_consumer_dead_letters_total",
                "nakksha_booking_holds_abandoned_total", "nakksha_booking_slot_taken_total", "r2dbc_pool_acquired_connections")
                .doesNotContain("nakksha_notification_emails_total", "spring_cloud_gateway_requests_seconds_count",
                        "resilience4j_circuitbreaker_state");
        assertThat(ExpectedMeters.expectedFrom(ExpectedMeters.Service.of("notification-service"))).contains(
                "nakksha_notification_reminder_lateness_seconds_max", "nakksha_notification_reminder_lateness_seconds_bucket",
                "nakksha_notification_emails_total");
        assertThat(ExpectedMeters.expectedFrom(ExpectedMeters.Service.of("payment-service"))).contains(
                "nakksha_payments_refunds_failed_total", "nakksha_payments_outcomes_total", "nakksha_payments_reconciliation_total",
                "nakksha_payments_refunds_unsent_oldest_age_seconds", "nakksha_payments_captures_owed", "nakksha_payments_webhooks_waiting_oldest_age_seconds",
                "nakksha_payments_webhooks_parked_total", "resilience4j_circuitbreaker_state");
        assertThat(ExpectedMeters.expectedFrom(ExpectedMeters.Service.of("analytics-service"))).contains(
                "nakksha_analytics_newest_event_age_seconds", "nakksha_analytics_events_applied_total");
        assertThat(ExpectedMeters.expectedFrom(ExpectedMeters.Service.of("identity-service"))).contains("nakksha_outbox_backlog",
                "nakksha_identity_signing_key_rotation_overdue_seconds")
                .noneMatch(name -> name.startsWith("nakksha_kafka_consumer_") || name.startsWith("kafka_consumer_"));
        assertThat(ExpectedMeters.expectedFrom(ExpectedMeters.Service.of("gateway-service"))).contains(
                "nakksha_gateway_rate_limit_uncounted_total", "spring_cloud_gateway_requests_seconds_count", "http_server_requests_seconds_count",
                "resilience4j_circuitbreaker_state")
                .noneMatch(name -> name.startsWith("nakksha_outbox_") || name.startsWith("r2dbc_"));
    }

    @Test
    void theRepositoryIsFoundFromAnyDirectoryInIt() {
        assertThat(MonitoringFiles.repositoryRoot(MonitoringFiles.ROOT.resolve("booking-service/src"))).isEqualTo(MonitoringFiles.ROOT);
    }

    @Test
    void metricNamesAreTakenFromExpressionsWithoutLabelsFunctionsOrKeywords() {
        assertThat(MonitoringFiles.metricNames("sum by (application, topic) (rate(nakksha_x_total{kind=\"transient\", a=~\"b|c\"}[5m])) > 0 "
                + "and on (application) max(up{job=\"nakksha\"}) / ignoring(le) histogram_quantile(0.99, foo_bucket[$__rate_interval])"))
                .containsExactlyInAnyOrder("nakksha_x_total", "up", "foo_bucket");
    }
}
