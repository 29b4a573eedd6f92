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
     * The exposition {@code scrape} gives once the JVM has had a garbage collection: {@code jvm_gc_pause_seconds},
     * which the dashboards query, appears with the first one, and a young test JVM may not have had one yet.
     */
    public static String afterACollection(Supplier<String> scrape) {
        System.gc();
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(scrape::get, exposition -> exposition.contains("jvm_gc_pause_seconds_count"));
    }

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
     * ({@link ExpectedMeters#expectedFrom}): Nakksha's own meters in the scrape taken at start-up, the
     * frameworks' (HTTP server and gateway timers, made by a first request) in {@code liveExposition}, taken
     * after the service served one; and the consumer meters of each topic a listener reads, at start-up.
     */
    public void assertExportsWhatTheMonitoringFilesQuery(ExpectedMeters.Service service, String liveExposition,
            Collection<String> listenerTopics) throws IOException {
        Set<String> expected = ExpectedMeters.expectedFrom(service);
        assertThat(expected).as("metrics the monitoring files query of %s", service.module()).isNotEmpty();
        Set<String> atStart = sampleNames(exposition());
        Set<String> live = sampleNames(liveExposition);
        Map<String, String> missing = new TreeMap<>();
        for (String name : expected) {
            if (ExpectedMeters.isNakkshas(name) && !atStart.contains(name)) {
                missing.put(name, "not in the scrape at start-up");
            } else if (!live.contains(name)) {
                missing.put(name, "not in the scrape after a request");
            }
        }
        for (String topic : listenerTopics) {
            for (String meter : ExpectedMeters.PER_TOPIC) {
                if (expected.contains(meter) && !hasSeries(exposition(), meter, "topic", topic)) {
                    missing.put(meter + "{topic=\"" + topic + "\"}", "not in the scrape at start-up");
                }
            }
        }
        assertThat(missing).as("metrics the dashboards and alert rules query of %s that it does not export", service.module()).isEmpty();
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
