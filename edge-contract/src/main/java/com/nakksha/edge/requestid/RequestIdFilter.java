package com.nakksha.edge.requestid;

import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import io.micrometer.context.ContextRegistry;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every request one {@code X-Request-Id}, at the gateway and again in each service: the
 * caller's when it is well-formed (1 to 64 of {@code A-Z a-z 0-9 . _ : -}), a new UUID otherwise.
 * The id travels on to the next hop in the request header, is echoed on the response and is put in
 * the Reactor context, from which Reactor's context propagation sets the logging context (MDC key
 * {@value #MDC_KEY}): in {@code handle} and {@code tap} operators under the default
 * {@code spring.reactor.context-propagation=limited}, on every signal under {@code auto}.
 */
public class RequestIdFilter implements WebFilter, Ordered {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".requestId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(MDC_KEY,
                () -> MDC.get(MDC_KEY), value -> MDC.put(MDC_KEY, value), () -> MDC.remove(MDC_KEY));
    }

    /**
     * The id this filter gave the exchange, or null before it ran. For code outside the filter's
     * Reactor context, such as exception handlers.
     */
    public static String requestIdOf(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String offered = exchange.getRequest().getHeaders().getFirst(HEADER);
        String requestId = offered != null && ACCEPTED.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        exchange.getAttributes().put(ATTRIBUTE, requestId);
        ServerWebExchange withId = exchange.mutate()
                .request(request -> request.headers(headers -> headers.set(HEADER, requestId)))
                .build();
        // Set just before the response goes out, replacing the copy a proxied service echoed, so the client sees one id.
        withId.getResponse().beforeCommit(() -> {
            withId.getResponse().getHeaders().set(HEADER, requestId);
            return Mono.empty();
        });
        return chain.filter(withId).contextWrite(context -> context.put(MDC_KEY, requestId));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
