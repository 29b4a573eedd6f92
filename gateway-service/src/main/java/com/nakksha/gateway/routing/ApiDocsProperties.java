package com.nakksha.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether the gateway serves the Swagger UI and each service's OpenAPI document
 *                ({@code /v3/api-docs/<name>}); false answers 404 for all of them, e.g. in production
 */
@ConfigurationProperties("nakksha.gateway.api-docs")
public record ApiDocsProperties(@DefaultValue("true") boolean enabled) {
}
