package com.nakksha.identity.token;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * {@code Cache-Control: no-store} on every answer under {@code /api/v1/auth/}: tokens and link results
 * must not stay in a browser or proxy cache. Requests without a bearer token do not get service-defaults'
 * default for authenticated answers, so the token endpoints set it here.
 */
@Component
class TokenResponsesNotStored implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/api/v1/auth/")) {
            exchange.getResponse().beforeCommit(() -> {
                exchange.getResponse().getHeaders().setCacheControl(CacheControl.noStore());
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }
}
