package com.nakksha.identity.throttle;

import java.net.InetSocketAddress;

import com.nakksha.edge.address.TrustedProxies;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * Applies {@code X-Forwarded-*} and {@code Forwarded} (client address, scheme, host) only to requests
 * that come from a trusted proxy, the gateway; anyone else's forwarding headers are dropped, so a caller
 * reaching identity-service directly cannot pick the address its logins are throttled by. Registered
 * under the name the web handler looks for, in place of {@code server.forward-headers-strategy=framework}.
 */
@Component(ForwardedFromGatewayOnly.BEAN_NAME)
class ForwardedFromGatewayOnly extends ForwardedHeaderTransformer {

    static final String BEAN_NAME = "forwardedHeaderTransformer";

    private final TrustedProxies gateway;
    private final ForwardedHeaderTransformer dropOnly = new ForwardedHeaderTransformer();

    ForwardedFromGatewayOnly(ClientAddressProperties properties) {
        this.gateway = TrustedProxies.of(properties.trustedProxies());
        dropOnly.setRemoveOnly(true);
    }

    @Override
    public ServerHttpRequest apply(ServerHttpRequest request) {
        InetSocketAddress peer = request.getRemoteAddress();
        boolean fromGateway = peer != null && peer.getAddress() != null && gateway.trusts(peer.getAddress());
        return fromGateway ? super.apply(request) : dropOnly.apply(request);
    }
}
