package com.nakksha.edge.session;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionManager;

/**
 * The session manager of a stateless web application: a caller is its bearer token or nobody, so no request opens an
 * HTTP session. WebFlux's default manager makes a session whenever something asks for one, off the request's thread
 * (its random id on a bounded-elastic thread, the request carried on on a parallel one). Spring Security's request
 * cache asked on every request, so each was handed between threads twice before its handler ran (issue 15). Whatever
 * asks now fails its request with an {@link IllegalStateException} that names this rule, so the first test through
 * it shows it.
 */
public final class NoHttpSessions implements WebSessionManager {

    private static final Mono<WebSession> REFUSED = Mono.error(() -> new IllegalStateException(
            "this application is stateless: nothing may open an HTTP session (NoHttpSessions)"));

    /** @return fails with {@link IllegalStateException} when subscribed */
    @Override
    public Mono<WebSession> getSession(ServerWebExchange exchange) {
        return REFUSED;
    }
}
