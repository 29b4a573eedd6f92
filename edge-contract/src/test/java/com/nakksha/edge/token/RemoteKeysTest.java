package com.nakksha.edge.token;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Made-up key ids cannot make the platform fetch identity-service's keys once per token. */
class RemoteKeysTest {

    private final List<JWK> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final HttpServer server = jwksServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void tokensWithRandomKeyIdsShareOneRefetchPerInterval() throws Exception {
        published.add(key("key-1"));
        RemoteKeys keys = new RemoteKeys(uri(), Duration.ofSeconds(1), meters);

        assertThat(keys.apply(token("key-1")).collectList().block()).extracting(JWK::getKeyID).containsExactly("key-1");
        assertThat(fetches).hasValue(1);

        long started = System.nanoTime();
        List<JWK> forged = Flux.range(0, 200)
                .flatMap(i -> keys.apply(token(UUID.randomUUID().toString())), 200)
                .collectList().block(Duration.ofSeconds(10));
        long intervals = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;
        assertThat(forged).isEmpty();
        // One fetch per started interval at most, however many forged ids (usually exactly one).
        assertThat(fetches.get() - 1).isBetween(1, (int) intervals);

        // A real rotation: the new key is found by the next fetch the interval allows.
        published.add(key("key-2"));
        assertThat(keys.apply(token("key-2")).collectList().block(Duration.ofSeconds(10)))
                .extracting(JWK::getKeyID).containsExactly("key-2");
        int afterRotation = fetches.get();
        assertThat(keys.apply(token("key-1")).collectList().block()).hasSize(1);
        assertThat(fetches).hasValue(afterRotation);
        assertThat(meters.get(RemoteKeys.FETCHES).tag("outcome", "fetched").counter().count())
                .as("the process counts its own fetches").isEqualTo(afterRotation);
    }

    @Test
    void aFetchThatFailsIsCountedAsFailed() {
        RemoteKeys keys = new RemoteKeys(uri().resolve("/no-keys-here"), Duration.ofMillis(10), meters);

        assertThatThrownBy(() -> keys.apply(token("key-1")).collectList().block(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("answered 404");
        assertThat(meters.get(RemoteKeys.FETCHES).tag("outcome", "failed").counter().count()).isEqualTo(1);
        assertThat(meters.get(RemoteKeys.FETCHES).tag("outcome", "fetched").counter().count()).isZero();
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
    }

    private static SignedJWT token(String kid) {
        return new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), new JWTClaimsSet.Builder().build());
    }

    private static JWK key(String kid) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID(kid).generate();
        return key.toPublicJWK();
    }

    private HttpServer jwksServer() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/.well-known/jwks.json", exchange -> {
                fetches.incrementAndGet();
                byte[] body = new JWKSet(List.copyOf(published)).toString().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            http.start();
            return http;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
