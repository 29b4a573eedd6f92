package com.nakksha.gateway.cors;

import com.nakksha.edge.problem.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for every path, before the token check: a preflight from an allowed origin is answered here, a
 * preflight or request from any other origin gets a 403 problem naming the origin (Spring's own CORS
 * filter would answer an empty 403). Requests without an {@code Origin} are not CORS and pass.
 */
@Component
public class CorsFilter implements WebFilter, Ordered {

    private final CorsConfiguration configuration;
    private final CorsProcessor processor = new DefaultCorsProcessor();
    private final ProblemWriter problems;

    public CorsFilter(CorsProperties cors, ProblemWriter problems) {
        this.problems = problems;
        configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(cors.allowedOrigins());
        configuration.setAllowedMethods(cors.allowedMethods());
        configuration.setAllowedHeaders(cors.allowedHeaders());
        configuration.setExposedHeaders(cors.exposedHeaders());
        // Bearer tokens travel in a header, never in cookies.
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(cors.maxAge());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!CorsUtils.isCorsRequest(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        if (!processor.process(configuration, exchange)) {
            return refused(exchange);
        }
        return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
    }

    private Mono<Void> refused(ServerWebExchange exchange) {
        String origin = exchange.getRequest().getHeaders().getOrigin();
        boolean preflight = CorsUtils.isPreFlightRequest(exchange.getRequest());
        String method = preflight
                ? exchange.getRequest().getHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)
                : exchange.getRequest().getMethod().name();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, configuration.checkOrigin(origin) == null
                ? "Cross-origin requests from " + origin + " are not allowed"
                : "This cross-origin " + method + " request (or one of its headers) is not allowed from " + origin);
        problem.setTitle("Cross-origin request refused");
        return problems.write(exchange, problem);
    }

    /** After the request id, security headers and size limits, before the token check. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 4;
    }
}
