package com.nakksha.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits in the real Redis. Every group allows one request and then one every 4 s (a request takes
 * 4 tokens, 1 comes back a second), so the refusals below hold even on a slow machine, where a few
 * seconds may pass between requests, and a request 4 s later is served again.
 */
class RateLimitIT extends TightRateLimits {

    @Test
    void limitsSignInPerClientAddressWith429ProblemAndRecovers() throws InterruptedException {
        identity.stubFor(post("/api/v1/auth/login").willReturn(okJson("{\"accessToken\":\"a\"}")));

        login("198.51.100.1").expectStatus().isOk();
        EntityExchangeResult<byte[]> refused = login("198.51.100.1")
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "4")
                .expectHeader().value("X-RateLimit-Remaining", remaining -> assertThat(Integer.parseInt(remaining)).isLessThan(4))
                .expectHeader().exists("X-Request-Id")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectBody()
                .jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.title").isEqualTo("Too many requests")
                .jsonPath("$.instance").isEqualTo("/api/v1/auth/login")
                .returnResult();
        // The bucket belongs to the connecting address: a made-up X-Forwarded-For does not buy a fresh one.
        login("203.0.113.77").expectStatus().isEqualTo(429);
        identity.verify(1, postRequestedFor(urlEqualTo("/api/v1/auth/login")));

        Thread.sleep(Long.parseLong(refused.getResponseHeaders().getFirst("Retry-After")) * 1000 + 300);

        login("198.51.100.1").expectStatus().isOk();
        identity.verify(2, postRequestedFor(urlEqualTo("/api/v1/auth/login")));
    }

    @Test
    void aSignInLinkIsPublicAndCountsInTheSignInBucketLikeALogin() {
        identity.stubFor(post("/api/v1/auth/login").willReturn(okJson("{\"accessToken\":\"a\"}")));
        identity.stubFor(post("/api/v1/auth/login-link").willReturn(okJson("{\"accessToken\":\"b\"}")));

        // No bearer token needed: the emailed token in the body is the credential.
        loginLink().expectStatus().isOk().expectBody().jsonPath("$.accessToken").isEqualTo("b");
        // Guessing sign-in tokens is as slow as guessing passwords: one bucket for both.
        login("198.51.100.1").expectStatus().isEqualTo(429);
        loginLink().expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.instance").isEqualTo("/api/v1/auth/login-link");
        identity.verify(1, postRequestedFor(urlEqualTo("/api/v1/auth/login-link")));
        identity.verify(0, postRequestedFor(urlEqualTo("/api/v1/auth/login")));
    }

    @Test
    void limitsTokenHoldersEachOnTheirOwn() {
        booking.stubFor(get("/api/v1/sessions").willReturn(okJson("[]")));
        String first = consultantToken();
        String second = consultantToken();

        sessions(first).expectStatus().isOk();
        sessions(first).expectStatus().isEqualTo(429).expectHeader().valueEquals("Retry-After", "4");
        sessions(second).expectStatus().isOk();

        booking.verify(2, getRequestedFor(urlEqualTo("/api/v1/sessions")));
    }

    @Test
    void limitsPublicPagesPerClientAddress() {
        booking.stubFor(get(urlPathEqualTo("/api/v1/public/consultants/asha-rao/slots")).willReturn(okJson("[]")));

        client.get().uri("/api/v1/public/consultants/asha-rao/slots").exchange().expectStatus().isOk();
        client.get().uri("/api/v1/public/consultants/asha-rao/slots").header("Authorization", consultantToken()).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("Retry-After", "4");
        // A client's manage link counts in the same bucket of the address: guessing tokens is as slow as paging slots.
        client.get().uri("/api/v1/public/bookings/" + "t".repeat(43)).exchange().expectStatus().isEqualTo(429);
        client.post().uri("/api/v1/public/bookings/" + "t".repeat(43) + "/cancel").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\":\"x\"}").exchange().expectStatus().isEqualTo(429);
        booking.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/public/bookings/" + "t".repeat(43))));
    }

    private WebTestClient.ResponseSpec login(String forwardedFor) {
        return client.post().uri("/api/v1/auth/login")
                .header("X-Forwarded-For", forwardedFor)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"a@example.com\",\"password\":\"secret-password\"}")
                .exchange();
    }

    private WebTestClient.ResponseSpec loginLink() {
        return client.post().uri("/api/v1/auth/login-link")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"token\":\"emailed-sign-in-token\"}")
                .exchange();
    }

    private WebTestClient.ResponseSpec sessions(String authorization) {
        return client.get().uri("/api/v1/sessions").header("Authorization", authorization).exchange();
    }
}
