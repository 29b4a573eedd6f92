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
 *
 * <p>Each request reserves its refusal before the check ({@link #beforeTokenCheck}) and gives it back once its
 * token was accepted ({@link #accepted}), or when the token could not be checked at all: counting only after the
 * check let every request in flight at once pass it (35 parallel forged tokens from one address all reached the
 * check against a limit of 30), as login throttling once did in identity-service.
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

    /** Gives a reserved refusal back; a window that ended meanwhile is not recreated. */
    private static final RedisScript<Long> GIVE_BACK = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
              return redis.call('DECR', KEYS[1])
            end
            return 0
            """, Long.class);

    /** Set on an exchange whose refusal is reserved: its Redis key. */
    private static final String RESERVED = RefusedTokenLimit.class.getName() + ".reserved";

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

    /**
     * Reserves a refusal for the request's address and lets the request on to the token check, unless the address
     * was over the limit already: then a 429 problem with Retry-After, and no token is checked.
     */
    public Mono<Void> beforeTokenCheck(ServerWebExchange exchange, WebFilterChain chain) {
        String key = key(exchange);
        return redis.execute(COUNT, List.of(key), List.of(String.valueOf(limit.window().toMillis())))
                .next()
                .flatMap(refusals -> {
                    if (refusals > limit.maxRefusals()) {
                        return redis.getExpire(key).defaultIfEmpty(limit.window()).map(Optional::of);
                    }
                    exchange.getAttributes().put(RESERVED, key);
                    return Mono.just(Optional.<Duration>empty());
                })
                .onErrorResume(error -> {
                    log.debug("Refused-token count unavailable: {}", error.toString());
                    return Mono.just(Optional.empty());
                })
                .defaultIfEmpty(Optional.empty())
                .flatMap(over -> over.isPresent() ? tooMany(exchange, over.get()) : chain.filter(exchange));
    }

    /** Counts a refusal against the request's address (already counted when it was reserved); never fails. */
    public Mono<Void> refused(ServerWebExchange exchange) {
        if (exchange.getAttributes().remove(RESERVED) != null) {
            return Mono.empty();
        }
        return redis.execute(COUNT, List.of(key(exchange)), List.of(String.valueOf(limit.window().toMillis())))
                .then()
                .onErrorResume(error -> {
                    log.debug("Refused token not counted: {}", error.toString());
                    return Mono.empty();
                });
    }

    /**
     * Gives back the refusal reserved for this request: its token was accepted, or could not be checked (the
     * client is not at fault). Never fails.
     */
    public Mono<Void> accepted(ServerWebExchange exchange) {
        Object key = exchange.getAttributes().remove(RESERVED);
        if (key == null) {
            return Mono.empty();
        }
        return redis.execute(GIVE_BACK, List.of((String) key), List.of())
                .then()
                .onErrorResume(error -> {
                    log.debug("Reserved refusal not given back: {}", error.toString());
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
