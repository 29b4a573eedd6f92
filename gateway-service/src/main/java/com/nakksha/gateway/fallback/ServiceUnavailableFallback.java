package com.nakksha.gateway.fallback;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Optional;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;

/**
 * Where a route's circuit breaker forwards a request the service could not answer (down, timed out, or
 * breaker open): a 503 problem that names the service, instead of a bare gateway error. Routes name
 * their service in the fallback URI, {@code forward:/fallback/<service>}; clients cannot reach it directly.
 */
@Configuration(proxyBeanMethods = false)
public class ServiceUnavailableFallback {

    private static final Logger log = LoggerFactory.getLogger(ServiceUnavailableFallback.class);

    @Bean
    RouterFunction<ServerResponse> fallbackRoutes() {
        return RouterFunctions.route(path("/fallback/{service}"), ServiceUnavailableFallback::answer);
    }

    static Mono<ServerResponse> answer(ServerRequest request) {
        String service = request.pathVariable("service") + "-service";
        Optional<Throwable> cause = request.attribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR)
                .map(Throwable.class::cast);
        log.warn("{} unavailable for {} {}: {}", service, request.method(), originalPath(request),
                cause.map(Throwable::toString).orElse("circuit open"));

        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                service + " is not available right now; please try again shortly.");
        problem.setTitle("Service unavailable");
        problem.setInstance(URI.create(originalPath(request)));
        problem.setProperty("service", service);
        return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .bodyValue(problem);
    }

    @SuppressWarnings("unchecked")
    private static String originalPath(ServerRequest request) {
        return request.attribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR)
                .map(urls -> (LinkedHashSet<URI>) urls)
                .flatMap(urls -> urls.stream().findFirst())
                .map(URI::getRawPath)
                .orElse(request.path());
    }
}
