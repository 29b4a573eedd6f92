package com.nakksha.k8s;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nakksha.local.PlatformService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml read as data, since no Docker engine runs here: Prometheus and Grafana are part of the
 * stack, mount only files that exist in the repository, Prometheus scrapes every service on the
 * management port the compose file gives it, and every service runs with the Kubernetes base's settings
 * and secrets save the differences listed here with their reasons (issue 12: "the same settings as the
 * Kubernetes base").
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("../..");

    /** The simulator stands in for Razorpay in the launcher only; compose calls Razorpay's test mode. */
    private static final Set<PlatformService> COMPOSE_SERVICES =
            EnumSet.complementOf(EnumSet.of(PlatformService.RAZORPAY_SIMULATOR));

    /** Settings of the Kubernetes base compose leaves out, and why. */
    private static final Map<String, String> BASE_ONLY = Map.of(
            "SERVER_PORT", "each service's own default port, the one the launcher uses too (checked above)",
            "MANAGEMENT_SERVER_PORT", "the actuator on each service's port and the gateway's on 8180, as the launcher has them",
            "SPRING_KAFKA_SECURITY_PROTOCOL", "a plaintext broker on compose's private network, as the launcher's on loopback",
            "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "no SCRAM users without Strimzi's user operator",
            "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "no SCRAM users without Strimzi's user operator",
            "SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "no broker TLS on compose's private network",
            "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", "no broker TLS on compose's private network",
            "NAKKSHA_GATEWAY_CLIENT_ADDRESS_TRUSTED_PROXIES", "no ingress proxy in front of compose's gateway: the peer is the client");

    /** Settings both give a service, with different values, and why. */
    private static final Map<String, String> DIFFERENT_VALUES = Map.of(
            "SPRING_PROFILES_ACTIVE", "compose instead of kubernetes; neither is local, so committed keys are refused in both",
            "SPRING_R2DBC_URL", "compose's postgres container without TLS instead of CloudNativePG's read-write service",
            "SPRING_LIQUIBASE_URL", "compose's postgres container without TLS instead of CloudNativePG's read-write service",
            "SPRING_KAFKA_BOOTSTRAP_SERVERS", "compose's broker instead of Strimzi's bootstrap service");

    /** Settings compose gives a service that the Kubernetes base does not, and why. */
    private static final Map<String, Map<String, String>> COMPOSE_ONLY = Map.of(
            "identity-service", Map.of("NAKKSHA_SECURITY_JWKS_URI",
                    "shared by compose's service anchor; identity checks its tokens with its own keys and never reads it"));

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void prometheusAndGrafanaRunPinnedOfficialImagesPublishedOnLoopbackOnly() {
        Map<String, Map<String, Object>> services = services();
        assertThat(services.get("prometheus")).as("prometheus service").isNotNull();
        assertThat(services.get("grafana")).as("grafana service").isNotNull();
        assertThat(services.get("prometheus").get("image")).asString().matches("prom/prometheus:v\\d+\\.\\d+\\.\\d+");
        assertThat(services.get("grafana").get("image")).asString().matches("grafana/grafana:\\d+\\.\\d+\\.\\d+");
        assertThat(strings(services.get("prometheus").get("ports"))).containsExactly("127.0.0.1:9090:9090");
        assertThat(strings(services.get("grafana").get("ports"))).containsExactly("127.0.0.1:3000:3000");
    }

    @Test
    void grafanasAdminPasswordComesFromDotEnvWithoutADefault() {
        Map<String, Object> environment = map(services().get("grafana").get("environment"));
        assertThat(environment.get("GF_SECURITY_ADMIN_PASSWORD")).asString()
                .matches("\\$\\{GRAFANA_ADMIN_PASSWORD:\\?[^}]+}");
    }

    @Test
    void prometheusAndGrafanaMountTheCheckedInFilesAndEveryMountExists() {
        Map<String, Map<String, Object>> services = services();
        Map<String, String> prometheus = bindMounts(services.get("prometheus"));
        assertThat(prometheus).containsEntry("/etc/prometheus/prometheus.yml", "deploy/compose/prometheus.yml")
                .containsEntry("/etc/prometheus/alerts.yml", "deploy/prometheus/alerts.yml");
        Map<String, String> grafana = bindMounts(services.get("grafana"));
        assertThat(grafana).containsEntry("/etc/grafana/provisioning", "deploy/grafana/provisioning")
                .containsEntry("/var/lib/grafana/dashboards", "deploy/grafana/dashboards");
        for (String source : Stream.concat(prometheus.values().stream(), grafana.values().stream()).toList()) {
            assertThat(ROOT.resolve(source)).as("mounted %s", source).exists();
        }
        assertThat(ROOT.resolve("deploy/grafana/dashboards")).isDirectoryContaining("glob:**.json");

        // The provisioning the container sees: dashboards where the mount puts them, the datasource at compose's Prometheus.
        Map<String, Object> provider = map(list(load("deploy/grafana/provisioning/dashboards/nakksha.yml").get("providers")).get(0));
        assertThat(map(provider.get("options")).get("path")).isEqualTo("/var/lib/grafana/dashboards");
        Map<String, Object> datasource = map(list(load("deploy/grafana/provisioning/datasources/prometheus.yml").get("datasources")).get(0));
        assertThat(datasource.get("url")).isEqualTo("http://prometheus:" + containerPort(services.get("prometheus")));

        // Prometheus resolves rule_files next to its config file, where the alerts are mounted.
        assertThat(strings(load("deploy/compose/prometheus.yml").get("rule_files"))).containsExactly("alerts.yml");
    }

    @Test
    void prometheusScrapesEveryComposeServiceOnItsManagementPort() {
        Map<String, Map<String, Object>> services = services();
        Map<String, Object> gatewayEnvironment = map(services.get("gateway-service").get("environment"));
        Set<String> expected = new TreeSet<>();
        for (PlatformService service : COMPOSE_SERVICES) {
            assertThat(services).as("compose services").containsKey(service.module());
            Map<String, Object> environment = environment(services.get(service.module()));
            assertThat(environment).as("%s sets no port of its own: the launcher's ports hold", service.module())
                    .doesNotContainKeys("SERVER_PORT", "MANAGEMENT_SERVER_PORT");
            if (service != PlatformService.GATEWAY) {
                // The port the gateway routes to is the port the service serves (and its actuator shares).
                String route = (String) gatewayEnvironment.get("NAKKSHA_GATEWAY_SERVICES_"
                        + service.module().replace("-service", "").toUpperCase());
                assertThat(URI.create(route)).as("gateway route to %s", service.module())
                        .hasHost(service.module()).hasPort(service.port());
            }
            expected.add(service.module() + ":" + service.managementPort());
        }

        Map<String, Object> job = map(list(load("deploy/compose/prometheus.yml").get("scrape_configs")).get(0));
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        Set<String> targets = list(job.get("static_configs")).stream()
                .flatMap(config -> strings(map(config).get("targets")).stream())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(targets).isEqualTo(expected);
        for (String target : targets) {
            assertThat(services).as("scrape target %s names a compose service", target)
                    .containsKey(target.substring(0, target.indexOf(':')));
        }
    }

    static List<Workload> workloads() {
        return Workload.platform();
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyServiceRunsWithTheKubernetesBasesSettingsSaveTheListedDifferences(Workload workload) {
        Map<String, Object> compose = new java.util.TreeMap<>(environment(services().get(workload.name())));
        compose.remove("SPRING_APPLICATION_JSON");
        Map<String, String> base = new java.util.TreeMap<>(ServiceManifests.settings(workload));
        workload.schema().ifPresent(schema -> {
            base.put("SPRING_R2DBC_PASSWORD", "from the " + PostgresManifests.roleSecret(schema) + " Secret");
            base.put("SPRING_LIQUIBASE_PASSWORD", "from the " + PostgresManifests.roleSecret(schema) + " Secret");
        });
        if (workload.usesKafka()) {
            base.put("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "from the KafkaUser's Secret");
        }
        BASE_ONLY.keySet().forEach(base::remove);
        COMPOSE_ONLY.getOrDefault(workload.name(), Map.of()).keySet().forEach(compose::remove);
        assertThat(compose.keySet()).as("%s's settings in compose", workload.name()).isEqualTo(base.keySet());
        for (String setting : base.keySet()) {
            if (DIFFERENT_VALUES.containsKey(setting) || setting.endsWith("_PASSWORD")) {
                continue;
            }
            assertThat(String.valueOf(compose.get(setting))).as("%s of %s", setting, workload.name()).isEqualTo(base.get(setting));
        }
        assertThat(String.valueOf(compose.get("SPRING_PROFILES_ACTIVE"))).isEqualTo("compose");
        assertThat(services().get(workload.name()).get("mem_limit")).as("%s's memory limit", workload.name())
                .isEqualTo(ServiceManifests.MEMORY_LIMIT_MEBIBYTES + "m");
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void everyServiceGetsTheSecretsItsKubernetesSecretSuppliesAsTheSamePropertyNames(Workload workload) throws Exception {
        Object json = environment(services().get(workload.name())).get("SPRING_APPLICATION_JSON");
        Set<String> properties = new TreeSet<>();
        if (json != null) {
            JSON.readTree(String.valueOf(json)).fieldNames().forEachRemaining(name -> properties.add(name.replace(".compose", ".<id>")));
        }
        assertThat(properties).as("%s's secret properties in compose", workload.name())
                .isEqualTo(new TreeSet<>(workload.secretProperties()));
    }

    /**
     * Every topic of the registry and its dead-letter topic exist before any service starts: the broker creates none
     * itself, and a one-shot service runs the launcher's and the tests' own topic provisioning against it.
     */
    @Test
    void everyServiceStartsAfterTheRegistrysTopicsWereCreatedByTheLaunchersOwnCode() throws Exception {
        Map<String, Map<String, Object>> services = services();
        assertThat(map(services.get("kafka").get("environment")).get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
        List<String> command = strings(services.get("kafka-topics").get("command"));
        String provisioning = command.get(command.indexOf("-cp") + 2);
        assertThat(Class.forName(provisioning).getMethod("main", String[].class)).as("%s's main", provisioning).isNotNull();
        assertThat(provisioning).isEqualTo(com.nakksha.infrastructure.kafka.PlatformTopics.class.getName());
        String bootstrap = command.getLast();
        assertThat(bootstrapServers()).as("the broker the services use").containsOnly(bootstrap);
        assertThat(bindMounts(services.get("kafka-topics"))).containsEntry("/app", "deploy/local/target");
        for (Workload workload : Workload.platform()) {
            if (workload.usesKafka()) {
                assertThat(map(map(services.get(workload.name()).get("depends_on")).get("kafka-topics")).get("condition"))
                        .as("%s waits for the topics", workload.name()).isEqualTo("service_completed_successfully");
            }
        }
    }

    private static Set<Object> bootstrapServers() {
        return Workload.platform().stream().filter(Workload::usesKafka)
                .map(workload -> environment(services().get(workload.name())).get("SPRING_KAFKA_BOOTSTRAP_SERVERS"))
                .collect(Collectors.toSet());
    }

    /** Environment after the {@code <<: *service-environment} merge, which SnakeYAML resolves. */
    private static Map<String, Object> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        return environment == null ? Map.of() : map(environment);
    }

    /** Container path to repository-relative source, for the {@code ./source:/target[:ro]} volumes. */
    private static Map<String, String> bindMounts(Map<String, Object> service) {
        return strings(service.get("volumes")).stream().filter(volume -> volume.startsWith("./"))
                .map(volume -> volume.split(":"))
                .collect(Collectors.toMap(parts -> parts[1], parts -> parts[0].substring(2)));
    }

    private static int containerPort(Map<String, Object> service) {
        String published = strings(service.get("ports")).get(0);
        return Integer.parseInt(published.substring(published.lastIndexOf(':') + 1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) load("docker-compose.yml").get("services");
    }

    private static Map<String, Object> load(String file) {
        try {
            return new Yaml().load(Files.readString(ROOT.resolve(file)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }
}
