package com.nakksha.k8s;

import java.util.List;
import java.util.Optional;

import com.nakksha.local.PlatformService;

/**
 * What the cluster needs to know about one service beyond the launcher's {@link PlatformService}:
 * which other services and outside endpoints it calls (its egress), its secrets, and how many
 * replicas it runs. The services, ports and schemas themselves come from {@code PlatformService},
 * the list the launcher starts, so the two cannot drift.
 *
 * @param service            the service (name, port, schema)
 * @param calls              services this one calls over HTTP (identity for its JWKS, the gateway for everything)
 * @param externalPorts      TCP ports of outside APIs it calls (443 for Razorpay or a mail API, 587 for SMTP); empty for none
 * @param usesKafka          whether it publishes or consumes events (every service but the gateway)
 * @param usesRedis          whether it needs Redis (the gateway's rate limits)
 * @param secretProperties   the properties its {@code <name>-secrets} Secret must supply (as
 *                           {@code SPRING_APPLICATION_JSON}), beyond database and Kafka credentials; the
 *                           same ones the launcher generates for it
 */
record Workload(PlatformService service, List<PlatformService> calls, List<Integer> externalPorts,
                boolean usesKafka, boolean usesRedis, List<String> secretProperties) {

    /** The management port every service serves probes and Prometheus metrics on in the cluster. */
    static final int MANAGEMENT_PORT = 9090;

    /** The services deployed to a cluster: all of the launcher's, without its stand-ins for outside providers. */
    static List<Workload> platform() {
        List<PlatformService> identityOnly = List.of(PlatformService.IDENTITY);
        return List.of(
                new Workload(PlatformService.GATEWAY, List.of(PlatformService.IDENTITY, PlatformService.BOOKING,
                        PlatformService.PAYMENT, PlatformService.QUOTATION, PlatformService.NOTIFICATION,
                        PlatformService.ANALYTICS), List.of(), false, true, List.of()),
                new Workload(PlatformService.IDENTITY, List.of(), List.of(), true, false,
                        List.of("nakksha.identity.encryption.active-key-id", "nakksha.identity.encryption.keys.<id>",
                                "nakksha.identity.link-tokens.active-key-id", "nakksha.identity.link-tokens.keys.<id>",
                                "nakksha.identity.bootstrap-admin.email", "nakksha.identity.bootstrap-admin.password")),
                new Workload(PlatformService.BOOKING, identityOnly, List.of(), true, false,
                        List.of("nakksha.booking.payment-capability.tag-key", "nakksha.booking.payment-capability.seal-key-id",
                                "nakksha.booking.payment-capability.seal-key")),
                new Workload(PlatformService.PAYMENT, identityOnly, List.of(443), true, false,
                        List.of("nakksha.payment.razorpay.key-id", "nakksha.payment.razorpay.key-secret",
                                "nakksha.payment.razorpay.webhook-secret", "nakksha.payment.checkout.capability-tag-keys[0]")),
                new Workload(PlatformService.QUOTATION, identityOnly, List.of(), true, false, List.of()),
                new Workload(PlatformService.NOTIFICATION, identityOnly, List.of(443, 587), true, false,
                        List.of("nakksha.notification.link-token-keys.<id>", "spring.mail.host",
                                "spring.mail.username", "spring.mail.password")),
                new Workload(PlatformService.ANALYTICS, identityOnly, List.of(), true, false, List.of()));
    }

    String name() {
        return service.module();
    }

    int port() {
        return service.port();
    }

    Optional<String> schema() {
        return service.schema();
    }

    /** The Kubernetes Service name other workloads reach it by; equal to the module name. */
    String host() {
        return name();
    }
}
