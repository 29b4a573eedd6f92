package com.nakksha.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * The public payment routes are rate-limited per address: webhooks in a bucket of their own, so a
 * busy checkout page cannot starve Razorpay's deliveries (nor the reverse); order and verify share the
 * public pages' bucket. One request per bucket, then one every 4 s ({@link TightRateLimits}).
 */
class PaymentRateLimitIT extends TightRateLimits {

    @Test
    void limitsWebhooksApartFromTheCheckout() {
        payment.stubFor(post("/api/v1/payments/webhooks/razorpay").willReturn(okJson("{}")));
        payment.stubFor(post("/api/v1/payments/orders").willReturn(okJson("{}")));
        payment.stubFor(post("/api/v1/payments/verify").willReturn(okJson("{}")));

        send("/api/v1/payments/webhooks/razorpay").expectStatus().isOk();
        send("/api/v1/payments/webhooks/razorpay").expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        send("/api/v1/payments/orders").expectStatus().isOk();
        send("/api/v1/payments/verify").expectStatus().isEqualTo(429);

        payment.verify(1, postRequestedFor(urlEqualTo("/api/v1/payments/webhooks/razorpay")));
        payment.verify(1, postRequestedFor(urlEqualTo("/api/v1/payments/orders")));
        payment.verify(0, postRequestedFor(urlEqualTo("/api/v1/payments/verify")));
    }

    private WebTestClient.ResponseSpec send(String path) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
    }
}
