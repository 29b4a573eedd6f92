package com.nakksha.gateway.headers;

import org.springframework.core.Ordered;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The browser-facing security headers on every response the gateway sends: proxied, fallback, 401,
 * 413, 429 and 404 alike. They replace whatever a service sent, so the edge policy is the one that
 * holds, and no response names the server software. Answers under {@code /api/} get
 * {@code Cache-Control: no-store} unless the service chose a cache policy.
 */
@Component
public class SecurityHeadersFilter implements WebFilter, Ordered {

    /** One year, subdomains included; browsers ignore it on plain HTTP, so sending it always is harmless. */
    static final String HSTS = "max-age=31536000; includeSubDomains";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        boolean api = exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/api/");
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            // API answers carry tokens or personal data (a booking behind a manage link, a checkout, a login)
            // more often than not; none may stay in a browser or shared cache unless its service said otherwise.
            if (api && !headers.containsHeader(HttpHeaders.CACHE_CONTROL)) {
                headers.setCacheControl(CacheControl.noStore());
            }
            headers.set("Strict-Transport-Security", HSTS);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            headers.remove(HttpHeaders.SERVER);
            headers.remove("X-Powered-By");
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
