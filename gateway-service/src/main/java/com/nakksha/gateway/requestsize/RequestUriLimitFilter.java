package com.nakksha.gateway.requestsize;

import com.nakksha.edge.problem.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * A URI longer than {@code nakksha.gateway.request-uri.max-length} answers a 414 problem before any
 * route or token check. Netty accepts request lines up to {@code server.netty.max-initial-line-length}
 * (set well above this limit in application.yaml) so that such URIs get here instead of Netty's empty 414.
 */
@Component
public class RequestUriLimitFilter implements WebFilter, Ordered {

    private final long maxLength;
    private final ProblemWriter problems;

    public RequestUriLimitFilter(RequestUriProperties properties, ProblemWriter problems) {
        this.maxLength = properties.maxLength().toBytes();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        URI uri = exchange.getRequest().getURI();
        String query = uri.getRawQuery();
        long length = uri.getRawPath().length() + (query == null ? 0 : query.length() + 1);
        if (length <= maxLength) {
            return chain.filter(exchange);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.URI_TOO_LONG,
                "The request URI may be at most " + maxLength + " characters long, this one has " + length);
        problem.setTitle("URI too long");
        problem.setProperty("maxLength", maxLength);
        return problems.write(exchange, problem);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }
}
