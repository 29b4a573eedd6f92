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
 *
 * <p>Two of them run: one before Spring Security, one after it. Security may go on from another thread
 * (a token signed by a key the service has not fetched yet waits for the JWKS on a timer and an HTTP
 * client thread); the second one restores them there before the handler is called.
 */
public class RequestThreadLocalsFilter implements WebFilter, Ordered {

    /** After the request id filter, whose id it restores, and the request text filter. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    /** After Spring Security's filter chain (order -100), before the handler. */
    public static final int AFTER_SECURITY_ORDER = 0;

    private final int order;
    private final boolean wrapsBody;

    /** The first one: restores them for the filters and wraps the body, whose signals restore them too. */
    public RequestThreadLocalsFilter() {
        this(ORDER, true);
    }

    private RequestThreadLocalsFilter(int order, boolean wrapsBody) {
        this.order = order;
        this.wrapsBody = wrapsBody;
    }

    /** The second one: restores them where the handler is subscribed to, after security. */
    public static RequestThreadLocalsFilter afterSecurity() {
        return new RequestThreadLocalsFilter(AFTER_SECURITY_ORDER, false);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!wrapsBody) {
            return ContextThreadLocals.restoring(chain.filter(exchange));
        }
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
        return order;
    }
}
