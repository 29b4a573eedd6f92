package com.nakksha.identity.password;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

/** Password checks and hashing for the web layer; hashing runs off the event loop. */
@Component
public class Passwords {

    private final PasswordPolicy policy;
    private final PasswordHasher hasher;

    public Passwords(PasswordPolicy policy, PasswordHasher hasher) {
        this.policy = policy;
        this.hasher = hasher;
    }

    /** The password itself, or an IllegalArgumentException saying which rule it breaks. */
    public String acceptable(String password) {
        policy.violation(password).ifPresent(message -> {
            throw new IllegalArgumentException(message);
        });
        return password;
    }

    public Mono<String> hash(String password) {
        return Mono.fromCallable(() -> hasher.hash(password)).subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<Boolean> matches(String password, String storedHash) {
        return Mono.fromCallable(() -> hasher.matches(password, storedHash)).subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<Boolean> spendComparableEffort(String password) {
        return Mono.fromCallable(() -> {
            hasher.spendComparableEffort(password);
            return false;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    public boolean needsRehash(String storedHash) {
        return hasher.needsRehash(storedHash);
    }
}
