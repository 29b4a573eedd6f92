package com.nakksha.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis that takes the connection and every command but never answers (a hung or overloaded Redis, a
 * half-open connection): each limited request still gets through, uncounted, within a bound. A CI run once
 * logged the limiter failing to reach Redis in the same second as a burst in which the gateway held one public
 * booking until its 20 s answer deadline; this shows a silent Redis holds nothing.
 */
class RedisSilentIT extends GatewayTestSupport {

    private static final ServerSocket silentRedis = silentServer();

    @DynamicPropertySource
    static void redisSilent(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", silentRedis::getLocalPort);
    }

    @AfterAll
    static void closeSilentRedis() throws IOException {
        silentRedis.close();
    }

    @Test
    void servesEveryLimitedRequestUncountedWithinTheLimitersBound() {
        identity.stubFor(post("/api/v1/auth/login").willReturn(okJson("{\"accessToken\":\"a\"}")));
        booking.stubFor(get("/api/v1/sessions").willReturn(okJson("[]")));
        String token = consultantToken();

        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            loginAndSessionsListUncounted(token);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("two requests, round " + i)
                    .isLessThan(Duration.ofSeconds(5));
        }
        identity.verify(3, postRequestedFor(urlEqualTo("/api/v1/auth/login")));
        booking.verify(3, getRequestedFor(urlEqualTo("/api/v1/sessions")));
    }

    /** Accepts every connection and reads what it is sent, answering nothing. */
    private static ServerSocket silentServer() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket connection = server.accept();
                        Thread.ofVirtual().start(() -> drain(connection));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drain(Socket connection) {
        try (connection; InputStream in = connection.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // The gateway closed the connection.
        }
    }
}
