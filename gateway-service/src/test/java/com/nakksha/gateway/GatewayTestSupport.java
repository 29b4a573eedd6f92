package com.nakksha.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nakksha.testsupport.ResponsesReadInFull;
import com.nakksha.testsupport.StartupScrape;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The gateway on a random port in front of WireMock services (identity, booking, payment, analytics),
 * with quotation and notification pointing at a port where nothing listens, tokens from test-support's
 * {@link TestTokens} checked against test-support's JWKS, and rate limits in the real Redis on
 * 127.0.0.1:6379 under a key prefix of its own. Limits here are high enough not to interfere; {@link RateLimitIT} sets tight ones.
 * Subclasses that add no configuration share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
// The scrape as the gateway became ready, which GatewayMetersIT checks; on the base, so the subclasses still share one context.
@Import(StartupScrape.class)
// Subclasses override these with @DynamicPropertySource, which takes precedence.
@TestPropertySource(properties = {
        "spring.data.redis.host=127.0.0.1",
        "spring.data.redis.port=6379",
        "nakksha.gateway.rate-limits.auth.replenish-rate=1000",
        "nakksha.gateway.rate-limits.auth.burst-capacity=1000",
        "nakksha.gateway.rate-limits.public-api.replenish-rate=1000",
        "nakksha.gateway.rate-limits.public-api.burst-capacity=1000",
        "nakksha.gateway.rate-limits.webhooks.replenish-rate=1000",
        "nakksha.gateway.rate-limits.webhooks.burst-capacity=1000",
        "nakksha.gateway.rate-limits.api.replenish-rate=1000",
        "nakksha.gateway.rate-limits.api.burst-capacity=1000",
        // The tests of one context share 127.0.0.1 and send many refused tokens between them; RefusedTokenLimitIT sets a tight limit.
        "nakksha.gateway.rate-limits.refused-tokens.max-refusals=100000",
        "management.server.port=0"})
abstract class GatewayTestSupport {

    static final WireMockServer identity = started();
    static final WireMockServer booking = started();
    static final WireMockServer payment = started();
    static final WireMockServer analytics = started();
    /** The sockets holding {@link #closedPort}s, kept for the run (declared before the first use). */
    private static final List<Socket> CLOSED_PORT_HOLDERS = new CopyOnWriteArrayList<>();
    static final int nothingListening = closedPort();

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    /** The gateway's actuator, on its own port (management.server.port), never the public one. */
    WebTestClient management() {
        // The scrape, with the request-latency histogram, outgrows the client's default 256 KiB buffer.
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).responseTimeout(Duration.ofSeconds(30))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .filter(ResponsesReadInFull.filter()).build();
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("nakksha.gateway.services.identity", identity::baseUrl);
        registry.add("nakksha.gateway.services.booking", booking::baseUrl);
        registry.add("nakksha.gateway.services.payment", payment::baseUrl);
        registry.add("nakksha.gateway.services.analytics", analytics::baseUrl);
        registry.add("nakksha.gateway.services.quotation", () -> "http://localhost:" + nothingListening);
        registry.add("nakksha.gateway.services.notification", () -> "http://localhost:" + nothingListening);
        registry.add("nakksha.gateway.tokens.jwks-uri", () -> TestInfrastructure.jwks().uri());
        // Each context counts in buckets of its own, apart from other runs and other test classes.
        String prefix = "gateway-test-" + UUID.randomUUID();
        registry.add("nakksha.gateway.rate-limits.key-prefix", () -> prefix);
    }

    @BeforeEach
    void resetDownstreams() {
        for (WireMockServer server : List.of(identity, booking, payment, analytics)) {
            server.resetAll();
        }
        TestInfrastructure.jwks().serveKeys();
    }

    /**
     * A login and a token-carrying GET through the gateway, each answered 200 with {@code X-RateLimit-Remaining: -1}:
     * the limiter let them through without a count (Redis could not count them).
     */
    void loginAndSessionsListUncounted(String token) {
        client.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"a@example.com\",\"password\":\"secret-password\"}")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Remaining", "-1");
        client.get().uri("/api/v1/sessions").header("Authorization", token).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Remaining", "-1");
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String consultantToken() {
        return bearer(TestTokens.approvedConsultant(UUID.randomUUID()));
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }

    /**
     * A port on which connections are refused for the whole run: held by a socket bound to it that never listens.
     * A port found free and let go can be taken meanwhile by another module's test JVM, and a
     * "down" service then accepted the gateway's connection and never answered (CI run of 4fbe6ac: 504 after 20 s).
     */
    static int closedPort() {
        try {
            Socket holder = new Socket();
            holder.bind(new InetSocketAddress(0));
            CLOSED_PORT_HOLDERS.add(holder);
            return holder.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets a {@link #closedPort} go, for a test that starts the down service on it (a service coming up). */
    static void openClosedPort(int port) {
        for (Socket holder : CLOSED_PORT_HOLDERS) {
            if (holder.getLocalPort() == port) {
                try {
                    holder.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                CLOSED_PORT_HOLDERS.remove(holder);
            }
        }
    }
}
