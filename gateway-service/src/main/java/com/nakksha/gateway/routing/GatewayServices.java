package com.nakksha.gateway.routing;

import java.net.URI;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The one list of services behind the gateway, {@code nakksha.gateway.services.<name>=<base URL>}
 * (e.g. {@code NAKKSHA_GATEWAY_SERVICES_PAYMENT=http://payment-service:8083}). Each name gets a
 * {@code /health/<name>} and a {@code /v3/api-docs/<name>} route and an entry in the Swagger UI
 * ({@link ServiceRoutes}); API routes name their service's URL with
 * {@code ${nakksha.gateway.services.<name>}} in application.yaml.
 *
 * @param services base URL per service name; the name is also the circuit breaker's and the fallback's
 */
@ConfigurationProperties("nakksha.gateway")
public record GatewayServices(Map<String, URI> services) {

    public GatewayServices {
        services = services == null ? Map.of() : Map.copyOf(services);
    }
}
