package com.nakksha.observability;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Which service exports which of the metrics the monitoring files query, under the names Micrometer's
 * Prometheus registry gives them. Nakksha's own meters are read from the modules' main sources
 * ({@code Counter.builder("nakksha.x")}, {@code meters.timer(...)}, constants passed to them): a counter is
 * exported as {@code nakksha_x_total}, a timer as {@code nakksha_x_seconds_count/sum/max} (and
 * {@code _bucket} where its histogram is configured), a gauge as {@code nakksha_x} (with its base unit). A
 * meter registered in a service's module belongs to that service; one in service-defaults to every service
 * built on it, those of listeners ({@link #LISTENER_PREFIXES}) only to services with a Kafka listener. Meters
 * the frameworks register are listed here by what brings them.
 */
public final class ExpectedMeters {

    /** HTTP server requests (with the histogram service-defaults and the gateway enable), JVM and process binders. */
    public static final Set<String> EVERY_SERVICE_FRAMEWORK = Set.of(
            "http_server_requests_seconds_count", "http_server_requests_seconds_sum", "http_server_requests_seconds_max",
            "http_server_requests_seconds_bucket",
            "jvm_memory_used_bytes", "jvm_memory_committed_bytes", "jvm_memory_max_bytes",
            "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_max",
            "jvm_threads_live_threads", "jvm_threads_states_threads", "jvm_classes_loaded_classes",
            "process_cpu_usage", "system_cpu_usage", "process_uptime_seconds", "process_files_open_files");

    /** The R2DBC pool gauges of every service built on service-defaults. */
    public static final Set<String> DATABASE_FRAMEWORK = Set.of(
            "r2dbc_pool_acquired_connections", "r2dbc_pool_allocated_connections", "r2dbc_pool_idle_connections",
            "r2dbc_pool_pending_connections", "r2dbc_pool_max_allocated_connections", "r2dbc_pool_max_pending_connections");

    /** Kafka's consumer fetch metrics, bound by service-defaults' consumer factory for each listener's consumer. */
    public static final Set<String> LISTENER_FRAMEWORK = Set.of(
            "kafka_consumer_fetch_manager_records_lag_max", "kafka_consumer_fetch_manager_records_consumed_rate");

    /** Spring Cloud Gateway's per-route timer. */
    public static final Set<String> GATEWAY_FRAMEWORK = Set.of(
            "spring_cloud_gateway_requests_seconds_count", "spring_cloud_gateway_requests_seconds_sum",
            "spring_cloud_gateway_requests_seconds_max");

    /** The state of each circuit breaker, from a module depending on {@value #CIRCUIT_BREAKER_STARTER} (gateway, payment). */
    public static final Set<String> CIRCUIT_BREAKER_FRAMEWORK = Set.of("resilience4j_circuitbreaker_state");

    /** Every meter a framework registers (Micrometer 1.16 with Spring Boot 4) that the monitoring files may query. */
    public static final Set<String> FRAMEWORK = Stream.of(EVERY_SERVICE_FRAMEWORK, DATABASE_FRAMEWORK, LISTENER_FRAMEWORK,
            GATEWAY_FRAMEWORK, CIRCUIT_BREAKER_FRAMEWORK).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());

    private static final String CIRCUIT_BREAKER_STARTER = "resilience4j-spring-boot4";

    /** service-defaults' meters that only a service with a Kafka listener has: consumer retries, dead letters, the inbox. */
    public static final List<String> LISTENER_PREFIXES = List.of("nakksha_kafka_consumer_", "nakksha_inbox_");

    /** Consumer meters service-defaults registers per topic of each listener, with a {@code topic} tag. */
    public static final List<String> PER_TOPIC = List.of("nakksha_kafka_consumer_dead_letters_total",
            "nakksha_kafka_consumer_dead_letter_failures_total", "nakksha_kafka_consumer_retries_total");

    private static final String SERVICE_DEFAULTS = "service-defaults";
    private static final String GATEWAY = "gateway-service";

    private static final Pattern NAKKSHA_CONSTANT = Pattern.compile("static final String (\\w+)\\s*=\\s*\"(nakksha\\.[a-z0-9.]+)\"");
    private static final Pattern REGISTRATION = Pattern.compile(
            "(Counter|Timer|Gauge|DistributionSummary)\\.builder\\(\\s*(?:\"([^\"]+)\"|(?:\\w+\\.)?([A-Z_][A-Z0-9_]*))"
                    + "|\\.(counter|timer|gauge|summary)\\(\\s*(?:\"([^\"]+)\"|(?:\\w+\\.)?([A-Z_][A-Z0-9_]*))");
    private static final Pattern BASE_UNIT_SECONDS = Pattern.compile("\\.baseUnit\\(\"seconds\"\\)");

    private ExpectedMeters() {
    }

    /**
     * What a service is built from, which decides the meters it exports besides its own.
     *
     * @param module          the service's module directory, which is its {@code spring.application.name}
     * @param serviceDefaults whether it is built on service-defaults (database, outbox, Kafka)
     * @param kafkaListeners  whether it has a {@code @KafkaListener}
     */
    public record Service(String module, boolean serviceDefaults, boolean kafkaListeners) {

        /** The service of a module directory, as its pom (a dependency on service-defaults) and its main sources ({@code @KafkaListener}) say. */
        public static Service of(String module) throws IOException {
            Path directory = MonitoringFiles.ROOT.resolve(module);
            if (!Files.isRegularFile(directory.resolve("pom.xml"))) {
                throw new IllegalArgumentException("No module " + module + " in " + MonitoringFiles.ROOT);
            }
            boolean defaults = dependsOn(directory.resolve("pom.xml"), SERVICE_DEFAULTS);
            boolean listeners;
            try (Stream<Path> files = Files.walk(directory.resolve("src/main/java"))) {
                listeners = files.filter(file -> file.toString().endsWith(".java")).anyMatch(file -> {
                    try {
                        return Files.readString(file).contains("@KafkaListener(");
                    } catch (IOException unreadable) {
                        throw new java.io.UncheckedIOException(unreadable);
                    }
                });
            }
            return new Service(module, defaults, listeners);
        }
    }

    /** Whether a pom declares a dependency on {@code artifactId} (an exclusion of it does not count). */
    private static boolean dependsOn(Path pom, String artifactId) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            for (Element dependencies : children(project, "dependencies")) {
                for (Element dependency : children(dependencies, "dependency")) {
                    if (children(dependency, "artifactId").stream().anyMatch(id -> id.getTextContent().trim().equals(artifactId))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (ParserConfigurationException | SAXException unreadable) {
            throw new IOException("Cannot read " + pom, unreadable);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                children.add(element);
            }
        }
        return children;
    }

    /** The services: the modules named {@code *-service} at the top of the repository. */
    public static List<Service> services() throws IOException {
        List<Service> services = new ArrayList<>();
        try (Stream<Path> modules = Files.list(MonitoringFiles.ROOT)) {
            for (Path module : modules.filter(dir -> dir.getFileName().toString().endsWith("-service"))
                    .filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).sorted().toList()) {
                services.add(Service.of(module.getFileName().toString()));
            }
        }
        return services;
    }

    /** The metrics the alert rules and dashboards query that {@code service} should export. */
    public static Set<String> expectedFrom(Service service) throws IOException {
        Map<String, Set<String>> registered = registeredByModule();
        Set<String> exported = new TreeSet<>(registered.getOrDefault(service.module(), Set.of()));
        exported.addAll(EVERY_SERVICE_FRAMEWORK);
        if (service.module().equals(GATEWAY)) {
            exported.addAll(GATEWAY_FRAMEWORK);
        }
        if (dependsOn(MonitoringFiles.ROOT.resolve(service.module()).resolve("pom.xml"), CIRCUIT_BREAKER_STARTER)) {
            exported.addAll(CIRCUIT_BREAKER_FRAMEWORK);
        }
        if (service.serviceDefaults()) {
            exported.addAll(registered.getOrDefault(SERVICE_DEFAULTS, Set.of()));
            exported.addAll(DATABASE_FRAMEWORK);
            if (service.kafkaListeners()) {
                exported.addAll(LISTENER_FRAMEWORK);
            } else {
                exported.removeIf(name -> LISTENER_PREFIXES.stream().anyMatch(name::startsWith));
            }
        }
        exported.retainAll(MonitoringFiles.queriedMetricNames());
        return exported;
    }

    /** Whether a name is one of Nakksha's own meters, which exist from start-up; a framework's may wait for a first request. */
    public static boolean isNakkshas(String name) {
        return name.startsWith("nakksha_");
    }

    /** The Prometheus names of the meters each module's main sources register, by module directory (e.g. {@code booking-service}). */
    public static Map<String, Set<String>> registeredByModule() throws IOException {
        Map<Path, String> texts = new HashMap<>();
        Map<String, String> constants = new HashMap<>();
        for (Path source : mainSources()) {
            String text = Files.readString(source);
            texts.put(source, text);
            NAKKSHA_CONSTANT.matcher(text).results().forEach(match -> constants.put(match.group(1), match.group(2)));
        }
        Map<String, Set<String>> byModule = new TreeMap<>();
        texts.forEach((source, text) -> {
            String path = MonitoringFiles.ROOT.relativize(source).toString();
            String module = path.substring(0, path.indexOf("/src/main/java/"));
            byModule.computeIfAbsent(module, ignored -> new TreeSet<>()).addAll(registrations(text, constants));
        });
        byModule.values().removeIf(Set::isEmpty);
        return byModule;
    }

    /** Every name of {@link #registeredByModule()}, of whichever module. */
    public static Set<String> registered() throws IOException {
        Set<String> names = new TreeSet<>();
        registeredByModule().values().forEach(names::addAll);
        return names;
    }

    private static List<Path> mainSources() throws IOException {
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

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                // Test JVMs of other modules running beside this walk create and delete files in their module's
                // directory (a JVM's .attach_pid<n>); one gone between its listing and its visit is not a source.
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }
        });
        return sources;
    }

    private static Set<String> registrations(String text, Map<String, String> constants) {
        Set<String> names = new TreeSet<>();
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
                // A timer's buckets exist only where its histogram is configured: the services' boot tests check that.
                case "timer" -> Stream.of("_count", "_sum", "_max", "_bucket").forEach(suffix -> names.add(base + "_seconds" + suffix));
                case "counter" -> names.add(base + "_total");
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
        return names;
    }
}
