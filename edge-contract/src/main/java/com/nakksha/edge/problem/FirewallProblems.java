package com.nakksha.edge.problem;

import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * What Spring Security's URL firewall refuses (encoded {@code %}, {@code /}, {@code .} or NUL in the
 * path, {@code ..} segments, methods such as TRACE) answered as a problem naming what was refused,
 * instead of its empty 400. The security chain picks this handler up as a bean: the gateway's, and every
 * service's through service-defaults (services are fuzzed with such paths directly, issue 14).
 */
public class FirewallProblems implements ServerExchangeRejectedHandler {

    /** The firewall's default list of methods; anything else is refused as a method, not as a URL. */
    private static final Set<HttpMethod> ALLOWED = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

    private final ProblemWriter writer;

    public FirewallProblems(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        HttpMethod method = exchange.getRequest().getMethod();
        ProblemDetail problem;
        if (!ALLOWED.contains(method)) {
            problem = ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED, "The method " + method.name() + " is not allowed");
            problem.setTitle("Method not allowed");
            exchange.getResponse().getHeaders().set(HttpHeaders.ALLOW, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        } else {
            problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, rejected.getMessage());
            problem.setTitle("Request URL refused");
        }
        return writer.write(exchange, problem);
    }
}
