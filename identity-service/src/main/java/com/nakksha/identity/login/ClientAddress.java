package com.nakksha.identity.login;

import java.net.InetSocketAddress;

import org.springframework.web.server.ServerWebExchange;

/**
 * The client's address for throttling. Behind the gateway the forwarded headers are applied by the
 * framework ({@code server.forward-headers-strategy}), so this is the caller, not the gateway.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
