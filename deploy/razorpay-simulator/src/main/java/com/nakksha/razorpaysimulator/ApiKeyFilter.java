package com.nakksha.razorpaysimulator;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** The API ({@code /v1/**}) answers only HTTP Basic with the configured key id and secret, as Razorpay does. */
@Component
public class ApiKeyFilter implements WebFilter, Ordered {

    private final byte[] expected;
    private final JsonMapper json;

    public ApiKeyFilter(SimulatorProperties properties, JsonMapper json) {
        this.expected = ("Basic " + Base64.getEncoder().encodeToString(
                (properties.keyId() + ":" + properties.keySecret()).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith("/v1/")) {
            return chain.filter(exchange);
        }
        String given = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return chain.filter(exchange);
        }
        RazorpayError refused = new RazorpayError(HttpStatus.UNAUTHORIZED, "BAD_REQUEST_ERROR", "Authentication failed", null);
        exchange.getResponse().setStatusCode(refused.status());
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = json.writeValueAsBytes(refused.body());
        return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(body)));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
