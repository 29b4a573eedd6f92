package com.nakksha.gateway.routing;

import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One API route per service for the paths it owns, plus {@code /health/{service}} to that service's
 * readiness. Every route runs behind a circuit breaker named after the service whose fallback answers
 * 503 problem+json; GETs are retried on connection failures and 502/503/504, other methods never.
 */
@Configuration(proxyBeanMethods = false)
public class RouteConfiguration {

    static final String HEALTH_PREFIX = "/health/";
    static final String DOWNSTREAM_READINESS = "/actuator/health/readiness";

    @Bean
    RouteLocator serviceRoutes(RouteLocatorBuilder builder, DownstreamServices services) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        for (Downstream downstream : Downstream.values()) {
            String uri = downstream.uri(services).toString();
            routes.route(downstream.shortName() + "-api", route -> route
                    .order(downstream.order())
                    .path(downstream.paths().toArray(String[]::new))
                    .filters(filters -> resilient(filters, downstream))
                    .uri(uri));
            routes.route(downstream.shortName() + "-health", route -> route
                    .path(HEALTH_PREFIX + downstream.shortName())
                    .filters(filters -> resilient(filters.setPath(DOWNSTREAM_READINESS), downstream))
                    .uri(uri));
        }
        return routes.build();
    }

    private static GatewayFilterSpec resilient(GatewayFilterSpec filters, Downstream downstream) {
        return filters
                // The fallback names the path the client asked for, which the forward to it replaces.
                .filter((exchange, chain) -> {
                    ServerWebExchangeUtils.addOriginalRequestUrl(exchange, exchange.getRequest().getURI());
                    return chain.filter(exchange);
                }, Ordered.HIGHEST_PRECEDENCE)
                .circuitBreaker(breaker -> breaker
                        .setName(downstream.shortName())
                        .setFallbackUri("forward:/fallback/" + downstream.shortName()))
                .retry(RouteConfiguration::retryIdempotentReads);
    }

    private static void retryIdempotentReads(RetryGatewayFilterFactory.RetryConfig retry) {
        retry.setRetries(2)
                .setMethods(HttpMethod.GET)
                .setSeries()
                .setStatuses(HttpStatus.BAD_GATEWAY, HttpStatus.SERVICE_UNAVAILABLE, HttpStatus.GATEWAY_TIMEOUT)
                .setExceptions(IOException.class, TimeoutException.class)
                .setBackoff(Duration.ofMillis(50), Duration.ofMillis(200), 2, true);
    }
}
