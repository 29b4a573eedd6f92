package com.nakksha.gateway.routing;

import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.springdoc.core.properties.AbstractSwaggerUiConfigProperties.SwaggerUrl;
import org.springdoc.core.properties.SwaggerUiConfigProperties;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;

/**
 * The routes every service gets alike, built from {@link GatewayServices} instead of written out per
 * service: {@code /health/<name>} to its readiness (for the launcher and operators) and
 * {@code /v3/api-docs/<name>} to its OpenAPI document, which the gateway's Swagger UI lists (unless
 * {@code nakksha.gateway.api-docs.enabled} is false). Both are public, limited as {@code public-api}, and
 * behind a circuit breaker with the service's 503 fallback. The health route has a breaker of its own,
 * {@code <name>-health}: polling a service that is still starting (refused connections) must not open
 * the breaker of its API routes, or its first users after it became ready would get 503s.
 */
@Configuration(proxyBeanMethods = false)
public class ServiceRoutes {

    static final String HEALTH_PATH = "/health/";
    static final String API_DOCS_PATH = "/v3/api-docs/";

    /** Joins the routes of application.yaml: the gateway combines every {@link RouteDefinitionLocator}. */
    @Bean
    RouteDefinitionLocator serviceRouteDefinitions(GatewayServices gateway, ApiDocsProperties apiDocs) {
        return () -> Flux.fromStream(gateway.services().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .flatMap(service -> Stream.concat(
                        Stream.of(route(service, "health", HEALTH_PATH, "/actuator/health/readiness", service.getKey() + "-health")),
                        apiDocs.enabled()
                                ? Stream.of(route(service, "api-docs", API_DOCS_PATH, "/v3/api-docs", service.getKey()))
                                : Stream.empty())));
    }

    /** Springdoc's list of documents, one per service, each fetched through its api-docs route. */
    @Bean
    @ConditionalOnBooleanProperty(name = "nakksha.gateway.api-docs.enabled", matchIfMissing = true)
    SmartInitializingSingleton swaggerUiListsEveryService(GatewayServices gateway, SwaggerUiConfigProperties swaggerUi) {
        return () -> {
            Set<SwaggerUrl> urls = new LinkedHashSet<>();
            gateway.services().keySet().stream().sorted(Comparator.naturalOrder())
                    .forEach(name -> urls.add(new SwaggerUrl(name, API_DOCS_PATH + name, name)));
            swaggerUi.setUrls(urls);
        };
    }

    private static RouteDefinition route(Map.Entry<String, URI> service, String kind, String prefix, String target,
            String breaker) {
        String name = service.getKey();
        RouteDefinition route = new RouteDefinition();
        route.setId(name + "-" + kind);
        route.setUri(service.getValue());
        route.setPredicates(List.of(new PredicateDefinition("Path=" + prefix + name)));
        FilterDefinition circuitBreaker = new FilterDefinition();
        circuitBreaker.setName("CircuitBreaker");
        circuitBreaker.addArg("name", breaker);
        circuitBreaker.addArg("fallbackUri", "forward:/fallback/" + name);
        route.setFilters(List.of(
                new FilterDefinition("SetPath=" + target),
                new FilterDefinition("RateLimit=public-api"),
                circuitBreaker));
        return route;
    }
}
