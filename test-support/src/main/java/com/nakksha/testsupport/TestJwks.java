package com.nakksha.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;

/**
 * Serves a JWKS over HTTP, as identity-service does, so services validate test tokens through the
 * same remote key lookup they use in production. Keys can be added to rehearse rotation.
 */
public final class TestJwks {

    private final HttpServer server;
    private final List<RSAKey> keys = new CopyOnWriteArrayList<>();
    private volatile int outageStatus;
    private final AtomicInteger requests = new AtomicInteger();

    private TestJwks(HttpServer server) {
        this.server = server;
    }

    static TestJwks start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TestJwks jwks = new TestJwks(server);
            jwks.keys.add(generate("test-key-1"));
            server.createContext("/.well-known/jwks.json", exchange -> {
                jwks.requests.incrementAndGet();
                if (jwks.outageStatus != 0) {
                    exchange.sendResponseHeaders(jwks.outageStatus, -1);
                    exchange.close();
                    return;
                }
                byte[] body = new JWKSet(List.copyOf(jwks.keys)).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return jwks;
        } catch (IOException e) {
            throw new UncheckedIOException("JWKS test server did not start", e);
        }
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    /** How many times the keys were asked for so far, by anyone. */
    public int requestCount() {
        return requests.get();
    }

    /** The key tokens are signed with unless a test asks for another. */
    public RSAKey signingKey() {
        return keys.getFirst();
    }

    /** Publishes a new key alongside the existing ones and returns it. */
    public RSAKey addKey(String kid) {
        RSAKey key = generate(kid);
        keys.add(key);
        return key;
    }

    /**
     * Answers every request with {@code status} (e.g. 500) and no keys until {@link #serveKeys()}, to
     * rehearse identity-service's keys being unreachable.
     */
    public void failWith(int status) {
        outageStatus = status;
    }

    /** Serves the keys again after {@link #failWith(int)}. */
    public void serveKeys() {
        outageStatus = 0;
    }

    /** A key that is not published, for tokens that must be refused. */
    public static RSAKey unpublishedKey() {
        return generate("unpublished");
    }

    void stop() {
        server.stop(0);
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate RSA key", e);
        }
    }
}
