package com.nakksha.gateway.ratelimit;

import com.nakksha.edge.problem.ProblemWriter;
import com.nakksha.gateway.address.ClientAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Requests the token check refuses, counted per client address in Redis (a fixed window from the
 * address's first refusal, shared by all gateway instances). Once an address reaches
 * {@code max-refusals}, its requests that would meet the token check are answered 429 before any token
 * is decoded, so forged tokens cost neither signature checks nor key fetches. Without Redis nothing is
 * counted and nothing refused, like the other limits.
 */
@Component
public class RefusedTokenLimit {

    private static final Logger log = LoggerFactory.getLogger(RefusedTokenLimit.class);

    /** Counts one refusal; the window starts with the first (a key left without expiry gets one too). */
    private static final RedisScript<Long> COUNT = RedisScript.of("""
            local refusals = redis.call('INCR', KEYS[1])
            if redis.call('PTTL', KEYS[1]) < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            return refusals
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final ClientAddresses addresses;
    private final ProblemWriter problems;
    private final String keyPrefix;
    private final RateLimitProperties.RefusedTokens limit;

    public RefusedTokenLimit(ReactiveStringRedisTemplate redis, ClientAddresses addresses, ProblemWriter problems,
            RateLimitProperties properties) {
        this.redis = redis;
        this.addresses = addresses;
        this.problems = problems;
        this.keyPrefix = properties.keyPrefix();
        this.limit = properties.refusedTokens();
    }

    /** Lets the request on to the token check unless its address is over the limit. */
    public Mono<Void> beforeTokenCheck(ServerWebExchange exchange, WebFilterChain chain) {
        String key = key(exchange);
        return redis.opsForValue().get(key)
                .filter(refusals -> Long.parseLong(refusals) >= limit.maxRefusals())
                .flatMap(over -> redis.getExpire(key).defaultIfEmpty(limit.window()))
                .onErrorResume(error -> {
                    log.debug("Refused-token count unavailable: {}", error.toString());
                    return Mono.empty();
                })
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(over -> over.isPresent() ? tooMany(exchange, over.get()) : chain.filter(exchange));
    }

    /** Counts a refusal against the request's address; never fails. */
    public Mono<Void> refused(ServerWebExchange exchange) {
        return redis.execute(COUNT, List.of(key(exchange)), List.of(String.valueOf(limit.window().toMillis())))
                .then()
                .onErrorResume(error -> {
                    log.debug("Refused token not counted: {}", error.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> tooMany(ServerWebExchange exchange, Duration remaining) {
        long retryAfter = Math.max(1, remaining.isNegative() ? limit.window().toSeconds() : remaining.toSeconds());
        return RateLimitGatewayFilterFactory.tooManyRequests(problems, exchange, retryAfter,
                "Too many requests with a missing or invalid token from this address");
    }

    private String key(ServerWebExchange exchange) {
        return keyPrefix + ":refused-tokens.{address:" + addresses.limitKeyOf(exchange) + "}";
    }
}
