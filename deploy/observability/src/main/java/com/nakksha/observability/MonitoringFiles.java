package com.nakksha.observability;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The monitoring files (Prometheus alert rules, Grafana dashboards, runbooks) and the metric names their
 * queries use, read from the repository the working directory is in (Maven runs a module's tests in the
 * module's directory: {@code deploy/observability}, or a service's, whose boot test checks its scrape
 * against them through {@link ExpectedMeters}).
 */
public final class MonitoringFiles {

    public static final Path ROOT = repositoryRoot(Path.of("").toAbsolutePath());
    public static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus");
    public static final Path DASHBOARDS = ROOT.resolve("deploy/grafana/dashboards");
    public static final Path RUNBOOKS = ROOT.resolve("docs/runbooks.md");

    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "inf", "nan",
            // aggregation operators, which may stand before their "by (...)" rather than their "("
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    private MonitoringFiles() {
    }

    /** The nearest directory at or above {@code from} that holds {@code deploy/prometheus/prometheus.yml}. */
    static Path repositoryRoot(Path from) {
        for (Path directory = from.normalize(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("deploy/prometheus/prometheus.yml"))) {
                return directory;
            }
        }
        throw new IllegalStateException("No deploy/prometheus/prometheus.yml at or above " + from
                + ": the monitoring files are read from the repository the tests run in");
    }

    /** One alerting rule of alerts.yml. */
    public record Alert(String name, String expr, Map<String, String> annotations) {
    }

    /** One query of a dashboard panel. */
    public record PanelQuery(String dashboard, String panel, String expr) {
    }

    /** The alerting rules of {@code deploy/prometheus/alerts.yml}, the platform's own. */
    public static List<Alert> alerts() throws IOException {
        return alertsOf(PROMETHEUS.resolve("alerts.yml"));
    }

    /** The alerting rules of every rule file {@code deploy/prometheus/prometheus.yml} loads (alerts.yml and the features' own). */
    @SuppressWarnings("unchecked")
    public static List<Alert> everyRuleFilesAlerts() throws IOException {
        List<Alert> alerts = new ArrayList<>();
        for (String ruleFile : (List<String>) yaml(PROMETHEUS.resolve("prometheus.yml")).get("rule_files")) {
            alerts.addAll(alertsOf(PROMETHEUS.resolve(ruleFile)));
        }
        return alerts;
    }

    @SuppressWarnings("unchecked")
    private static List<Alert> alertsOf(Path ruleFile) throws IOException {
        List<Alert> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) yaml(ruleFile).get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                if (rule.containsKey("alert")) {
                    alerts.add(new Alert((String) rule.get("alert"), (String) rule.get("expr"),
                            (Map<String, String>) rule.getOrDefault("annotations", Map.of())));
                }
            }
        }
        return alerts;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    public static List<Path> dashboardFiles() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    public static JsonNode dashboard(Path file) {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** Every query of every panel of {@code deploy/grafana/dashboards/*.json}. */
    public static List<PanelQuery> panelQueries() throws IOException {
        List<PanelQuery> queries = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = dashboard(file);
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new PanelQuery(dashboard.path("title").asString(), panel.path("title").asString(),
                            target.path("expr").asString()));
                }
            }
        }
        return queries;
    }

    /** The queries of {@code alerts} and of every dashboard panel, keyed by where each is (alert name, or dashboard and panel). */
    public static Map<String, String> queries(List<Alert> alerts) throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        for (Alert alert : alerts) {
            queries.put("alert " + alert.name(), alert.expr());
        }
        for (PanelQuery query : panelQueries()) {
            queries.put("dashboard '" + query.dashboard() + "' panel '" + query.panel() + "': " + query.expr(), query.expr());
        }
        return queries;
    }

    /**
     * Every metric name the alert rules of every rule file and the dashboards query, {@code up} excepted
     * (Prometheus makes it for each target it scrapes; no service exports it).
     */
    public static Set<String> queriedMetricNames() throws IOException {
        Set<String> names = new TreeSet<>();
        queries(everyRuleFilesAlerts()).values().forEach(expr -> names.addAll(metricNames(expr)));
        names.remove("up");
        return names;
    }

    /** Metric names in a PromQL expression: identifiers that are not functions, keywords, labels or durations. */
    public static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "$1");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            if (identifier.group(2) == null && !PROMQL_WORDS.contains(identifier.group(1).toLowerCase())) {
                names.add(identifier.group(1));
            }
        }
        return names;
    }
}
