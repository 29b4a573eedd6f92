package com.nakksha.gateway;

import com.nakksha.gateway.ratelimit.RateLimitProperties;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;

/**
 * The gateway with every rate-limit group tight: one request, then one every 4 s (a request takes 4 tokens,
 * 1 comes back a second), so refusals hold even on a slow machine where seconds pass between requests.
 * Subclasses share this one context; each test starts with full buckets, since they all connect from the
 * same address.
 */
abstract class TightRateLimits extends GatewayTestSupport {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    RateLimitProperties limits;

    @DynamicPropertySource
    static void tightLimits(DynamicPropertyRegistry registry) {
        for (String group : List.of("auth", "public-api", "webhooks", "api")) {
            registry.add("nakksha.gateway.rate-limits." + group + ".replenish-rate", () -> 1);
            registry.add("nakksha.gateway.rate-limits." + group + ".burst-capacity", () -> 4);
            registry.add("nakksha.gateway.rate-limits." + group + ".requested-tokens", () -> 4);
        }
    }

    @BeforeEach
    void fillTheBuckets() {
        // The context's key prefix is a UUID of its own, so this touches no other run's buckets.
        redis.scan(ScanOptions.scanOptions().match("*" + limits.keyPrefix() + ":*").build())
                .flatMap(redis::delete)
                .then()
                .block(Duration.ofSeconds(10));
    }
}
