package com.nakksha.defaults.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbox relay tuning.
 *
 * @param pollInterval how often the relay looks for rows when no commit notification arrived
 * @param batchSize rows published per round
 * @param sendTimeout how long one round waits for broker acknowledgements before it gives up and retries
 * @param retention how long published rows are kept before they are deleted
 * @param relayEnabled whether this instance runs a relay at all
 */
@ConfigurationProperties("nakksha.outbox")
public record OutboxProperties(
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("true") boolean relayEnabled) {
}
