package com.nakksha.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * Base URIs of the services behind the gateway; the defaults are the local launcher's ports.
 * In Kubernetes or docker-compose set e.g. {@code NAKKSHA_GATEWAY_SERVICES_PAYMENT=http://payment-service:8083}.
 */
@ConfigurationProperties("nakksha.gateway.services")
public record DownstreamServices(
        @DefaultValue("http://localhost:8081") URI identity,
        @DefaultValue("http://localhost:8082") URI booking,
        @DefaultValue("http://localhost:8083") URI payment,
        @DefaultValue("http://localhost:8084") URI quotation,
        @DefaultValue("http://localhost:8085") URI notification,
        @DefaultValue("http://localhost:8086") URI analytics) {
}
