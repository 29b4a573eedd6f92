package com.nakksha.defaults.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long Idempotency-Keys are kept.
 *
 * @param retention how long after its first use a key still replays its answer; a retry later than that is a new request
 * @param purgeInterval how often keys older than the retention are deleted
 */
@ConfigurationProperties("nakksha.idempotency")
public record IdempotencyProperties(
        @DefaultValue("24h") Duration retention,
        @DefaultValue("1h") Duration purgeInterval) {
}
