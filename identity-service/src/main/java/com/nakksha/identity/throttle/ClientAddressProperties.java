package com.nakksha.identity.throttle;

import java.util.List;

import com.nakksha.edge.address.TrustedProxies;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may tell identity-service a client's address.
 *
 * @param trustedProxies where the gateway connects from, as ranges or single addresses; only requests
 *                       from these have their {@code X-Forwarded-For} applied (the gateway sets it to the
 *                       client alone). Default: loopback and private networks
 *                       ({@link TrustedProxies#INTERNAL_NETWORKS}), where the gateway runs on the local
 *                       stack, in docker-compose and in Kubernetes; narrow it to the gateway's addresses
 *                       where other workloads share the network.
 */
@ConfigurationProperties("nakksha.identity.client-address")
public record ClientAddressProperties(List<String> trustedProxies) {

    public ClientAddressProperties {
        trustedProxies = trustedProxies == null ? TrustedProxies.INTERNAL_NETWORKS : List.copyOf(trustedProxies);
    }
}
