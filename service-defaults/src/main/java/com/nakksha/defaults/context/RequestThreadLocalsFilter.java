package com.nakksha.defaults.context;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Puts a request's id and trace into the logging context of what runs for it on the event loop before
 * its first wait: the filters and the handler of a request without a body when the chain is subscribed
 * to, the handler of one with a body when the body arrives ({@link ContextThreadLocals#restoring}).
 * A few restorations a request, where Reactor's {@code auto} mode made one per signal and operator.
 * Log lines written after a database or HTTP round trip carry them only from a {@code handle} or
 * {@code tap} operator (or {@link ContextThreadLocals#open}).
 */
public class RequestThreadLocalsFilter implements WebFilter, Ordered {

    /** After the request id filter, whose id it restores, and the request text filter. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerWebExchange restoringBody = exchange.mutate().request(new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return ContextThreadLocals.restoring(super.getBody());
            }
        }).build();
        return ContextThreadLocals.restoring(chain.filter(restoringBody));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
