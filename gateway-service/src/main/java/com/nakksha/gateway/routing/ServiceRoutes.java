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
 * {@code /v3/api-docs/<name>} to its OpenAPI document, which the gateway's Swagger UI lists. Both are
 * public, limited as {@code public-api}, and behind the service's circuit breaker with the 503 fallback,
 * like its API routes in application.yaml.
 */
@Configuration(proxyBeanMethods = false)
public class ServiceRoutes {

    static final String HEALTH_PATH = "/health/";
    static final String API_DOCS_PATH = "/v3/api-docs/";

    /** Joins the routes of application.yaml: the gateway combines every {@link RouteDefinitionLocator}. */
    @Bean
    RouteDefinitionLocator serviceRouteDefinitions(GatewayServices gateway) {
        return () -> Flux.fromStream(gateway.services().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .flatMap(service -> Stream.of(
                        route(service, "health", HEALTH_PATH, "/actuator/health/readiness"),
                        route(service, "api-docs", API_DOCS_PATH, "/v3/api-docs"))));
    }

    /** Springdoc's list of documents, one per service, each fetched through its api-docs route. */
    @Bean
    SmartInitializingSingleton swaggerUiListsEveryService(GatewayServices gateway, SwaggerUiConfigProperties swaggerUi) {
        return () -> {
            Set<SwaggerUrl> urls = new LinkedHashSet<>();
            gateway.services().keySet().stream().sorted(Comparator.naturalOrder())
                    .forEach(name -> urls.add(new SwaggerUrl(name, API_DOCS_PATH + name, name)));
            swaggerUi.setUrls(urls);
        };
    }

    private static RouteDefinition route(Map.Entry<String, URI> service, String kind, String prefix, String target) {
        String name = service.getKey();
        RouteDefinition route = new RouteDefinition();
        route.setId(name + "-" + kind);
        route.setUri(service.getValue());
        route.setPredicates(List.of(new PredicateDefinition("Path=" + prefix + name)));
        FilterDefinition circuitBreaker = new FilterDefinition();
        circuitBreaker.setName("CircuitBreaker");
        circuitBreaker.addArg("name", name);
        circuitBreaker.addArg("fallbackUri", "forward:/fallback/" + name);
        route.setFilters(List.of(
                new FilterDefinition("SetPath=" + target),
                new FilterDefinition("RateLimit=public-api"),
                circuitBreaker));
        return route;
    }
}
