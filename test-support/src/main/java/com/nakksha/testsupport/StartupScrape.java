package com.nakksha.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Map;
import java.util.function.Supplier;

import com.nakksha.observability.ExpectedMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's Prometheus exposition as it was when the application became ready, before any test used
 * it: a test context is shared by many tests, whose requests and events add meters, so only this tells
 * "exists from start-up" from "appeared on first use". {@link NakkshaServiceTest} contexts have one; a
 * test of another kind of context imports it.
 */
public class StartupScrape implements ApplicationListener<ApplicationReadyEvent> {

    /**
     * How long a live scrape may take to show everything: the first garbage collection, and the consumers' fetches
     * followed by a refresh of their metrics ({@code nakksha.kafka.client-metrics-refresh}, short in test contexts).
     */
    private static final Duration LIVE_WAIT = Duration.ofSeconds(30);

    /** Kafka's consumer lag, per partition with a {@code topic} label once the consumer fetched. */
    private static final String PARTITION_LAG = "kafka_consumer_fetch_manager_records_lag_max";

    /** The bean name under which {@link NakkshaServiceTest} contexts hold it. */
    public static final String BEAN_NAME = "nakkshaStartupScrape";

    private volatile String exposition;

    @Override
    public void onApplicationEvent(ApplicationReadyEvent ready) {
        if (exposition == null) {
            exposition = ready.getApplicationContext().getBean(PrometheusMeterRegistry.class).scrape();
        }
    }

    /** The exposition at start-up; fails when the application never became ready. */
    public String exposition() {
        assertThat(exposition).as("the scrape taken when the application became ready").isNotNull();
        return exposition;
    }

    /**
     * Checks a service's scrapes against what the dashboards and alert rules query of it
     * ({@link ExpectedMeters#expectedFrom}): Nakksha's own meters in the scrape taken at start-up, with the consumer
     * meters of each topic a listener reads; the frameworks' in a live scrape, taken after the service served a
     * request and the JVM had a garbage collection ({@code jvm_gc_pause_seconds} appears with the first one). The live
     * scrape must also hold Kafka's per-partition consumer lag for each listener topic: the lag alert and dashboards
     * group by its {@code topic} label, and it replaces the client-level series once Micrometer's refresh of the
     * consumers' metrics finds an assignment, so a scrape after that refresh is the one that matters. Live scrapes are
     * retried for up to 30 s; the last one's shortfall is reported.
     */
    public void assertExportsWhatTheMonitoringFilesQuery(ExpectedMeters.Service service, Supplier<String> liveScrape,
            Collection<String> listenerTopics) throws IOException {
        Set<String> expected = ExpectedMeters.expectedFrom(service);
        assertThat(expected).as("metrics the monitoring files query of %s", service.module()).isNotEmpty();
        Set<String> atStart = sampleNames(exposition());
        Map<String, String> missingAtStart = new TreeMap<>();
        for (String name : expected) {
            if (ExpectedMeters.isNakkshas(name) && !atStart.contains(name)) {
                missingAtStart.put(name, "not in the scrape at start-up");
            }
        }
        for (String topic : listenerTopics) {
            for (String meter : ExpectedMeters.PER_TOPIC) {
                if (expected.contains(meter) && !hasSeries(exposition(), meter, "topic", topic)) {
                    missingAtStart.put(meter + "{topic=\"" + topic + "\"}", "not in the scrape at start-up");
                }
            }
        }
        assertThat(missingAtStart).as("metrics the dashboards and alert rules query of %s that it does not export", service.module()).isEmpty();

        System.gc();
        await().atMost(LIVE_WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String live = liveScrape.get();
            Set<String> liveNames = sampleNames(live);
            Map<String, String> missing = new TreeMap<>();
            for (String name : expected) {
                if (!ExpectedMeters.isNakkshas(name) && !liveNames.contains(name)) {
                    missing.put(name, "not in the scrape after a request");
                }
            }
            if (expected.contains(PARTITION_LAG)) {
                for (String topic : listenerTopics) {
                    if (!hasSeries(live, PARTITION_LAG, "topic", topic)) {
                        missing.put(PARTITION_LAG + "{topic=\"" + topic + "\"}", "not in the scrape once the consumer fetched");
                    }
                }
            }
            assertThat(missing).as("metrics the dashboards and alert rules query of %s that it does not export", service.module()).isEmpty();
        });
    }

    /** The metric names of the samples in a Prometheus text exposition ({@code name{labels} value}), without comments. */
    public static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> names.add(nameOf(line)));
        return names;
    }

    private static boolean hasSeries(String exposition, String name, String label, String value) {
        String tag = label + "=\"" + value + "\"";
        return exposition.lines().filter(line -> !line.startsWith("#"))
                .anyMatch(line -> nameOf(line).equals(name) && line.contains(tag));
    }

    private static String nameOf(String sample) {
        int end = 0;
        while (end < sample.length() && sample.charAt(end) != '{' && sample.charAt(end) != ' ') {
            end++;
        }
        return sample.substring(0, end);
    }
}
