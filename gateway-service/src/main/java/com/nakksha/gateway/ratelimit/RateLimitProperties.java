package com.nakksha.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Token buckets in Redis, one per caller and route group: a bucket holds at most {@code burstCapacity}
 * tokens, refills {@code replenishRate} tokens a second, and a request takes {@code requestedTokens}.
 * So a caller may send {@code burstCapacity / requestedTokens} requests at once and then
 * {@code replenishRate / requestedTokens} a second. Any field left unset keeps the group's default.
 *
 * @param keyPrefix namespaces the Redis keys, e.g. per environment sharing one Redis
 * @param auth sign-in, sign-up and token endpoints, per client address (default: 10 at once, then 1 every 2 s)
 * @param publicApi public booking pages and quotation links, per client address (default: 40 at once, then 10/s)
 * @param webhooks Razorpay webhooks, per sending address (default: 100 at once, then 50/s)
 * @param api everything that needs a token, per caller ({@code sub}) (default: 60 at once, then 20/s)
 * @param refusedTokens requests the token check refused, per client address (see {@link RefusedTokenLimit})
 */
@ConfigurationProperties("nakksha.gateway.rate-limits")
public record RateLimitProperties(
        @DefaultValue("gateway") String keyPrefix,
        Limit auth,
        Limit publicApi,
        Limit webhooks,
        Limit api,
        @DefaultValue RefusedTokens refusedTokens) {

    public RateLimitProperties {
        auth = Limit.orElse(auth, new Limit(1, 20L, 2)).checked("auth");
        publicApi = Limit.orElse(publicApi, new Limit(10, 40L, 1)).checked("public-api");
        webhooks = Limit.orElse(webhooks, new Limit(50, 100L, 1)).checked("webhooks");
        api = Limit.orElse(api, new Limit(20, 60L, 1)).checked("api");
    }

    public Limit limit(RateLimitGroup group) {
        return switch (group) {
            case AUTH -> auth;
            case PUBLIC_API -> publicApi;
            case WEBHOOKS -> webhooks;
            case API -> api;
        };
    }

    /**
     * @param maxRefusals how many requests from one client address the token check may refuse per window
     *                    (missing, expired, forged tokens alike); then the address is refused with 429 before
     *                    its tokens are checked until the window ends
     * @param window a fixed window starting at the address's first refusal
     */
    public record RefusedTokens(@DefaultValue("30") int maxRefusals, @DefaultValue("1m") Duration window) {

        public RefusedTokens {
            if (maxRefusals < 1 || window.toMillis() < 1000) {
                throw new IllegalArgumentException("nakksha.gateway.rate-limits.refused-tokens: max-refusals must be at least 1"
                        + " and window at least 1 s, was " + maxRefusals + " and " + window);
            }
        }
    }

    public record Limit(Integer replenishRate, Long burstCapacity, Integer requestedTokens) {

        static Limit orElse(Limit configured, Limit defaults) {
            if (configured == null) {
                return defaults;
            }
            return new Limit(
                    configured.replenishRate() != null ? configured.replenishRate() : defaults.replenishRate(),
                    configured.burstCapacity() != null ? configured.burstCapacity() : defaults.burstCapacity(),
                    configured.requestedTokens() != null ? configured.requestedTokens() : defaults.requestedTokens());
        }

        Limit checked(String group) {
            if (replenishRate < 1 || requestedTokens < 1 || burstCapacity < requestedTokens || burstCapacity < replenishRate) {
                throw new IllegalArgumentException("nakksha.gateway.rate-limits." + group + ": replenish-rate and requested-tokens"
                        + " must be at least 1 and burst-capacity at least both of them, was " + this);
            }
            return this;
        }

        /** The longest a refused caller waits for enough tokens: a whole request's worth at the refill rate. */
        long secondsUntilRefill() {
            return Math.max(1, (requestedTokens + replenishRate - 1) / replenishRate);
        }
    }
}
