package com.nakksha.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** What browsers get from the edge: CORS, security headers, no server banner, and a bounded request body. */
class EdgeHeadersIT extends GatewayTestSupport {

    static final String FRONT_END = "http://localhost:3000";

    @Test
    void answersAPreflightFromTheConfiguredFrontEnd() {
        client.options().uri("/api/v1/sessions")
                .header("Origin", FRONT_END)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Authorization, Content-Type, Idempotency-Key")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", FRONT_END)
                .expectHeader().value("Access-Control-Allow-Methods", methods -> assertThat(methods).contains("POST"))
                .expectHeader().doesNotExist("Access-Control-Allow-Credentials");

        booking.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void refusesOtherOrigins() {
        booking.stubFor(get("/api/v1/public/consultants/asha-rao").willReturn(okJson("{}")));

        client.options().uri("/api/v1/sessions")
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist("Access-Control-Allow-Origin");
        client.get().uri("/api/v1/public/consultants/asha-rao").header("Origin", "https://evil.example").exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist("Access-Control-Allow-Origin");
        client.get().uri("/api/v1/public/consultants/asha-rao").header("Origin", FRONT_END).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", FRONT_END)
                .expectHeader().value("Access-Control-Expose-Headers", exposed -> assertThat(exposed).contains("X-Request-Id"));

        booking.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void putsSecurityHeadersOnEveryResponseAndNamesNoServer() {
        booking.stubFor(get("/api/v1/public/consultants/asha-rao").willReturn(okJson("{}")
                .withHeader("Server", "Jetty(12)")
                .withHeader("X-Powered-By", "Spring")
                .withHeader("X-Frame-Options", "SAMEORIGIN")));

        expectSecurityHeaders(client.get().uri("/api/v1/public/consultants/asha-rao").exchange().expectStatus().isOk());
        expectSecurityHeaders(client.get().uri("/api/v1/sessions").exchange().expectStatus().isUnauthorized());
        expectSecurityHeaders(client.get().uri("/api/v1/quotations").header("Authorization", consultantToken()).exchange()
                .expectStatus().isEqualTo(503));
        expectSecurityHeaders(client.get().uri("/nowhere").header("Authorization", consultantToken()).exchange()
                .expectStatus().isNotFound());
        booking.stubFor(get("/actuator/health/readiness").willReturn(okJson("{\"status\":\"UP\"}")));
        expectSecurityHeaders(client.get().uri("/health/booking").exchange().expectStatus().isOk());
    }

    @Test
    void keepsTokensAndPersonalDataOutOfCachesUnlessTheServiceChoseAPolicy() {
        String manageToken = "t".repeat(43);
        identity.stubFor(post("/api/v1/auth/login").willReturn(okJson("{\"accessToken\":\"a\"}")));
        booking.stubFor(get("/api/v1/public/bookings/" + manageToken).willReturn(okJson("{\"clientEmail\":\"ravi@example.test\"}")));
        booking.stubFor(post("/api/v1/public/consultants/asha-rao/bookings").willReturn(okJson("{\"name\":\"Ravi\"}").withStatus(201)));
        payment.stubFor(post("/api/v1/payments/verify").willReturn(okJson("{}")));
        booking.stubFor(get("/api/v1/public/consultants/asha-rao").willReturn(okJson("{}").withHeader("Cache-Control", "public, max-age=300")));

        client.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("Cache-Control", "no-store");
        client.get().uri("/api/v1/public/bookings/" + manageToken).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("Cache-Control", "no-store");
        client.post().uri("/api/v1/public/consultants/asha-rao/bookings").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isCreated().expectHeader().valueEquals("Cache-Control", "no-store");
        client.post().uri("/api/v1/payments/verify").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("Cache-Control", "no-store");
        client.get().uri("/api/v1/sessions").exchange()
                .expectStatus().isUnauthorized().expectHeader().valueEquals("Cache-Control", "no-store");
        client.get().uri("/api/v1/public/consultants/asha-rao").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("Cache-Control", "public, max-age=300");
    }

    private static void expectSecurityHeaders(WebTestClient.ResponseSpec response) {
        response.expectHeader().valueEquals("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().doesNotExist("Server")
                .expectHeader().doesNotExist("X-Powered-By");
    }

    @Test
    void refusesABodyOverTheLimitWithA413Problem() {
        byte[] tooLarge = new byte[1024 * 1024 + 1];

        client.post().uri("/api/v1/public/consultants/asha-rao/bookings")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(tooLarge)
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.status").isEqualTo(413)
                .jsonPath("$.maxBytes").isEqualTo(1024 * 1024)
                .jsonPath("$.instance").isEqualTo("/api/v1/public/consultants/asha-rao/bookings");

        booking.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void refusesAChunkedBodyThatGrowsOverTheLimit() {
        Flux<DataBuffer> chunks = Flux.range(0, 20).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[64 * 1024]));

        client.post().uri("/api/v1/public/consultants/asha-rao/bookings")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).body(BodyInserters.fromDataBuffers(chunks))
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        booking.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void forwardsAChunkedBodyWithinTheLimitWhole() {
        booking.stubFor(post("/api/v1/public/consultants/asha-rao/bookings").willReturn(aResponse().withStatus(201)));
        Flux<DataBuffer> chunks = Flux.just("{\"name\":", "\"Ravi\"}")
                .map(part -> DefaultDataBufferFactory.sharedInstance.wrap(part.getBytes(StandardCharsets.UTF_8)));

        client.method(HttpMethod.POST).uri("/api/v1/public/consultants/asha-rao/bookings")
                .contentType(MediaType.APPLICATION_JSON).body(BodyInserters.fromDataBuffers(chunks))
                .exchange()
                .expectStatus().isCreated();

        booking.verify(postRequestedFor(urlEqualTo("/api/v1/public/consultants/asha-rao/bookings"))
                .withRequestBody(equalTo("{\"name\":\"Ravi\"}"))
                .withHeader("Content-Length", equalTo("15")));
    }
}
