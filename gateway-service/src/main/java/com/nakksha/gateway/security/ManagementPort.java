package com.nakksha.gateway.security;

import java.net.InetSocketAddress;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Requests that arrived on the actuator's own port ({@code management.server.port}). The security chain
 * runs there too; the port serves only health, metrics and info, is never published to clients, and
 * probes and Prometheus carry no token, so everything there is let through. Its number is known once
 * that server has started (in tests it is random).
 */
@Component
class ManagementPort implements ApplicationListener<WebServerInitializedEvent>, ServerWebExchangeMatcher {

    static final String NAMESPACE = "management";

    private volatile int port = -1;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
            port = event.getWebServer().getPort();
        }
    }

    @Override
    public Mono<MatchResult> matches(ServerWebExchange exchange) {
        InetSocketAddress local = exchange.getRequest().getLocalAddress();
        return local != null && port > 0 && local.getPort() == port ? MatchResult.match() : MatchResult.notMatch();
    }
}
