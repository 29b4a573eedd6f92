package com.nakksha.observability;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric a dashboard panel or an alert queries is one the services register, under the name
 * Micrometer's Prometheus registry gives it. Nakksha's own meters are read from the services' sources
 * ({@code Counter.builder("nakksha.x")}, {@code meters.timer(...)}, constants passed to them): a
 * counter is exported as {@code nakksha_x_total}, a timer as {@code nakksha_x_seconds_count/sum/max},
 * a gauge as {@code nakksha_x} (with its base unit). Names Spring Boot, Spring Cloud Gateway, Kafka and
 * the JVM binders register are listed in {@link #PLATFORM}.
 */
class MetricNamesTest {

    /**
     * Meters the frameworks register (Micrometer 1.16 with Spring Boot 4): HTTP server requests (with
     * the histogram service-defaults enables), the gateway's per-route timer, Kafka's consumer fetch
     * metrics, the R2DBC pool gauges, JVM and process binders, and Prometheus' own {@code up}.
     */
    static final Set<String> PLATFORM = Set.of(
            "up",
            "http_server_requests_seconds_count", "http_server_requests_seconds_sum", "http_server_requests_seconds_max",
            "http_server_requests_seconds_bucket",
            "spring_cloud_gateway_requests_seconds_count", "spring_cloud_gateway_requests_seconds_sum",
            "spring_cloud_gateway_requests_seconds_max",
            "kafka_consumer_fetch_manager_records_lag_max", "kafka_consumer_fetch_manager_records_consumed_rate",
            "r2dbc_pool_acquired_connections", "r2dbc_pool_allocated_connections", "r2dbc_pool_idle_connections",
            "r2dbc_pool_pending_connections", "r2dbc_pool_max_allocated_connections", "r2dbc_pool_max_pending_connections",
            "jvm_memory_used_bytes", "jvm_memory_committed_bytes", "jvm_memory_max_bytes",
            "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_max",
            "jvm_threads_live_threads", "jvm_threads_states_threads", "jvm_classes_loaded_classes",
            "process_cpu_usage", "system_cpu_usage", "process_uptime_seconds", "process_files_open_files");

    private static final Pattern NAKKSHA_CONSTANT = Pattern.compile("static final String (\\w+)\\s*=\\s*\"(nakksha\\.[a-z0-9.]+)\"");
    private static final Pattern REGISTRATION = Pattern.compile(
            "(Counter|Timer|Gauge|DistributionSummary)\\.builder\\(\\s*(?:\"([^\"]+)\"|(?:\\w+\\.)?([A-Z_][A-Z0-9_]*))"
                    + "|\\.(counter|timer|gauge|summary)\\(\\s*(?:\"([^\"]+)\"|(?:\\w+\\.)?([A-Z_][A-Z0-9_]*))");
    private static final Pattern BASE_UNIT_SECONDS = Pattern.compile("\\.baseUnit\\(\"seconds\"\\)");
    @Test
    void everyQueriedMetricIsRegisteredBySomeService() throws IOException {
        Set<String> exported = new TreeSet<>(PLATFORM);
        exported.addAll(nakkshaMeters());
        Map<String, String> queries = MonitoringFiles.queries(MonitoringFiles.alerts());
        assertThat(queries).hasSizeGreaterThan(20);
        queries.forEach((where, expr) -> assertThat(MonitoringFiles.metricNames(expr)).as(where).isNotEmpty()
                .allSatisfy(name -> assertThat(exported).as("%s queries %s", where, name).contains(name)));
    }

    @Test
    void theCodeScanFindsTheMetersTheRunbooksRelyOn() throws IOException {
        assertThat(nakkshaMeters()).contains("nakksha_outbox_parked", "nakksha_outbox_oldest_age_seconds",
                "nakksha_outbox_published_total", "nakksha_kafka_consumer_dead_letters_total",
                "nakksha_notification_reminder_lateness_seconds_max", "nakksha_notification_emails_total",
                "nakksha_payments_refunds_failed_total", "nakksha_booking_holds_abandoned_total",
                "nakksha_analytics_newest_event_age_seconds");
    }

    @Test
    void metricNamesAreTakenFromExpressionsWithoutLabelsFunctionsOrKeywords() {
        assertThat(MonitoringFiles.metricNames("sum by (application, topic) (rate(nakksha_x_total{kind=\"transient\", a=~\"b|c\"}[5m])) > 0 "
                + "and on (application) max(up{job=\"nakksha\"}) / ignoring(le) histogram_quantile(0.99, foo_bucket[$__rate_interval])"))
                .containsExactlyInAnyOrder("nakksha_x_total", "up", "foo_bucket");
    }

    /** Prometheus names of the meters the services' main sources register. */
    static Set<String> nakkshaMeters() throws IOException {
        List<Path> sources = new ArrayList<>();
        Files.walkFileTree(MonitoringFiles.ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return name.equals("target") || name.equals("test") || name.startsWith(".") && !dir.equals(MonitoringFiles.ROOT)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (file.toString().endsWith(".java") && file.toString().contains("/src/main/java/")) {
                    sources.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Map<String, String> constants = new HashMap<>();
        Map<Path, String> texts = new HashMap<>();
        for (Path source : sources) {
            String text = Files.readString(source);
            texts.put(source, text);
            NAKKSHA_CONSTANT.matcher(text).results().forEach(match -> constants.put(match.group(1), match.group(2)));
        }
        Set<String> names = new TreeSet<>();
        texts.values().forEach(text -> {
            Matcher registration = REGISTRATION.matcher(text);
            while (registration.find()) {
                String kind = registration.group(1) != null ? registration.group(1).toLowerCase() : registration.group(4);
                String literal = registration.group(1) != null ? registration.group(2) : registration.group(5);
                String constant = registration.group(1) != null ? registration.group(3) : registration.group(6);
                String meter = literal != null ? literal : constants.get(constant);
                if (meter == null || !meter.startsWith("nakksha.")) {
                    continue;
                }
                String base = meter.replace('.', '_');
                switch (kind) {
                    case "counter" -> names.add(base + "_total");
                    case "timer" -> Stream.of("_count", "_sum", "_max").forEach(suffix -> names.add(base + "_seconds" + suffix));
                    case "distributionsummary", "summary" -> Stream.of("_count", "_sum", "_max").forEach(suffix -> names.add(base + suffix));
                    default -> {
                        // A gauge's base unit is appended unless the name already ends with it.
                        String rest = text.substring(registration.end(), Math.min(text.length(), registration.end() + 300));
                        String unitEnd = rest.contains(".register(") ? rest.substring(0, rest.indexOf(".register(")) : rest;
                        boolean seconds = BASE_UNIT_SECONDS.matcher(unitEnd).find() && !base.endsWith("_seconds");
                        names.add(seconds ? base + "_seconds" : base);
                    }
                }
            }
        });
        return names;
    }
}
