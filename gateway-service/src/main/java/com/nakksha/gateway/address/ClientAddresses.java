package com.nakksha.gateway.address;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

import com.nakksha.edge.address.TrustedProxies;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The client's address as the gateway counts and forwards it: the TCP peer, or behind a trusted proxy
 * the right-most untrusted {@code X-Forwarded-For} hop (edge-contract's {@link TrustedProxies}).
 */
@Component
public class ClientAddresses {

    /** An IPv6 client owns at least a /64 and can rotate inside it at will, so a /64 is one client. */
    static final int IPV6_CLIENT_PREFIX_BYTES = 8;

    private final TrustedProxies proxies;

    public ClientAddresses(ClientAddressProperties properties) {
        this.proxies = TrustedProxies.of(properties.trustedProxies());
    }

    /** Empty when the connection has no peer address (never for TCP). */
    public Optional<InetAddress> clientOf(ServerWebExchange exchange) {
        return proxies.clientOf(exchange.getRequest());
    }

    /**
     * What limits count per client: the IPv4 address, or the IPv6 /64 written as {@code <prefix>::/64};
     * {@code unknown} without a peer address.
     */
    public String limitKeyOf(ServerWebExchange exchange) {
        return clientOf(exchange).map(ClientAddresses::limitKey).orElse("unknown");
    }

    static String limitKey(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] network = Arrays.copyOf(Arrays.copyOf(address.getAddress(), IPV6_CLIENT_PREFIX_BYTES), 16);
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
