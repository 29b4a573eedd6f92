package com.nakksha.edge.token;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * identity-service's published keys, fetched on first use and again when a token names a key not
 * among them (a rotation), but at most once per {@code minimumRefetchInterval}: a token with a made-up
 * {@code kid} waits for the next allowed fetch, shared by every request waiting then, instead of
 * fetching the keys itself. So forged key ids cost identity-service at most one fetch per interval,
 * and a real rotation delays the first tokens of the new key by at most that long. Each fetch is
 * counted in {@value #FETCHES} by outcome ({@code fetched}, {@code failed}), so a process's own fetches
 * can be told from the other processes' at identity-service.
 */
final class RemoteKeys implements Function<SignedJWT, Flux<JWK>> {

    /** Fetches of the key set this process made, tagged {@code outcome}. */
    static final String FETCHES = "nakksha.token.key.fetches";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Per attempt; a fetch that gives up fails every waiting token, so an attempt that timed out (a stuck
     * connection, a busy identity-service) is made again, up to {@link #ATTEMPTS} in all.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 3;

    private final URI jwksUri;
    private final long minimumIntervalNanos;
    private final Counter fetched;
    private final Counter failed;
    // HTTP/1.1: the key set is one small GET, and over cleartext the default HTTP/2 first asks for an h2c upgrade.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();

    private final Object lock = new Object();
    private JWKSet known;
    private Mono<JWKSet> pending;
    private long lastFetchStarted;
    private boolean fetchedOnce;

    RemoteKeys(URI jwksUri, Duration minimumRefetchInterval, MeterRegistry meters) {
        this.jwksUri = jwksUri;
        this.minimumIntervalNanos = minimumRefetchInterval.toNanos();
        this.fetched = fetches(meters, "fetched");
        this.failed = fetches(meters, "failed");
    }

    private static Counter fetches(MeterRegistry meters, String outcome) {
        return Counter.builder(FETCHES).description("Fetches of identity-service's published keys by this process")
                .tag("outcome", outcome).register(meters);
    }

    @Override
    public Flux<JWK> apply(SignedJWT token) {
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(token.getHeader()));
        JWKSet current;
        synchronized (lock) {
            current = known;
        }
        if (current != null) {
            List<JWK> matching = selector.select(current);
            if (!matching.isEmpty()) {
                return Flux.fromIterable(matching);
            }
        }
        return nextFetch().flatMapIterable(selector::select);
    }

    /** The fetch under way, or a new one that starts once the interval since the last has passed. */
    private Mono<JWKSet> nextFetch() {
        synchronized (lock) {
            if (pending != null) {
                return pending;
            }
            long wait = fetchedOnce ? Math.max(0, lastFetchStarted + minimumIntervalNanos - System.nanoTime()) : 0;
            Mono<JWKSet> fetch = Mono.delay(Duration.ofNanos(wait))
                    .then(Mono.defer(this::fetch))
                    .doOnNext(keys -> {
                        synchronized (lock) {
                            known = keys;
                        }
                    })
                    .doFinally(signal -> {
                        synchronized (lock) {
                            pending = null;
                        }
                    })
                    .cache();
            pending = fetch;
            return fetch;
        }
    }

    private Mono<JWKSet> fetch() {
        synchronized (lock) {
            lastFetchStarted = System.nanoTime();
            fetchedOnce = true;
        }
        HttpRequest request = HttpRequest.newBuilder(jwksUri).timeout(TIMEOUT).GET().build();
        return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .retryWhen(Retry.max(ATTEMPTS - 1).filter(error -> error instanceof HttpTimeoutException)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("JWKS " + jwksUri + " answered " + response.statusCode());
                    }
                    try {
                        return JWKSet.parse(response.body());
                    } catch (ParseException e) {
                        throw new IllegalStateException("JWKS " + jwksUri + " is not a JSON Web Key Set", e);
                    }
                })
                .onErrorMap(error -> !(error instanceof IllegalStateException),
                        error -> new IllegalStateException("JWKS " + jwksUri + " cannot be fetched", error))
                .doOnNext(keys -> fetched.increment())
                .doOnError(error -> failed.increment());
    }
}
