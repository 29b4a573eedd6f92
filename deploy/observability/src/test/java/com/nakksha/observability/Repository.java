package com.nakksha.observability;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files the checks read, from the repository this module sits in (two levels up). */
final class Repository {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus");
    static final Path DASHBOARDS = ROOT.resolve("deploy/grafana/dashboards");
    static final Path RUNBOOKS = ROOT.resolve("docs/runbooks.md");

    private Repository() {
    }

    /** One alerting rule of alerts.yml. */
    record Alert(String name, String expr, Map<String, String> annotations) {
    }

    /** One query of a dashboard panel. */
    record PanelQuery(String dashboard, String panel, String expr) {
    }

    @SuppressWarnings("unchecked")
    static List<Alert> alerts() throws IOException {
        Map<String, Object> file;
        try (Reader reader = Files.newBufferedReader(PROMETHEUS.resolve("alerts.yml"))) {
            file = new Yaml().load(reader);
        }
        List<Alert> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                alerts.add(new Alert((String) rule.get("alert"), (String) rule.get("expr"),
                        (Map<String, String>) rule.getOrDefault("annotations", Map.of())));
            }
        }
        return alerts;
    }

    static List<Path> dashboardFiles() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    static JsonNode dashboard(Path file) {
        return new ObjectMapper().readTree(file.toFile());
    }

    static List<PanelQuery> panelQueries() throws IOException {
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
}
