package com.nakksha.payment.checkout;

import com.nakksha.events.CancelledBy;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentOrderOpened;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionHoldExtended;
import com.nakksha.payment.AbstractPaymentIT;
import com.nakksha.testsupport.PublishedEvents;
import com.nakksha.payment.webhook.RazorpaySamples;
import com.nakksha.schemas.Topic;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CheckoutIT extends AbstractPaymentIT {

    private static String fresh(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }

    private WebTestClient.ResponseSpec order(UUID payableId, String capability) {
        return web.post().uri("/api/v1/payments/orders")
                .bodyValue(Map.of("payableId", payableId, "capability", capability))
                .exchange();
    }

    @Test
    void anOrderAnswersWhatCheckoutNeedsAndAskingAgainReturnsTheSameOrder() {
        BookedSession session = booked(150_000);
        String orderId = fresh("order_");
        ordered(session, orderId);

        order(session.id(), session.capability()).expectStatus().isOk().expectBody()
                .jsonPath("$.orderId").isEqualTo(orderId)
                .jsonPath("$.keyId").isEqualTo(RazorpaySamples.KEY_ID)
                .jsonPath("$.amount").isEqualTo("1500.00")
                .jsonPath("$.amountMinor").isEqualTo(150_000)
                .jsonPath("$.currency").isEqualTo("INR")
                .jsonPath("$.description").isEqualTo("Career review")
                .jsonPath("$.prefill.email").isEqualTo("meera.iyer@example.test");

        razorpay.verify(1, postRequestedFor(urlPathEqualTo("/v1/orders")));
        PaymentOrderOpened opened = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentOrderOpened.class,
                event -> event.getPayableId().equals(session.id()));
        assertThat(opened.getOrderId()).isEqualTo(orderId);
        assertThat(opened.getConsultantId()).isEqualTo(session.consultantId());
        assertThat(opened.getAmountMinor()).isEqualTo(150_000L);
        assertThat(opened.getPayableType().name()).isEqualTo("SESSION");
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.PAYMENT_PAYMENT, PaymentOrderOpened.class,
                event -> event.getPayableId().equals(session.id()))).hasSize(1);
    }

    @Test
    void theHoldBookingExtendsForAnOpenedOrderIsKeptOnThePayable() {
        BookedSession session = booked(150_000);
        Instant extendedTo = Instant.now().plus(Duration.ofMinutes(25)).truncatedTo(ChronoUnit.MILLIS);

        send(Topic.BOOKING_SESSION, session.id().toString(), SessionHoldExtended.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setConsultantId(session.consultantId()).setSessionId(session.id())
                .setPreviousHoldExpiresAt(Instant.now().plus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.MILLIS))
                .setHoldExpiresAt(extendedTo).build());

        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM payable WHERE id = '" + session.id()
                + "' AND hold_expires_at = '" + extendedTo + "'") == 1);
    }

    @Test
    void anOrderAskedRightAfterBookingAnsweredWaitsForThePayableToArriveInsteadOfA404() {
        BookedSession session = issued(UUID.randomUUID());
        String orderId = fresh("order_");
        razorpayCreatesOrder(session, orderId);
        // Booking answered 201 with the capability; its SessionBooked reaches payment-service a moment later.
        Mono.delay(Duration.ofMillis(300)).doOnNext(ignored -> announce(session, 150_000))
                .subscribeOn(Schedulers.boundedElastic()).subscribe();

        order(session.id(), session.capability()).expectStatus().isOk().expectBody()
                .jsonPath("$.orderId").isEqualTo(orderId)
                .jsonPath("$.amountMinor").isEqualTo(150_000);
    }

    @Test
    void aCapabilityBookingIssuedWhosePayableHasNotArrivedIsA503WithRetryAfterWhileAGuessStaysA404() {
        BookedSession session = issued(UUID.randomUUID());

        order(session.id(), session.capability()).expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectHeader().contentType("application/problem+json");
        // Another session's capability, or one not made with booking's key, tells nothing about this id.
        order(session.id(), issued(UUID.randomUUID()).capability()).expectStatus().isNotFound();
        order(session.id(), "guessed-" + UUID.randomUUID()).expectStatus().isNotFound();
        razorpay.verify(0, postRequestedFor(urlPathEqualTo("/v1/orders")));
        assertThat(count("SELECT count(*) FROM payable WHERE id = '" + session.id() + "'")).isZero();

        announce(session, 150_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM payable WHERE id = '" + session.id() + "'") == 1);
        ordered(session, fresh("order_"));
    }

    @Test
    void withoutTheCapabilityOrWithAWrongOneThePayableDoesNotExist() {
        BookedSession session = booked(150_000);

        order(session.id(), "guessed-" + UUID.randomUUID()).expectStatus().isNotFound()
                .expectHeader().contentType("application/problem+json");
        order(UUID.randomUUID(), session.capability()).expectStatus().isNotFound();
        web.post().uri("/api/v1/payments/orders").bodyValue(Map.of("payableId", session.id()))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType("application/problem+json");
        razorpay.verify(0, postRequestedFor(urlPathEqualTo("/v1/orders")));
    }

    @Test
    void badInputIsA400ProblemNamingWhatIsWrongAndNeverReachesRazorpay() {
        web.post().uri("/api/v1/payments/orders").header("Content-Type", "application/json").bodyValue("{\"payableId\":")
                .exchange().expectStatus().isBadRequest().expectHeader().contentType("application/problem+json");
        web.post().uri("/api/v1/payments/orders").bodyValue(Map.of("payableId", "not-a-uuid", "capability", "x"))
                .exchange().expectStatus().isBadRequest().expectHeader().contentType("application/problem+json");
        web.post().uri("/api/v1/payments/verify").bodyValue(Map.of("razorpay_order_id", "order_X", "razorpay_payment_id", "pay_X"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType("application/problem+json")
                .expectBody(String.class).value(body -> assertThat(body).contains("razorpay_signature"));
        web.post().uri("/api/v1/payments/verify").bodyValue(Map.of("razorpay_order_id", "order_unknown",
                        "razorpay_payment_id", "pay_X", "razorpay_signature", "00"))
                .exchange().expectStatus().isNotFound();
        assertThat(razorpay.getAllServeEvents()).isEmpty();
    }

    @Test
    void aCancelledSessionIsNotPayable() {
        BookedSession session = booked(150_000);
        send(Topic.BOOKING_SESSION, session.id().toString(), SessionCancelled.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setConsultantId(session.consultantId()).setSessionId(session.id()).setReason("client asked")
                .setCancelledBy(CancelledBy.CLIENT).build());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "CANCELLED".equals(text("SELECT availability FROM payable WHERE id = '" + session.id() + "'")));

        order(session.id(), session.capability()).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").isEqualTo("This booking cannot be paid: it is cancelled");
    }

    @Test
    void anAbandonedSessionIsNotPayableAndNeverReachesRazorpay() {
        BookedSession session = booked(150_000);
        Instant expired = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(Topic.BOOKING_SESSION, session.id().toString(), SessionAbandoned.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(expired).setConsultantId(session.consultantId())
                .setSessionId(session.id()).setHoldExpiredAt(expired).build());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "ABANDONED".equals(text("SELECT availability FROM payable WHERE id = '" + session.id() + "'")));

        order(session.id(), session.capability()).expectStatus().isEqualTo(409)
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.detail").isEqualTo("This booking cannot be paid: it is abandoned");
        razorpay.verify(0, postRequestedFor(urlPathEqualTo("/v1/orders")));
    }

    @Test
    void razorpayDownIs503WithNothingHalfDoneAndTheNextRequestLooksTheOrderUpByReceiptFirst() {
        BookedSession session = booked(150_000);
        String receipt = "nks_" + session.id().toString().replace("-", "");
        razorpay.stubFor(post("/v1/orders").willReturn(aResponse().withStatus(500)
                .withBody("{\"error\":{\"code\":\"SERVER_ERROR\",\"description\":\"try later\"}}")));
        razorpay.stubFor(get(urlPathEqualTo("/v1/orders")).willReturn(okJson("{\"entity\":\"collection\",\"count\":0,\"items\":[]}")));

        order(session.id(), session.capability()).expectStatus().isEqualTo(503)
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.title").isEqualTo("Payment provider unavailable");
        assertThat(text("SELECT status FROM payment_order WHERE payable_id = '" + session.id() + "'")).isEqualTo("CREATING");

        razorpay.resetAll();
        String orderId = fresh("order_");
        razorpay.stubFor(get(urlPathEqualTo("/v1/orders")).willReturn(okJson("""
                {"entity":"collection","count":1,"items":[{"id":"%s","entity":"order","amount":150000,"currency":"INR",
                 "receipt":"%s","status":"created"}]}""".formatted(orderId, receipt))));

        order(session.id(), session.capability()).expectStatus().isOk().expectBody().jsonPath("$.orderId").isEqualTo(orderId);
        razorpay.verify(0, postRequestedFor(urlPathEqualTo("/v1/orders")));
        razorpay.verify(1, getRequestedFor(urlPathEqualTo("/v1/orders")));
    }

    @Test
    void verificationChecksTheSignatureThenFetchesCapturesAndAppliesThePayment() {
        BookedSession session = booked(150_000);
        String orderId = fresh("order_");
        ordered(session, orderId);
        String paymentId = fresh("pay_");
        razorpay.stubFor(get("/v1/payments/" + paymentId).willReturn(okJson("""
                {"id":"%s","entity":"payment","amount":150000,"currency":"INR","status":"authorized","order_id":"%s",
                 "method":"card","captured":false,"notes":[],"fee":null,"tax":null}""".formatted(paymentId, orderId))));
        razorpay.stubFor(post("/v1/payments/" + paymentId + "/capture").willReturn(okJson("""
                {"id":"%s","entity":"payment","amount":150000,"currency":"INR","status":"captured","order_id":"%s",
                 "method":"card","captured":true,"notes":[],"fee":3540,"tax":540}""".formatted(paymentId, orderId))));
        String good = RazorpaySamples.sign(RazorpaySamples.KEY_SECRET, (orderId + "|" + paymentId).getBytes(StandardCharsets.UTF_8));
        String forged = RazorpaySamples.sign(RazorpaySamples.WEBHOOK_SECRET, (orderId + "|" + paymentId).getBytes(StandardCharsets.UTF_8));

        web.post().uri("/api/v1/payments/verify")
                .bodyValue(Map.of("razorpay_order_id", orderId, "razorpay_payment_id", paymentId, "razorpay_signature", forged))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("razorpay_signature");
        razorpay.verify(0, getRequestedFor(urlPathEqualTo("/v1/payments/" + paymentId)));

        web.post().uri("/api/v1/payments/verify")
                .bodyValue(Map.of("razorpay_order_id", orderId, "razorpay_payment_id", paymentId, "razorpay_signature", good))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.paymentState").isEqualTo("PAID");

        razorpay.verify(1, postRequestedFor(urlPathEqualTo("/v1/payments/" + paymentId + "/capture")));
        PaymentCaptured captured = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class, e -> e.getPayableId().equals(session.id()));
        assertThat(captured.getMethod()).isEqualTo("card");
        order(session.id(), session.capability()).expectStatus().isEqualTo(409);
    }

    @Test
    void theCheckoutSignatureOfTheSharedSampleIsTheOneWeCompute() {
        assertThat(RazorpaySamples.sign(RazorpaySamples.KEY_SECRET,
                "order_Pq8DkR3vWn5YbC|pay_Pq8E1sTgHy6UoJ".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("6f1695ed859a99024e73725c193113ad568dddb4523da957b03c97afe2041551");
    }
}
