package com.nakksha.gateway.headers;

import com.nakksha.gateway.address.ClientAddresses;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The last step before a request leaves for a service: drops every header a client may not set
 * (see {@link ClientHeaderProperties}) and writes the forwarding headers from what the gateway saw.
 * {@code X-Forwarded-For} is the client's address alone ({@link ClientAddresses}: the connecting
 * address, or behind a trusted load balancer the hop it names), never appended to a client's value:
 * identity-service throttles logins by its leftmost entry.
 */
@Component
public class ForwardingHeaders implements HttpHeadersFilter, Ordered {

    private final Predicate<String> stripped;
    private final ClientAddresses addresses;

    public ForwardingHeaders(ClientHeaderProperties properties, ClientAddresses addresses) {
        this.addresses = addresses;
        List<String> patterns = properties.stripped().stream().map(pattern -> pattern.toLowerCase(Locale.ROOT)).toList();
        this.stripped = name -> {
            String lower = name.toLowerCase(Locale.ROOT);
            return patterns.stream().anyMatch(pattern -> pattern.endsWith("*")
                    ? lower.startsWith(pattern.substring(0, pattern.length() - 1))
                    : lower.equals(pattern));
        };
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders forwarded = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!stripped.test(name)) {
                forwarded.addAll(name, values);
            }
        });
        ServerHttpRequest request = exchange.getRequest();
        addresses.clientOf(exchange).ifPresent(client -> forwarded.set("X-Forwarded-For", client.getHostAddress()));
        URI uri = request.getURI();
        forwarded.set("X-Forwarded-Proto", uri.getScheme());
        if (uri.getHost() != null) {
            forwarded.set("X-Forwarded-Host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        }
        return forwarded;
    }

    /** After the gateway's own header filters, so nothing they add or keep escapes this policy. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
