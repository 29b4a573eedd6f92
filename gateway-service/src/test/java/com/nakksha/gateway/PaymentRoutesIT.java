package com.nakksha.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * payment-service's routes: three exact POST paths without a token (Razorpay's webhooks, the client's
 * order and verify), the dashboard behind one, and webhook bodies delivered byte for byte, because the
 * signature payment-service checks is over the raw bytes.
 */
class PaymentRoutesIT extends GatewayTestSupport {

    private static final String WEBHOOK = "/api/v1/payments/webhooks/razorpay";

    @Test
    void letsTheCheckoutAndRazorpayReachPaymentServiceWithoutAToken() {
        payment.stubFor(post("/api/v1/payments/orders").willReturn(okJson("{\"orderId\":\"order_1\"}")));
        payment.stubFor(post("/api/v1/payments/verify").willReturn(okJson("{\"paymentState\":\"PAID\"}")));
        payment.stubFor(post(WEBHOOK).willReturn(okJson("{\"status\":\"accepted\"}")));

        client.post().uri("/api/v1/payments/orders").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"payableId\":\"p\",\"capability\":\"c\"}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.orderId").isEqualTo("order_1");
        client.post().uri("/api/v1/payments/verify").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"razorpay_order_id\":\"order_1\"}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.paymentState").isEqualTo("PAID");
        client.post().uri(WEBHOOK).contentType(MediaType.APPLICATION_JSON).header("X-Razorpay-Signature", "00")
                .bodyValue("{}")
                .exchange().expectStatus().isOk();

        payment.verify(postRequestedFor(urlEqualTo("/api/v1/payments/orders")).withHeader("Authorization", absent()));
        payment.verify(postRequestedFor(urlEqualTo("/api/v1/payments/verify")).withHeader("Authorization", absent()));
        payment.verify(postRequestedFor(urlEqualTo(WEBHOOK)).withHeader("X-Razorpay-Signature", equalTo("00")));
    }

    /**
     * payment-service holds an order for a booking still on its way for up to 3 s, then answers 503 with
     * Retry-After (its README): the route's 10 s response timeout lets the wait finish, and the answer reaches the
     * client as sent, not replaced by the circuit breaker's fallback.
     */
    @Test
    void anOrderThatWaitsForItsBookingAndThenAsksForARetryReachesTheClientAsAnswered() {
        payment.stubFor(post("/api/v1/payments/orders").willReturn(aResponse().withStatus(503).withFixedDelay(3_000)
                .withHeader("Content-Type", "application/problem+json").withHeader("Retry-After", "1")
                .withBody("{\"title\":\"Booking not ready for payment yet\",\"status\":503}")));

        client.post().uri("/api/v1/payments/orders").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"payableId\":\"p\",\"capability\":\"c\"}")
                .exchange().expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectBody().jsonPath("$.title").isEqualTo("Booking not ready for payment yet");
    }

    @Test
    void keepsTheDashboardBehindAToken() {
        payment.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(anyUrl()).willReturn(okJson("[]")));

        client.get().uri("/api/v1/payments").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        // Only the three exact POSTs are public: not other methods on them, nor paths below or beside them.
        client.get().uri("/api/v1/payments/orders").exchange().expectStatus().isUnauthorized();
        client.post().uri("/api/v1/payments/webhooks/razorpay/replay").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isUnauthorized();
        client.post().uri("/api/v1/payments/pay_1/refunds").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/v1/payments/ledger").exchange().expectStatus().isUnauthorized();
        payment.verify(0, anyRequestedFor(anyUrl()));

        client.get().uri("/api/v1/payments").header("Authorization", consultantToken()).exchange().expectStatus().isOk();
    }

    @Test
    void deliversAWebhookBodyByteForByte() {
        byte[] sample = sample("razorpay-samples/03-order.paid.json");
        assertThat(new String(sample, StandardCharsets.UTF_8)).contains("₹", "परामर्श", "\\/");
        payment.stubFor(post(WEBHOOK).willReturn(aResponse().withStatus(200)));

        client.post().uri(WEBHOOK)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Razorpay-Signature", "101a34fcb9302f4bb3499bc763f1a770d6ea72e7839c2452c6de44ef0f93b9d3")
                .header("x-razorpay-event-id", "evt-sample-0003")
                .bodyValue(sample)
                .exchange().expectStatus().isOk();

        payment.verify(postRequestedFor(urlEqualTo(WEBHOOK))
                .withHeader("X-Razorpay-Signature", equalTo("101a34fcb9302f4bb3499bc763f1a770d6ea72e7839c2452c6de44ef0f93b9d3"))
                .withHeader("x-razorpay-event-id", equalTo("evt-sample-0003"))
                .withRequestBody(binaryEqualTo(sample)));
    }

    @Test
    void deliversAChunkedWebhookBodyByteForByteEvenWhenAChunkEndsInsideACharacter() {
        byte[] sample = sample("razorpay-samples/03-order.paid.json");
        // The first multi-byte character, cut after its first byte.
        int cut = 0;
        while (sample[cut] >= 0) {
            cut++;
        }
        cut++;
        DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
        Flux<DataBuffer> chunks = Flux.just(Arrays.copyOfRange(sample, 0, cut), Arrays.copyOfRange(sample, cut, sample.length))
                .map(buffers::wrap);
        payment.stubFor(post(WEBHOOK).willReturn(aResponse().withStatus(200)));

        client.post().uri(WEBHOOK)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Razorpay-Signature", "101a34fcb9302f4bb3499bc763f1a770d6ea72e7839c2452c6de44ef0f93b9d3")
                .body(chunks, DataBuffer.class)
                .exchange().expectStatus().isOk();

        payment.verify(postRequestedFor(urlEqualTo(WEBHOOK)).withRequestBody(binaryEqualTo(sample)));
    }

    private static byte[] sample(String resource) {
        try (InputStream in = PaymentRoutesIT.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
