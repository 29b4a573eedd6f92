package com.nakksha.defaults.idempotency;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * Deletes Idempotency-Keys older than the retention, once per purge interval while the service
 * runs. Every instance purges; the delete is the same whoever runs it.
 */
public class IdempotencyKeyPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);

    private final IdempotencyKeys keys;
    private final IdempotencyProperties properties;
    private final Clock clock;

    private volatile Disposable loop;

    public IdempotencyKeyPurge(IdempotencyKeys keys, IdempotencyProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    /** Runs one purge now; returns how many keys were deleted. */
    public Mono<Long> purgeOnce() {
        return keys.purgeClaimedBefore(clock.instant().minus(properties.retention()));
    }

    @Override
    public void start() {
        loop = Flux.interval(properties.purgeInterval(), properties.purgeInterval())
                .concatMap(tick -> purgeOnce()
                        .doOnNext(purged -> log.debug("purged {} idempotency keys", purged))
                        .onErrorResume(failure -> {
                            log.warn("idempotency key purge failed; next try in {}", properties.purgeInterval(), failure);
                            return Mono.empty();
                        }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
