package com.nakksha.gateway.ratelimit;

import com.nakksha.edge.problem.ProblemWriter;
import com.nakksha.gateway.address.ClientAddresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code RateLimit=<group>} on a route: the gateway's {@link RedisRateLimiter} (a token bucket kept in
 * Redis by one atomic script, shared by every gateway instance) with the group's limit, answering a
 * refused request with a 429 problem and {@code Retry-After}. Without Redis the limiter lets every
 * request through: the platform stays usable, unlimited, until Redis is back (see {@link #uncounted}).
 */
@Component
public class RateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<RateLimitGatewayFilterFactory.Config> {

    private static final Logger log = LoggerFactory.getLogger(RateLimitGatewayFilterFactory.class);
    private static final Duration OUTAGE_WARNING_INTERVAL = Duration.ofMinutes(1);

    static final String UNCOUNTED_REQUESTS = "nakksha.gateway.rate.limit.uncounted";

    /** What {@link RedisRateLimiter} reports as remaining when Redis did not answer. */
    private static final String UNCOUNTED = "-1";

    private final RedisRateLimiter limiter;
    private final RateLimitProperties properties;
    private final ProblemWriter problems;
    private final MeterRegistry meters;
    private final ClientAddresses addresses;
    private final AtomicLong lastOutageWarning = new AtomicLong();

    public RateLimitGatewayFilterFactory(ReactiveStringRedisTemplate redis,
            @Qualifier(RedisRateLimiter.REDIS_SCRIPT_NAME) RedisScript<List<Long>> script,
            ConfigurationService configurationService, RateLimitProperties properties, ProblemWriter problems,
            MeterRegistry meters, ClientAddresses addresses) {
        super(Config.class);
        this.addresses = addresses;
        this.limiter = new RedisRateLimiter(redis, readOnce(script), configurationService);
        this.properties = properties;
        this.problems = problems;
        this.meters = meters;
        for (RateLimitGroup group : RateLimitGroup.values()) {
            RateLimitProperties.Limit limit = properties.limit(group);
            limiter.getConfig().put(bucketName(group), new RedisRateLimiter.Config()
                    .setReplenishRate(limit.replenishRate())
                    .setBurstCapacity(limit.burstCapacity())
                    .setRequestedTokens(limit.requestedTokens()));
            // At zero from start-up, so the dashboard tells "Redis answered every time" from "no such meter".
            uncountedCounter(group);
        }
    }

    /**
     * The gateway's script with its text read once. Spring Cloud Gateway's bean reads the script from a class path
     * resource, and Spring Data Redis asks that source whether it changed before every call (for its SHA-1), which
     * looks the resource up in its jar on every rate-limited request: 3 % of the gateway's CPU under booking load.
     * The text cannot change while the gateway runs.
     */
    @SuppressWarnings("unchecked")
    private static RedisScript<List<Long>> readOnce(RedisScript<List<Long>> script) {
        return new DefaultRedisScript<>(script.getScriptAsString(), (Class<List<Long>>) (Class<?>) List.class);
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("group");
    }

    @Override
    public GatewayFilter apply(Config config) {
        RateLimitGroup group = config.getGroup();
        String bucket = bucketName(group);
        RateLimitProperties.Limit limit = properties.limit(group);
        return (exchange, chain) -> callerKey(group, exchange)
                .flatMap(caller -> limiter.isAllowed(bucket, caller))
                .flatMap(response -> {
                    HttpHeaders headers = exchange.getResponse().getHeaders();
                    response.getHeaders().forEach(headers::set);
                    if (UNCOUNTED.equals(response.getHeaders().get(RedisRateLimiter.REMAINING_HEADER))) {
                        uncounted(group);
                    }
                    return response.isAllowed() ? chain.filter(exchange)
                            : tooManyRequests(problems, exchange, limit.secondsUntilRefill(), "Too many requests");
                });
    }

    /**
     * The limiter reports -1 remaining when it could not ask Redis and let the request through. Counted
     * for alerting ({@code nakksha_gateway_rate_limit_uncounted_total}); logged at most once a minute.
     */
    private void uncounted(RateLimitGroup group) {
        uncountedCounter(group).increment();
        long now = System.nanoTime();
        long last = lastOutageWarning.get();
        if ((last == 0 || now - last > OUTAGE_WARNING_INTERVAL.toNanos()) && lastOutageWarning.compareAndSet(last, now)) {
            log.warn("The rate limiter cannot reach Redis (or run its script there): limits are not enforced until it can");
        }
    }

    private Counter uncountedCounter(RateLimitGroup group) {
        return Counter.builder(UNCOUNTED_REQUESTS)
                .description("Requests let through without a rate-limit count because Redis did not answer")
                .tag("group", group.name().toLowerCase(Locale.ROOT))
                .register(meters);
    }

    /** The 429 problem of every limit here: {@code Retry-After} in seconds, and the same in the body. */
    static Mono<Void> tooManyRequests(ProblemWriter problems, ServerWebExchange exchange, long retryAfter, String reason) {
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                reason + "; try again in " + retryAfter + " s");
        problem.setTitle("Too many requests");
        problem.setProperty("retryAfterSeconds", retryAfter);
        return problems.write(exchange, problem);
    }

    private Mono<String> callerKey(RateLimitGroup group, ServerWebExchange exchange) {
        String address = "address:" + addresses.limitKeyOf(exchange);
        if (group.callerKey() == RateLimitGroup.CallerKey.PRINCIPAL) {
            // Routes in this group sit behind the token check, so a principal is there; the address is a safe fallback.
            return exchange.getPrincipal().map(Principal::getName).map(subject -> "subject:" + subject).defaultIfEmpty(address);
        }
        return Mono.just(address);
    }

    private String bucketName(RateLimitGroup group) {
        return properties.keyPrefix() + ":" + group.name().toLowerCase(Locale.ROOT);
    }

    public static class Config {

        private RateLimitGroup group = RateLimitGroup.API;

        public RateLimitGroup getGroup() {
            return group;
        }

        public Config setGroup(RateLimitGroup group) {
            this.group = group;
            return this;
        }
    }
}
