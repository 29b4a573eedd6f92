package com.nakksha.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/**
 * The Kubernetes objects of one service: ServiceAccount, ConfigMap, Deployment, Service,
 * HorizontalPodAutoscaler, PodDisruptionBudget and NetworkPolicy. Sizes come from the local stack's
 * measured resident memory (about 300 MiB per service under load, README "Measured performance"):
 * requests of 384 MiB and a 640 MiB limit, with the heap at 60 % of it so metaspace, threads and
 * direct buffers fit.
 */
final class ServiceManifests {

    static final String APP_LABEL = "app.kubernetes.io/name";
    static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
    static final String PLATFORM = "nakksha";
    static final String LIVENESS_PATH = "/actuator/health/liveness";
    static final String READINESS_PATH = "/actuator/health/readiness";
    static final String KAFKA_CA_SECRET = KafkaManifests.CLUSTER + "-cluster-ca-cert";
    /**
     * Memory per service container, in MiB. Request: a service's resident size on the local stack after racing
     * public bookings (187 to 205 MiB with a 256 MiB heap limit; deploy/k8s/README.md, "Pods"), with headroom for
     * the larger heap here. Limit: the heap (MaxRAMPercentage=60 of the limit, 384 MiB) plus metaspace, threads
     * and direct buffers, so a leak ends in an OutOfMemoryError and a restart rather than the kernel's OOM killer.
     */
    static final int MEMORY_REQUEST_MEBIBYTES = 384;
    static final int MEMORY_LIMIT_MEBIBYTES = 640;
    private static final String JAVA_OPTIONS = "-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError "
            + "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=com.nakksha.events";

    private ServiceManifests() {
    }

