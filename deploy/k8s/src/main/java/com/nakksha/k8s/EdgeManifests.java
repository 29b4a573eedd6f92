package com.nakksha.k8s;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

/**
 * What surrounds the services: a default-deny NetworkPolicy for the namespace (each service's own
 * policy opens what it needs), the Ingress that terminates TLS in front of the gateway, and the
 * Redis the gateway keeps its rate-limit counters in (nothing durable: it runs without a volume).
 */
final class EdgeManifests {

    /** The public host name; each overlay sets its own. */
    static final String HOST = "nakksha.example.com";
    static final String TLS_SECRET = "nakksha-gateway-tls";

    private EdgeManifests() {
    }

    static List<HasMetadata> objects() {
        var gateway = Workload.platform().getFirst();
        var defaultDeny = new NetworkPolicyBuilder().withNewMetadata().withName("default-deny").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress", "Egress").endSpec().build();
        var ingress = new IngressBuilder().withNewMetadata().withName("nakksha")
                .addToAnnotations("cert-manager.io/cluster-issuer", "letsencrypt")
                .addToAnnotations("nginx.ingress.kubernetes.io/proxy-body-size", "1m")
                .endMetadata()
                .withNewSpec().withIngressClassName("nginx")
                .addNewTl().withHosts(HOST).withSecretName(TLS_SECRET).endTl()
                .addNewRule().withHost(HOST).withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                .withNewBackend().withNewService().withName(gateway.host()).withNewPort().withNumber(gateway.port()).endPort()
                .endService().endBackend().endPath().endHttp().endRule()
                .endSpec().build();
        Map<String, String> redisLabels = Map.of(ServiceManifests.APP_LABEL, "redis", ServiceManifests.PART_OF_LABEL, ServiceManifests.PLATFORM);
        var redis = new DeploymentBuilder().withNewMetadata().withName("redis").withLabels(redisLabels).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels(ServiceManifests.APP_LABEL, "redis").endSelector()
                .withNewTemplate().withNewMetadata().withLabels(redisLabels).endMetadata()
                .withNewSpec().withAutomountServiceAccountToken(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(999L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer().withName("redis").withImage("redis:7")
                .withArgs("--save", "", "--appendonly", "no")
                .addNewPort().withName("redis").withContainerPort(6379).endPort()
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString("redis")).endTcpSocket().withPeriodSeconds(5).endReadinessProbe()
                .withNewResources().addToRequests("cpu", new Quantity("50m")).addToRequests("memory", new Quantity("64Mi"))
                .addToLimits("memory", new Quantity("128Mi")).endResources()
                .withNewSecurityContext().withReadOnlyRootFilesystem(true).withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().endTemplate().endSpec().build();
        var redisService = new ServiceBuilder().withNewMetadata().withName("redis").withLabels(redisLabels).endMetadata()
                .withNewSpec().addToSelector(ServiceManifests.APP_LABEL, "redis")
                .addNewPort().withName("redis").withPort(6379).withTargetPort(new IntOrString("redis")).endPort().endSpec().build();
        var redisPolicy = new NetworkPolicyBuilder().withNewMetadata().withName("redis").withLabels(redisLabels).endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels(ServiceManifests.APP_LABEL, "redis").endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress().addNewFrom().withNewPodSelector().addToMatchLabels(ServiceManifests.APP_LABEL, gateway.name()).endPodSelector().endFrom()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(6379)).endPort().endIngress()
                .endSpec().build();
        return List.of(defaultDeny, ingress, redis, redisService, redisPolicy);
    }
}
