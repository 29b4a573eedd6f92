package com.nakksha.identity.password;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Password checks and hashing for the web layer; hashing runs off the event loop. Each Argon2 hash
 * holds its memory cost (19 MiB by default, native memory) while it runs, and login, signup and reset need no
 * account, so at most {@code permits} hashes run at once; a caller that cannot start within the
 * queue wait gets {@link HashingBusy} (503 with Retry-After) instead of exhausting the process's memory.
 */
@Component
public class Passwords {

    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final Semaphore permits;
    private final Duration queueWait;

    @Autowired
    public Passwords(PasswordPolicy policy, PasswordHasher hasher, PasswordProperties properties) {
        this(policy, hasher, properties.concurrentHashes(Runtime.getRuntime().maxMemory()), properties.hashQueueWait());
    }

    /** @param concurrentHashes how many hashes may run at once; @param queueWait how long a caller waits for a turn */
    public Passwords(PasswordPolicy policy, PasswordHasher hasher, int concurrentHashes, Duration queueWait) {
        this.policy = policy;
        this.hasher = hasher;
        this.permits = new Semaphore(concurrentHashes, true);
        this.queueWait = queueWait;
    }

    /** The password itself, or an IllegalArgumentException saying which rule it breaks. */
    public String acceptable(String password) {
        policy.violation(password).ifPresent(message -> {
            throw new IllegalArgumentException(message);
        });
        return password;
    }

    public Mono<String> hash(String password) {
        return bounded(() -> hasher.hash(password));
    }

    public Mono<Boolean> matches(String password, String storedHash) {
        return bounded(() -> hasher.matches(password, storedHash));
    }

    public Mono<Boolean> spendComparableEffort(String password) {
        return bounded(() -> {
            hasher.spendComparableEffort(password);
            return false;
        });
    }

    public boolean needsRehash(String storedHash) {
        return hasher.needsRehash(storedHash);
    }

    private <T> Mono<T> bounded(Callable<T> work) {
        return Mono.fromCallable(() -> {
            if (!permits.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new HashingBusy();
            }
            try {
                return work.call();
            } finally {
                permits.release();
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
