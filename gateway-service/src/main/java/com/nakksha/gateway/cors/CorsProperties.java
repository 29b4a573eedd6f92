package com.nakksha.gateway.cors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Which web front ends may call the API from a browser. Requests and preflights from any other
 * origin are refused with 403.
 *
 * @param allowedOrigins exact origins, e.g. {@code https://app.nakksha.com}; the default is the local front end
 * @param allowedMethods methods a browser may use cross-origin
 * @param allowedHeaders request headers a browser may send cross-origin
 * @param exposedHeaders response headers scripts may read
 * @param maxAge how long a browser may cache a preflight answer
 */
@ConfigurationProperties("nakksha.gateway.cors")
public record CorsProperties(
        @DefaultValue("http://localhost:3000") List<String> allowedOrigins,
        @DefaultValue({"GET", "POST", "PUT", "PATCH", "DELETE"}) List<String> allowedMethods,
        @DefaultValue({"Authorization", "Content-Type", "Accept", "Idempotency-Key", "X-Request-Id"}) List<String> allowedHeaders,
        @DefaultValue({"X-Request-Id", "Location", "Retry-After", "X-RateLimit-Remaining"}) List<String> exposedHeaders,
        @DefaultValue("1h") Duration maxAge) {
}
