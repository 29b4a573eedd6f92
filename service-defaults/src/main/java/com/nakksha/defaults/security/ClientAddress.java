package com.nakksha.defaults.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The client a per-client limit counts: the request's remote address, which behind the gateway is the
 * address it forwarded (the gateway sets {@code X-Forwarded-For} to the connecting address alone; the
 * service sets {@code server.forward-headers-strategy: framework}). An IPv6 client is counted by its /64,
 * the network one subscriber is given, so rotating addresses inside it does not escape a limit.
 */
public final class ClientAddress {

    private static final int IPV6_NETWORK_BYTES = 8;

    private ClientAddress() {
    }

    /** The address as text ({@code 203.0.113.7}, {@code 2001:db8:1:2:0:0:0:0/64}), or {@code unknown}. */
    public static String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        // A forwarded address arrives unresolved: its literal text.
        String host = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        return normalized(host);
    }

    static String normalized(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.contains(":")) {
            return literal;
        }
        try {
            // An IPv6 literal: parsed without any name lookup.
            InetAddress address = InetAddress.getByName(literal);
            if (!(address instanceof Inet6Address)) {
                return address.getHostAddress();
            }
            byte[] network = Arrays.copyOf(Arrays.copyOf(address.getAddress(), IPV6_NETWORK_BYTES), 16);
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (UnknownHostException notAnAddress) {
            return literal;
        }
    }
}
