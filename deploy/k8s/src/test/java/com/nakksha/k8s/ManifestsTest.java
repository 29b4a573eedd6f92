package com.nakksha.k8s;

import java.io.IOException;
import java.util.function.Function;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nakksha.infrastructure.process.JavaRuntime;
import com.nakksha.local.postgres.DatabaseEndpoint;
import com.nakksha.local.services.ServiceLauncher;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.store.SchemaTopic;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestsTest {

    private static final Path K8S = Path.of(".");
    private static final Path BASE = K8S.resolve("base");

    @Test
    void theCheckedInBaseIsWhatTheServiceListAndTheTopicRegistryGenerate() throws IOException {
        Map<String, String> generated = PlatformManifests.base();
        if (Boolean.getBoolean("nakksha.k8s.write")) {
            PlatformManifests.write(BASE);
        }
        try (Stream<Path> files = Files.walk(BASE)) {
            Set<String> checkedIn = files.filter(Files::isRegularFile).map(file -> BASE.relativize(file).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(checkedIn).as("files under deploy/k8s/base").isEqualTo(new TreeSet<>(generated.keySet()));
        }
        for (var file : generated.entrySet()) {
            assertThat(Files.readString(BASE.resolve(file.getKey())))
                    .as("deploy/k8s/base/%s is stale: regenerate with mvn -B -q -pl deploy/k8s -am verify -Dnakksha.k8s.write=true", file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "staging"})
    void everyObjectOfAnOverlayFitsTheSchemaOfItsKind(String overlay) throws IOException {
        List<ObjectNode> objects = KustomizeRender.render(K8S.resolve("overlays").resolve(overlay));
        assertThat(objects).hasSizeGreaterThan(50);
        for (ObjectNode object : objects) {
            StrictSchemas.validate(object);
            assertThat(object.path("metadata").path("name").asText()).as("name of a %s", StrictSchemas.kindOf(object))
                    .matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
        }
        assertThat(objects).filteredOn(object -> !object.path("kind").asText().equals("Namespace"))
                .allSatisfy(object -> assertThat(object.path("metadata").path("namespace").asText()).isEqualTo(
                        overlay.equals("production") ? "nakksha" : "nakksha-staging"));
    }

    @Test
    void aMisspelledFieldFailsValidationNamingIt() throws IOException {
        ObjectNode deployment = KustomizeRender.render(K8S.resolve("overlays/production")).stream()
                .filter(object -> object.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.set("readinesProbe", container.remove("readinessProbe"));
        assertThatThrownBy(() -> StrictSchemas.validate(deployment)).hasMessageContaining("readinesProbe");

        ObjectNode settings = KustomizeRender.render(K8S.resolve("overlays/production")).stream()
                .filter(object -> object.path("kind").asText().equals("ConfigMap")).findFirst().orElseThrow();
        ((ObjectNode) settings.path("data")).put("SERVER_PORT", 8082);
        assertThatThrownBy(() -> StrictSchemas.validate(settings)).hasMessageContaining("SERVER_PORT");

        ObjectNode topic = KustomizeRender.render(K8S.resolve("overlays/production")).stream()
                .filter(object -> object.path("kind").asText().equals("KafkaTopic")).findFirst().orElseThrow();
        ((ObjectNode) topic.path("spec")).put("replicationFactor", 3);
        assertThatThrownBy(() -> StrictSchemas.validate(topic)).hasMessageContaining("replicationFactor");
    }

    @Test
    void everyRegisteredTopicAndItsDeadLetterTopicHasAKafkaTopic() throws IOException {
        Set<String> declared = new HashSet<>();
        for (ObjectNode object : KustomizeRender.render(K8S.resolve("overlays/production"))) {
            if (StrictSchemas.validate(object) instanceof KafkaTopic topic) {
                declared.add(topic.getSpec().getTopicName());
                assertThat(topic.getSpec().getReplicas()).isEqualTo(3);
            }
        }
        Set<String> expected = new HashSet<>(Topic.namesWithDeadLetters());
        expected.add(SchemaTopic.NAME);
        assertThat(declared).isEqualTo(expected);
    }

    @Test
    void eachServiceWritesOnlyTheTopicsTheRegistryNamesItTheWriterOfAndReadsOnlyThoseItIsAReaderOf() throws IOException {
        Map<String, KafkaUser> users = KustomizeRender.render(K8S.resolve("overlays/production")).stream()
                .map(StrictSchemas::validate).filter(KafkaUser.class::isInstance).map(KafkaUser.class::cast)
                .collect(Collectors.toMap(user -> user.getMetadata().getName(), user -> user));
        for (Workload workload : Workload.platform()) {
            if (!workload.usesKafka()) {
                assertThat(users).doesNotContainKey(workload.name());
                continue;
            }
            List<AclRule> acls = ((KafkaUserAuthorizationSimple) users.get(workload.name()).getSpec().getAuthorization()).getAcls();
            Set<String> writes = topicsWith(acls, AclOperation.WRITE);
            Set<String> reads = topicsWith(acls, AclOperation.READ);
            Set<String> expectedWrites = new HashSet<>(Set.of(SchemaTopic.NAME));
            Set<String> expectedReads = new HashSet<>(Set.of(SchemaTopic.NAME));
            for (Topic topic : Topic.values()) {
                if (topic.writer().equals(workload.name())) {
                    expectedWrites.add(topic.topicName());
                }
                if (topic.readers().contains(workload.name())) {
                    expectedReads.add(topic.topicName());
                    expectedWrites.add(topic.deadLetterTopicName());
                }
            }
            assertThat(writes).as("topics %s may write", workload.name()).isEqualTo(expectedWrites);
            assertThat(reads).as("topics %s may read", workload.name()).isEqualTo(expectedReads);
        }
        // Whoever may write payment.payment: only payment-service among the services.
        assertThat(users.values().stream().filter(user -> !user.getMetadata().getName().equals(KafkaManifests.OPERATOR_USER))
                .filter(user -> topicsWith(((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls(), AclOperation.WRITE)
                        .contains(Topic.PAYMENT_PAYMENT.topicName()))
                .map(user -> user.getMetadata().getName())).containsExactly("payment-service");
    }

    @Test
    void probesAndScrapesPointAtTheHealthGroupsAndPortTheServicesServe() throws IOException {
        Properties defaults = new Properties();
        try (var in = Files.newInputStream(Path.of("../../service-defaults/src/main/resources/nakksha-service-defaults.properties"))) {
            defaults.load(in);
        }
        assertThat(defaults.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
        assertThat(defaults.getProperty("management.endpoints.web.exposure.include")).contains("health").contains("prometheus");
        String gatewayYaml = Files.readString(Path.of("../../gateway-service/src/main/resources/application.yaml"));
        assertThat(gatewayYaml).contains("probes:\n        enabled: true").contains("include: health,prometheus");

        List<Object> objects = KustomizeRender.render(K8S.resolve("overlays/production")).stream().map(StrictSchemas::validate).toList();
        for (Workload workload : Workload.platform()) {
            Deployment deployment = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                    .filter(candidate -> candidate.getMetadata().getName().equals(workload.name())).findFirst().orElseThrow();
            ConfigMap settings = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                    .filter(candidate -> candidate.getMetadata().getName().equals(workload.name())).findFirst().orElseThrow();
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            int management = container.getPorts().stream().filter(port -> port.getName().equals("management"))
                    .mapToInt(ContainerPort::getContainerPort).findFirst().orElseThrow();
            assertThat(settings.getData()).containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(management))
                    .containsEntry("SERVER_PORT", String.valueOf(workload.port()));
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(List.of(container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe()))
                    .allSatisfy(probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry("prometheus.io/port", String.valueOf(management));
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        }
    }

    private static Set<String> topicsWith(List<AclRule> acls, AclOperation operation) {
        return acls.stream().filter(acl -> acl.getOperations().contains(operation))
                .filter(acl -> acl.getResource() instanceof AclRuleTopicResource)
                .map(acl -> ((AclRuleTopicResource) acl.getResource()).getName())
                .collect(Collectors.toSet());
    }

    /**
     * A secret the launcher generates for a service and the cluster's Secret does not supply would leave the
     * service refusing to start in a cluster (or running with a committed default): the two lists are one.
     */
    @Test
    void everyServiceSecretTheLauncherGeneratesIsOneItsKubernetesSecretMustSupply() throws IOException {
        ServiceLauncher launcher = new ServiceLauncher(Path.of("."), Path.of("target"), new JavaRuntime(Path.of("java"), ""),
                new DatabaseEndpoint("localhost", 15432, "nakksha"), Function.identity());
        // The launcher's own stand-ins: Razorpay's address is the simulator's, and its mail catcher takes no login.
        Set<String> launcherOnly = Set.of("nakksha.payment.razorpay.base-url");
        Set<String> clusterOnly = Set.of("spring.mail.host", "spring.mail.username", "spring.mail.password");
        ObjectMapper json = new ObjectMapper();
        for (Workload workload : Workload.platform()) {
            String settings = launcher.environment(workload.service()).get("SPRING_APPLICATION_JSON");
            Set<String> launcherSecrets = new TreeSet<>();
            if (settings != null) {
                json.readTree(settings).fieldNames().forEachRemaining(name ->
                        launcherSecrets.add(name.replace("." + ServiceLauncher.LAUNCHER_KEY_ID, ".<id>")));
            }
            launcherSecrets.removeAll(launcherOnly);
            Set<String> clusterSecrets = new TreeSet<>(workload.secretProperties());
            clusterSecrets.removeAll(clusterOnly);
            assertThat(clusterSecrets).as("%s's <name>-secrets keys against the launcher's", workload.name()).isEqualTo(launcherSecrets);
        }
    }
}