    static List<HasMetadata> of(Workload workload) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(new ServiceAccountBuilder().withNewMetadata().withName(workload.name()).withLabels(labels(workload)).endMetadata()
                .withAutomountServiceAccountToken(false).build());
        objects.add(new ConfigMapBuilder().withNewMetadata().withName(workload.name()).withLabels(labels(workload)).endMetadata()
                .withData(settings(workload)).build());
        objects.add(deployment(workload));
        objects.add(new ServiceBuilder().withNewMetadata().withName(workload.host()).withLabels(labels(workload)).endMetadata()
                .withNewSpec().withSelector(selector(workload))
                .addNewPort().withName("http").withPort(workload.port()).withTargetPort(new IntOrString("http")).endPort()
                .addNewPort().withName("management").withPort(Workload.MANAGEMENT_PORT).withTargetPort(new IntOrString("management")).endPort()
                .endSpec().build());
        objects.add(new HorizontalPodAutoscalerBuilder().withNewMetadata().withName(workload.name()).withLabels(labels(workload)).endMetadata()
                .withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(workload.name()).endScaleTargetRef()
                .withMinReplicas(2).withMaxReplicas(6)
                .addNewMetric().withType("Resource").withNewResource().withName("cpu")
                .withNewTarget().withType("Utilization").withAverageUtilization(70).endTarget().endResource().endMetric()
                .endSpec().build());
        objects.add(new PodDisruptionBudgetBuilder().withNewMetadata().withName(workload.name()).withLabels(labels(workload)).endMetadata()
                .withNewSpec().withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(selector(workload)).endSelector().endSpec().build());
        objects.add(networkPolicy(workload));
        return objects;
    }

    static Map<String, String> labels(Workload workload) {
        Map<String, String> labels = new LinkedHashMap<>(selector(workload));
        labels.put(PART_OF_LABEL, PLATFORM);
        return labels;
    }

    static Map<String, String> selector(Workload workload) {
        return Map.of(APP_LABEL, workload.name());
    }

    /** Where the ingress controller may connect to the gateway from: the private ranges cluster pods get. */
    static final String INGRESS_ADDRESSES = "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7";

    /** Everything the service reads from its environment that is not a secret. */
    static Map<String, String> settings(Workload workload) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("SERVER_PORT", String.valueOf(workload.port()));
        // Not the local profile: a service refuses to start with a committed key or default password (service-defaults).
        settings.put("SPRING_PROFILES_ACTIVE", "kubernetes");
        settings.put("MANAGEMENT_SERVER_PORT", String.valueOf(Workload.MANAGEMENT_PORT));
        settings.put("JAVA_TOOL_OPTIONS", JAVA_OPTIONS);
        // service-defaults' token check; identity signs the tokens, and the gateway finds the keys through its identity route.
        if (!workload.name().equals("identity-service") && !workload.name().equals("gateway-service")) {
            settings.put("NAKKSHA_SECURITY_JWKS_URI", "http://identity-service:8081/.well-known/jwks.json");
        }
        workload.schema().ifPresent(schema -> {
            settings.put("SPRING_R2DBC_URL", "r2dbc:postgresql://" + PostgresManifests.READ_WRITE_SERVICE + ":5432/" + PostgresManifests.DATABASE
                    + "?sslMode=REQUIRE");
            settings.put("SPRING_LIQUIBASE_URL", "jdbc:postgresql://" + PostgresManifests.READ_WRITE_SERVICE + ":5432/" + PostgresManifests.DATABASE
                    + "?sslmode=require");
            settings.put("SPRING_R2DBC_USERNAME", schema);
            settings.put("SPRING_LIQUIBASE_USER", schema);
        });
        if (workload.usesKafka()) {
            settings.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", KafkaManifests.BOOTSTRAP);
            settings.put("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
            settings.put("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
            settings.put("SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PEM");
            settings.put("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", "file:/etc/kafka-ca/ca.crt");
        }
        if (workload.usesRedis()) {
            settings.put("SPRING_DATA_REDIS_HOST", "redis");
        }
        if (workload.name().equals("gateway-service")) {
            // Clients reach the gateway through the ingress controller, whose pods have cluster (private) addresses
            // and append the client's address to X-Forwarded-For: rate limits count that address, not the ingress's.
            settings.put("NAKKSHA_GATEWAY_CLIENT_ADDRESS_TRUSTED_PROXIES", INGRESS_ADDRESSES);
        }
        for (var called : workload.calls()) {
            if (workload.name().equals("gateway-service")) {
                String key = called.module().replace("-service", "").toUpperCase();
                settings.put("NAKKSHA_GATEWAY_SERVICES_" + key, "http://" + called.module() + ":" + called.port());
            }
        }
        return settings;
    }

    private static HasMetadata deployment(Workload workload) {
        List<EnvVar> env = new ArrayList<>();
        workload.schema().ifPresent(schema -> {
            env.add(secretEnv("SPRING_R2DBC_PASSWORD", PostgresManifests.roleSecret(schema), "password"));
            env.add(secretEnv("SPRING_LIQUIBASE_PASSWORD", PostgresManifests.roleSecret(schema), "password"));
        });
        if (workload.usesKafka()) {
            env.add(secretEnv("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", workload.name(), "sasl.jaas.config"));
        }
        var container = new io.fabric8.kubernetes.api.model.ContainerBuilder()
                .withName(workload.name())
                .withImage("nakksha/" + workload.name() + ":latest")
                .withImagePullPolicy("IfNotPresent")
                .addNewPort().withName("http").withContainerPort(workload.port()).endPort()
                .addNewPort().withName("management").withContainerPort(Workload.MANAGEMENT_PORT).endPort()
                .addNewEnvFrom().withNewConfigMapRef().withName(workload.name()).endConfigMapRef().endEnvFrom()
                .withEnv(env)
                .withStartupProbe(probe(LIVENESS_PATH, 2, 60))
                .withLivenessProbe(probe(LIVENESS_PATH, 10, 3))
                .withReadinessProbe(probe(READINESS_PATH, 5, 3))
                .withNewResources()
                .addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity(MEMORY_REQUEST_MEBIBYTES + "Mi"))
                .addToLimits("memory", new Quantity(MEMORY_LIMIT_MEBIBYTES + "Mi"))
                .endResources()
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(10001L).withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount();
        if (!workload.secretProperties().isEmpty()) {
            container.addNewEnvFrom().withNewSecretRef().withName(workload.name() + "-secrets").withOptional(false).endSecretRef().endEnvFrom();
        }
        if (workload.usesKafka()) {
            container.addNewVolumeMount().withName("kafka-ca").withMountPath("/etc/kafka-ca").withReadOnly(true).endVolumeMount();
        }
        var pod = new io.fabric8.kubernetes.api.model.PodSpecBuilder()
                .withServiceAccountName(workload.name())
                .withAutomountServiceAccountToken(false)
                .withTerminationGracePeriodSeconds(30L)
                .withNewSecurityContext().withRunAsNonRoot(true).withFsGroup(10001L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .withContainers(container.build())
                .addNewVolume().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("256Mi")).endEmptyDir().endVolume()
                .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey("kubernetes.io/hostname")
                .withWhenUnsatisfiable("ScheduleAnyway").withNewLabelSelector().withMatchLabels(selector(workload)).endLabelSelector()
                .endTopologySpreadConstraint();
        if (workload.usesKafka()) {
            pod.addNewVolume().withName("kafka-ca").withNewSecret().withSecretName(KAFKA_CA_SECRET)
                    .addNewItem().withKey("ca.crt").withPath("ca.crt").endItem().endSecret().endVolume();
        }
        return new DeploymentBuilder().withNewMetadata().withName(workload.name()).withLabels(labels(workload)).endMetadata()
                .withNewSpec().withReplicas(2)
                .withNewSelector().withMatchLabels(selector(workload)).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1)).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().withLabels(labels(workload))
                .addToAnnotations("prometheus.io/scrape", "true")
                .addToAnnotations("prometheus.io/port", String.valueOf(Workload.MANAGEMENT_PORT))
                .addToAnnotations("prometheus.io/path", "/actuator/prometheus")
                .endMetadata().withSpec(pod.build()).endTemplate()
                .endSpec().build();
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString("management")).endHttpGet()
                .withPeriodSeconds(periodSeconds).withFailureThreshold(failureThreshold).withTimeoutSeconds(2).build();
    }

    private static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey(key).withOptional(false).endSecretKeyRef().endValueFrom().build();
    }

    /**
     * Ingress: the gateway from the ingress controller, every service from the gateway (its API)
     * and from Prometheus (the management port). Egress: DNS, the services it calls, Postgres,
     * Kafka and Redis as it uses them, and the outside ports it names (any address outside the
     * cluster's private ranges).
     */
    private static HasMetadata networkPolicy(Workload workload) {
        List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
        if (workload.name().equals("gateway-service")) {
            ingress.add(new NetworkPolicyIngressRuleBuilder()
                    .addNewFrom().withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", "ingress-nginx").endNamespaceSelector().endFrom()
                    .addNewPort().withProtocol("TCP").withPort(new IntOrString(workload.port())).endPort().build());
        } else {
            ingress.add(new NetworkPolicyIngressRuleBuilder()
                    .addNewFrom().withNewPodSelector().addToMatchLabels(APP_LABEL, "gateway-service").endPodSelector().endFrom()
                    .addAllToFrom(Workload.platform().stream().filter(caller -> caller.calls().contains(workload.service())
                                    && !caller.name().equals("gateway-service"))
                            .map(caller -> new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder()
                                    .withNewPodSelector().addToMatchLabels(APP_LABEL, caller.name()).endPodSelector().build())
                            .toList())
                    .addNewPort().withProtocol("TCP").withPort(new IntOrString(workload.port())).endPort().build());
        }
        ingress.add(new NetworkPolicyIngressRuleBuilder()
                .addNewFrom().withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", "monitoring").endNamespaceSelector().endFrom()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(Workload.MANAGEMENT_PORT)).endPort().build());

        List<NetworkPolicyEgressRule> egress = new ArrayList<>();
        egress.add(new NetworkPolicyEgressRuleBuilder()
                .addNewTo().withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", "kube-system").endNamespaceSelector()
                .withNewPodSelector().addToMatchLabels("k8s-app", "kube-dns").endPodSelector().endTo()
                .addNewPort().withProtocol("UDP").withPort(new IntOrString(53)).endPort()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(53)).endPort().build());
        for (var called : workload.calls()) {
            egress.add(new NetworkPolicyEgressRuleBuilder()
                    .addNewTo().withNewPodSelector().addToMatchLabels(APP_LABEL, called.module()).endPodSelector().endTo()
                    .addNewPort().withProtocol("TCP").withPort(new IntOrString(called.port())).endPort().build());
        }
        if (workload.schema().isPresent()) {
            egress.add(new NetworkPolicyEgressRuleBuilder()
                    .addNewTo().withNewPodSelector().addToMatchLabels("cnpg.io/cluster", PostgresManifests.CLUSTER).endPodSelector().endTo()
                    .addNewPort().withProtocol("TCP").withPort(new IntOrString(5432)).endPort().build());
        }
        if (workload.usesKafka()) {
            egress.add(new NetworkPolicyEgressRuleBuilder()
                    .addNewTo().withNewPodSelector().addToMatchLabels("strimzi.io/cluster", KafkaManifests.CLUSTER).endPodSelector().endTo()
                    .addNewPort().withProtocol("TCP").withPort(new IntOrString(KafkaManifests.TLS_PORT)).endPort().build());
        }
        if (workload.usesRedis()) {
            egress.add(new NetworkPolicyEgressRuleBuilder()
                    .addNewTo().withNewPodSelector().addToMatchLabels(APP_LABEL, "redis").endPodSelector().endTo()
                    .addNewPort().withProtocol("TCP").withPort(new IntOrString(6379)).endPort().build());
        }
        if (!workload.externalPorts().isEmpty()) {
            var outside = new NetworkPolicyEgressRuleBuilder()
                    .addNewTo().withNewIpBlock().withCidr("0.0.0.0/0").withExcept("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16").endIpBlock().endTo();
            workload.externalPorts().forEach(port -> outside.addNewPort().withProtocol("TCP").withPort(new IntOrString(port)).endPort());
            egress.add(outside.build());
        }
        return new NetworkPolicyBuilder().withNewMetadata().withName(workload.name()).withLabels(labels(workload)).endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(selector(workload)).endPodSelector()
                .withPolicyTypes("Ingress", "Egress").withIngress(ingress).withEgress(egress).endSpec().build();
    }
}
