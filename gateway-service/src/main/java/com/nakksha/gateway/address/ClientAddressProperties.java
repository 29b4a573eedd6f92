package com.nakksha.gateway.address;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the gateway's clients connect from.
 *
 * @param trustedProxies the load balancers or ingress in front of the gateway, as ranges
 *                       ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or single addresses; their
 *                       {@code X-Forwarded-For} names the client (its right-most hop that is not one of
 *                       them). Empty by default: the TCP peer is the client and the header is ignored,
 *                       which is right when clients connect directly (the local stack, docker-compose).
 */
@ConfigurationProperties("nakksha.gateway.client-address")
public record ClientAddressProperties(@DefaultValue({}) List<String> trustedProxies) {
}
