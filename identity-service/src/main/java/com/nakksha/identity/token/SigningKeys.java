package com.nakksha.identity.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.nakksha.defaults.failure.TransientFailures;
import com.nakksha.identity.encryption.DataEncryption;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The signing keys, stored in the identity schema with their private halves sealed, and held in
 * memory for signing and for the JWKS. Rotation takes a database lock so that several instances
 * rotating at once still add one key.
 */
@Component
public class SigningKeys {

    /**
     * Gauge, in seconds (exported as {@code nakksha_identity_signing_key_rotation_overdue_seconds}): how long past
     * its rotation due time (the newest key's activation plus {@code key-rotation-period}) the ring this instance
     * signs with is, 0 while rotation is not due. A failing rotation job is only logged and retried, so without
     * this the key would age unnoticed; it is read from the ring in memory (no query per scrape), so an instance
     * that cannot reload keeps signing with an old key and reports it too. The SigningKeyRotationOverdue alert
     * and its runbook entry (docs/runbooks.md) use it.
     */
    public static final String ROTATION_OVERDUE = "nakksha.identity.signing.key.rotation.overdue";

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final long ROTATION_LOCK = 0x1d3a7170L;

    private final DatabaseClient database;
    private final DataEncryption encryption;
    private final TokenProperties properties;
    private final Clock clock;
    private final TransactionalOperator transactions;
    private final AtomicReference<SigningKeyRing> ring = new AtomicReference<>(new SigningKeyRing(List.of()));

    public SigningKeys(DatabaseClient database, DataEncryption encryption, TokenProperties properties, Clock clock,
                       TransactionalOperator transactions, MeterRegistry meters) {
        this.transactions = transactions;
        this.database = database;
        this.encryption = encryption;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder(ROTATION_OVERDUE, this, SigningKeys::rotationOverdueSeconds)
                .description("Seconds the signing key ring is past its rotation due time, 0 when not due")
                .baseUnit("seconds")
                .register(meters);
    }

    private double rotationOverdueSeconds() {
        return ring.get().rotationOverdueAt(clock.instant(), properties.keyRotationPeriod()).toMillis() / 1000.0;
    }

    /** A fresh installation gets its first key before it serves traffic, waiting out a database slow to answer at start-up. */
    @EventListener(ApplicationReadyEvent.class)
    public void ensureKeyOnStartup() {
        rotateIfDue().retryWhen(TransientFailures.atStartUp()).block();
    }

    @Scheduled(fixedDelayString = "${nakksha.identity.tokens.key-reload-interval:1m}", initialDelayString = "${nakksha.identity.tokens.key-reload-interval:1m}")
    public void reloadAndRotateIfDue() {
        rotateIfDue()
                .onErrorResume(error -> {
                    log.warn("Signing key check failed; will retry", error);
                    return Mono.empty();
                })
                .block();
    }

    public Mono<SigningKey> currentSigningKey() {
        Instant now = clock.instant();
        return Mono.justOrEmpty(ring.get().signingKeyAt(now))
                .switchIfEmpty(Mono.defer(() -> reload().flatMap(loaded -> Mono.justOrEmpty(loaded.signingKeyAt(now)))))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no signing key is active")));
    }

    public Mono<JWKSet> jwks() {
        return Mono.fromSupplier(() -> ring.get().jwksAt(clock.instant(), properties.accessTokenLifetime()));
    }

    /** The published public key with this id; re-reads the store once when it is unknown (rotated elsewhere). */
    public Flux<JWK> publishedKey(String kid) {
        return Mono.fromSupplier(ring::get)
                .flatMap(current -> hasPublished(current, kid) ? Mono.just(current) : reload())
                .flatMapMany(current -> Flux.fromIterable(current.publishedAt(clock.instant(), properties.accessTokenLifetime())))
                .filter(key -> key.kid().equals(kid))
                .map(key -> (JWK) key.publicJwk());
    }

    /** Adds a new key now, whatever the age of the current one (operator action, or compromise). */
    public Mono<SigningKey> rotateNow() {
        return transactions.transactional(lock().then(load()).flatMap(this::rotate))
                .flatMap(added -> reload().thenReturn(added));
    }

    public Mono<Void> rotateIfDue() {
        return transactions.transactional(lock().then(load())
                        .flatMap(current -> current.rotationDueAt(clock.instant(), properties.keyRotationPeriod())
                                ? rotate(current).then()
                                : Mono.<Void>empty()))
                .then(reload())
                .then();
    }

    private Mono<SigningKey> rotate(SigningKeyRing current) {
        Instant now = clock.instant();
        // The very first key signs at once: there are no tokens yet and no cached JWKS to wait for.
        Instant activatesAt = current.keys().isEmpty() ? now : now.plus(properties.keyActivationDelay());
        SigningKey next = SigningKey.generate(now, activatesAt);
        SigningKeyRing.Rotation rotation = current.rotate(next);
        log.info("Signing key {} added, signing from {}", next.kid(), activatesAt);
        return Flux.fromIterable(rotation.retired())
                .concatMap(retired -> database.sql("UPDATE signing_key SET retired_at = :retiredAt WHERE kid = :kid")
                        .bind("retiredAt", utc(retired.retiredAt())).bind("kid", retired.kid())
                        .fetch().rowsUpdated())
                .then(database.sql("""
                                INSERT INTO signing_key (kid, public_jwk, private_jwk_sealed, created_at, activates_at)
                                VALUES (:kid, :publicJwk, :privateJwk, :createdAt, :activatesAt)""")
                        .bind("kid", next.kid())
                        .bind("publicJwk", next.publicJwk().toJSONString())
                        .bind("privateJwk", encryption.seal(next.jwk().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8), context(next.kid())))
                        .bind("createdAt", utc(next.createdAt()))
                        .bind("activatesAt", utc(next.activatesAt()))
                        .fetch().rowsUpdated())
                .thenReturn(next);
    }

    private Mono<Void> lock() {
        return database.sql("SELECT pg_advisory_xact_lock(:key)").bind("key", ROTATION_LOCK).map(row -> 1).first().then();
    }

    private Mono<SigningKeyRing> reload() {
        return load().doOnNext(ring::set);
    }

    private Mono<SigningKeyRing> load() {
        return database.sql("SELECT kid, private_jwk_sealed, created_at, activates_at, retired_at FROM signing_key")
                .map(this::toKey).all().collectList().map(SigningKeyRing::new);
    }

    private SigningKey toKey(Readable row) {
        String kid = row.get("kid", String.class);
        byte[] privateJwk = encryption.open(row.get("private_jwk_sealed", String.class), context(kid));
        try {
            RSAKey jwk = RSAKey.parse(new String(privateJwk, java.nio.charset.StandardCharsets.UTF_8));
            OffsetDateTime retiredAt = row.get("retired_at", OffsetDateTime.class);
            return new SigningKey(kid, jwk, row.get("created_at", OffsetDateTime.class).toInstant(),
                    row.get("activates_at", OffsetDateTime.class).toInstant(), retiredAt == null ? null : retiredAt.toInstant());
        } catch (ParseException e) {
            throw new IllegalStateException("stored signing key " + kid + " is unreadable", e);
        }
    }

    private static boolean hasPublished(SigningKeyRing ring, String kid) {
        return ring.keys().stream().anyMatch(key -> key.kid().equals(kid));
    }

    private static String context(String kid) {
        return "signing-key:" + kid;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
