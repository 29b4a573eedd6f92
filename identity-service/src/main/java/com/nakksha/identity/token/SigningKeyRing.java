package com.nakksha.identity.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * The rules of key rotation. A new key is published in the JWKS first and signs only from its
 * activation time (resource servers that cached the JWKS have already seen it); the key it replaces
 * retires at that moment but stays published until every token it signed has expired, so a
 * rotation logs nobody out.
 */
public record SigningKeyRing(List<SigningKey> keys) {

    /** Allowance for resource servers whose clocks run a little behind ours. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    public SigningKeyRing {
        keys = List.copyOf(keys);
    }

    public Optional<SigningKey> signingKeyAt(Instant now) {
        return keys.stream()
                .filter(key -> key.signsAt(now))
                .max(Comparator.comparing(SigningKey::activatesAt));
    }

    /** Keys whose public halves belong in the JWKS: future, current, and retired ones still verifying tokens. */
    public List<SigningKey> publishedAt(Instant now, Duration accessTokenLifetime) {
        return keys.stream()
                .filter(key -> key.retiredAt() == null
                        || key.retiredAt().plus(accessTokenLifetime).plus(CLOCK_SKEW).isAfter(now))
                .sorted(Comparator.comparing(SigningKey::activatesAt).reversed())
                .toList();
    }

    public JWKSet jwksAt(Instant now, Duration accessTokenLifetime) {
        List<JWK> published = publishedAt(now, accessTokenLifetime).stream().map(key -> (JWK) key.publicJwk()).toList();
        return new JWKSet(published);
    }

    /** True when no key will sign after now, or the newest one has signed for a whole period. */
    public boolean rotationDueAt(Instant now, Duration rotationPeriod) {
        Optional<SigningKey> newest = newestUnretired();
        return newest.isEmpty() || !newest.get().activatesAt().plus(rotationPeriod).isAfter(now);
    }

    /**
     * How far past its rotation due time the ring is at {@code now}: the newest unretired key's activation
     * plus {@code rotationPeriod} (the rule of {@link #rotationDueAt}), or, when every key has retired, the
     * last retirement, after which nothing signs. Zero while rotation is not yet due, and for an empty ring:
     * there is nothing to age before the first key is stored.
     */
    public Duration rotationOverdueAt(Instant now, Duration rotationPeriod) {
        Optional<Instant> due = newestUnretired().map(key -> key.activatesAt().plus(rotationPeriod))
                .or(() -> keys.stream().map(SigningKey::retiredAt).max(Comparator.naturalOrder()));
        return due.filter(now::isAfter).map(since -> Duration.between(since, now)).orElse(Duration.ZERO);
    }

    private Optional<SigningKey> newestUnretired() {
        return keys.stream()
                .filter(key -> key.retiredAt() == null)
                .max(Comparator.comparing(SigningKey::activatesAt));
    }

    /**
     * Adds {@code next}, retiring every key that has not yet retired at the moment {@code next}
     * starts signing. Returns the keys that changed or were added, for storage.
     */
    public Rotation rotate(SigningKey next) {
        List<SigningKey> changed = new ArrayList<>();
        List<SigningKey> all = new ArrayList<>();
        for (SigningKey key : keys) {
            if (key.retiredAt() == null || key.retiredAt().isAfter(next.activatesAt())) {
                SigningKey retired = key.retiredAt(next.activatesAt());
                changed.add(retired);
                all.add(retired);
            } else {
                all.add(key);
            }
        }
        all.add(next);
        return new Rotation(new SigningKeyRing(all), changed, next);
    }

    public record Rotation(SigningKeyRing ring, List<SigningKey> retired, SigningKey added) {
    }
}
