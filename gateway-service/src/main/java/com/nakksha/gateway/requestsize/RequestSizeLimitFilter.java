package com.nakksha.gateway.requestsize;

import com.nakksha.edge.problem.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies above {@code nakksha.gateway.request-body.max-size} with a 413 problem before
 * anything is forwarded. A declared {@code Content-Length} is checked as is; a chunked body (no length)
 * is read up to the limit and forwarded with its length, so an oversized one never half-reaches a service.
 */
@Component
public class RequestSizeLimitFilter implements WebFilter, Ordered {

    private final long maxBytes;
    private final ProblemWriter problems;

    public RequestSizeLimitFilter(RequestBodyProperties properties, ProblemWriter problems) {
        this.maxBytes = properties.maxSize().toBytes();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        long declared = headers.getContentLength();
        if (declared > maxBytes) {
            return tooLarge(exchange);
        }
        if (declared >= 0 || !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), (int) Math.min(maxBytes, Integer.MAX_VALUE))
                .map(body -> withBody(exchange, body))
                .switchIfEmpty(Mono.fromSupplier(() -> exchange))
                .flatMap(chain::filter)
                .onErrorResume(DataBufferLimitException.class, limit -> tooLarge(exchange));
    }

    private static ServerWebExchange withBody(ServerWebExchange exchange, DataBuffer body) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(exchange.getRequest().getHeaders());
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentLength(body.readableByteCount());
        ServerHttpRequest request = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.just(body);
            }
        };
        return exchange.mutate().request(request).build();
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "The request body may be at most " + maxBytes + " bytes");
        problem.setTitle("Request body too large");
        problem.setProperty("maxBytes", maxBytes);
        return problems.write(exchange, problem);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }
}
