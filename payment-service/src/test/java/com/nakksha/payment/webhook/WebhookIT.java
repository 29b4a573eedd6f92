package com.nakksha.payment.webhook;

import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentFailed;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.payment.AbstractPaymentIT;
import com.nakksha.testsupport.PublishedEvents;
import com.nakksha.schemas.Topic;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WebhookIT extends AbstractPaymentIT {

    private static String fresh(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }

    @Test
    void theSamplesInTheirOwnBytesAndSignaturesTakeAPaymentFromFailedToCapturedToRefunded() {
        BookedSession session = booked(150_000);
        ordered(session, "order_Pq8DkR3vWn5YbC");
        razorpay.stubFor(post("/v1/payments/pay_Pq8E1sTgHy6UoJ/capture").willReturn(okJson("""
                {"id":"pay_Pq8E1sTgHy6UoJ","entity":"payment","amount":150000,"currency":"INR","status":"captured",
                 "order_id":"order_Pq8DkR3vWn5YbC","method":"upi","captured":true,"notes":[],"fee":3540,"tax":540}""")));

        deliver(RazorpaySamples.bytes("04-payment.failed.json"), "evt-sample-0004",
                "a9dea0ef940e095f9c5acfb0bcb0a75c808481ec87383cdbef517f83203cf18a").expectStatus().isOk();
        PaymentFailed failed = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentFailed.class, e -> e.getPayableId().equals(session.id()));
        assertThat(failed.getErrorCode()).isEqualTo("BAD_REQUEST_ERROR");

        deliver(RazorpaySamples.bytes("01-payment.authorized.json"), "evt-sample-0001",
                "4e94dd09d9d0d1b26a4cf4a6f92bbed7a15ecb0d4e4f78d5471b1ebcdc89944b").expectStatus().isOk();
        deliver(RazorpaySamples.bytes("02-payment.captured.json"), "evt-sample-0002",
                "479bc94fa2009cd7cc277de0db743a2adbef9f9914a658c54468ad2c46904885").expectStatus().isOk();
        deliver(RazorpaySamples.bytes("03-order.paid.json"), "evt-sample-0003",
                "101a34fcb9302f4bb3499bc763f1a770d6ea72e7839c2452c6de44ef0f93b9d3").expectStatus().isOk();

        PaymentCaptured captured = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class, e -> e.getPayableId().equals(session.id()));
        assertThat(captured.getProviderPaymentId()).isEqualTo("pay_Pq8E1sTgHy6UoJ");
        assertThat(captured.getAmountMinor()).isEqualTo(150_000);
        assertThat(captured.getProviderFeeMinor()).isEqualTo(3540);
        assertThat(captured.getPlatformFeeMinor()).isEqualTo(3750);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM webhook_event WHERE event_id LIKE 'evt-sample-000%' AND state = 'PROCESSED'") == 4);

        deliver(RazorpaySamples.bytes("05-refund.processed.json"), "evt-sample-0005",
                "af8ae1444b7723ed21d5358cd50ddaa3025ece13c711f836dab55775c02fceac").expectStatus().isOk();

        PaymentRefunded refunded = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentRefunded.class, e -> e.getPayableId().equals(session.id()));
        assertThat(refunded.getFullyRefunded()).isTrue();
        assertThat(refunded.getRefundedTotalMinor()).isEqualTo(150_000);
        assertThat(text("SELECT payment_state FROM payable WHERE id = '" + session.id() + "'")).isEqualTo("REFUNDED");
        assertThat(PublishedEvents.within(Duration.ofSeconds(2), Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getPayableId().equals(session.id()))).hasSize(1);
        assertThat(count("SELECT sum(amount_minor) FROM ledger_entry WHERE payable_id = '" + session.id() + "'"))
                .isEqualTo(150_000 - 3540 - 3750 - 150_000);
        assertThat(count("SELECT count(*) FROM payment_attempt WHERE payable_id = '" + session.id() + "'")).isEqualTo(2);
    }

    @Test
    void aTamperedByteIsRejectedWith400StoredAsRejectedAndChangesNothingElse() {
        byte[] tampered = RazorpaySamples.bytes("03-order.paid.json");
        tampered[300] ^= 0x01;
        long attempts = count("SELECT count(*) FROM payment_attempt");

        deliver(tampered, "evt-tampered-" + UUID.randomUUID(), "101a34fcb9302f4bb3499bc763f1a770d6ea72e7839c2452c6de44ef0f93b9d3")
                .expectStatus().isBadRequest()
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.title").isEqualTo("Invalid signature");

        assertThat(count("SELECT count(*) FROM webhook_event WHERE event_id LIKE 'evt-tampered-%' AND state = 'REJECTED' AND NOT signature_valid"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM payment_attempt")).isEqualTo(attempts);
    }

    @Test
    void aBodySignedWithTheKeySecretIsRejectedAndCannotClaimARealEventId() {
        BookedSession session = booked(150_000);
        String order = fresh("order_");
        ordered(session, order);
        String payment = fresh("pay_");
        byte[] body = RazorpaySamples.withIds("02-payment.captured.json", payment, order);
        String eventId = fresh("evt_");

        deliver(body, eventId, RazorpaySamples.sign(RazorpaySamples.KEY_SECRET, body)).expectStatus().isBadRequest();
        deliverSigned(body, eventId).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("accepted");

        PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class, e -> e.getPayableId().equals(session.id()));
    }

    @Test
    void aDeliverySignedWithThePreviousSecretIsAcceptedDuringTheRotationWindow() {
        BookedSession session = booked(150_000);
        String order = fresh("order_");
        ordered(session, order);
        byte[] body = RazorpaySamples.withIds("02-payment.captured.json", fresh("pay_"), order);

        deliver(body, fresh("evt_"), RazorpaySamples.sign(RazorpaySamples.PREVIOUS_WEBHOOK_SECRET, body)).expectStatus().isOk();

        PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class, e -> e.getPayableId().equals(session.id()));
    }

    /**
     * The arrival orders after a capture: payment.failed for the captured payment leaves it PAID and raises
     * nothing; after a full refund, another delivery carrying the capture (order.paid, late) keeps the refund.
     */
    @Test
    void aFailureAfterTheCaptureAndTheCaptureSeenAgainAfterAFullRefundMoveNothingBackwards() {
        BookedSession session = booked(150_000);
        String order = fresh("order_");
        ordered(session, order);
        String payment = fresh("pay_");
        deliverSigned(RazorpaySamples.withIds("02-payment.captured.json", payment, order), fresh("evt_")).expectStatus().isOk();
        PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class, e -> e.getPayableId().equals(session.id()));

        String failedEvent = fresh("evt_");
        deliverSigned(RazorpaySamples.withIds("04-payment.failed.json", payment, order), failedEvent).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "PROCESSED".equals(text("SELECT state FROM webhook_event WHERE event_id = '" + failedEvent + "'")));
        assertThat(text("SELECT payment_state FROM payable WHERE id = '" + session.id() + "'")).isEqualTo("PAID");
        assertThat(text("SELECT status FROM payment_attempt WHERE razorpay_payment_id = '" + payment + "'")).isEqualTo("CAPTURED");

        byte[] processed = new String(RazorpaySamples.withIds("05-refund.processed.json", payment, order), StandardCharsets.UTF_8)
                .replace("rfnd_Pq9A2bCdEf3GhI", fresh("rfnd_")).getBytes(StandardCharsets.UTF_8);
        deliverSigned(processed, fresh("evt_")).expectStatus().isOk();
        PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentRefunded.class, e -> e.getPayableId().equals(session.id()));
        long owed = count("SELECT sum(amount_minor) FROM ledger_entry WHERE payable_id = '" + session.id() + "'");

        String lateEvent = fresh("evt_");
        deliverSigned(RazorpaySamples.withIds("03-order.paid.json", payment, order), lateEvent).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "PROCESSED".equals(text("SELECT state FROM webhook_event WHERE event_id = '" + lateEvent + "'")));

        assertThat(text("SELECT payment_state FROM payable WHERE id = '" + session.id() + "'")).isEqualTo("REFUNDED");
        assertThat(count("SELECT sum(amount_minor) FROM ledger_entry WHERE payable_id = '" + session.id() + "'")).isEqualTo(owed);
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getPayableId().equals(session.id()))).hasSize(1);
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.PAYMENT_PAYMENT, PaymentFailed.class,
                e -> e.getPayableId().equals(session.id()))).isEmpty();
    }

    /**
     * The 200 is owed once the raw delivery is stored; what acts on it reads the store. A delivery stored as the
     * controller stores it (RECEIVED, verified) whose processing never ran, as after a crash right after the
     * answer, is processed by the poll and has its full effect.
     */
    @Test
    void aStoredDeliveryWhoseProcessingNeverRanIsProcessedFromTheStore() {
        BookedSession session = booked(150_000);
        String order = fresh("order_");
        ordered(session, order);
        String payment = fresh("pay_");
        String eventId = fresh("evt_");
        byte[] body = RazorpaySamples.withIds("02-payment.captured.json", payment, order);
        database.sql("""
                        INSERT INTO webhook_event (id, event_id, body, headers, signature_valid, verified_with, state, received_at)
                        VALUES (:id, :eventId, :body, '{}'::jsonb, true, 'CURRENT', 'RECEIVED', now() - interval '1 minute')""")
                .bind("id", UUID.randomUUID()).bind("eventId", eventId).bind("body", body)
                .fetch().rowsUpdated().block(Duration.ofSeconds(10));

        PaymentCaptured captured = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getProviderPaymentId().equals(payment));
        assertThat(captured.getPayableId()).isEqualTo(session.id());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "PROCESSED".equals(text("SELECT state FROM webhook_event WHERE event_id = '" + eventId + "'")));
        assertThat(text("SELECT payment_state FROM payable WHERE id = '" + session.id() + "'")).isEqualTo("PAID");
        // Razorpay sending it again now changes nothing.
        deliverSigned(body, eventId).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("duplicate");
    }

    @Test
    void notesAsAnEmptyArrayAndUnknownEventsAreAcceptedAndStored() {
        BookedSession session = booked(150_000);
        String order = fresh("order_");
        ordered(session, order);
        String payment = fresh("pay_");
        byte[] body = new String(RazorpaySamples.withIds("02-payment.captured.json", payment, order), StandardCharsets.UTF_8)
                .replaceAll("\"notes\": \\{[^}]*}", "\"notes\": []").getBytes(StandardCharsets.UTF_8);
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("\"notes\": []");
        byte[] unknown = "{\"entity\":\"event\",\"event\":\"refund.speed_changed\",\"payload\":{},\"created_at\":1799834606}"
                .getBytes(StandardCharsets.UTF_8);
        String unknownId = fresh("evt_");

        deliverSigned(body, fresh("evt_")).expectStatus().isOk();
        deliverSigned(unknown, unknownId).expectStatus().isOk();

        PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class, e -> e.getProviderPaymentId().equals(payment));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "IGNORED".equals(text("SELECT state FROM webhook_event WHERE event_id = '" + unknownId + "'")));
    }

    @Test
    void aSecondDifferentCaptureIsRefundedInFullAutomaticallyWithItsOwnIdempotencyKey() {
        BookedSession session = booked(150_000);
        String order = fresh("order_");
        ordered(session, order);
        String first = fresh("pay_");
        String second = fresh("pay_");
        razorpay.stubFor(post("/v1/payments/" + second + "/refund").willReturn(okJson("""
                {"id":"rfnd_%s","entity":"refund","amount":150000,"currency":"INR","payment_id":"%s","status":"pending"}"""
                .formatted(second.substring(4), second))));

        deliverSigned(RazorpaySamples.withIds("02-payment.captured.json", first, order), fresh("evt_")).expectStatus().isOk();
        PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class, e -> e.getProviderPaymentId().equals(first));
        deliverSigned(RazorpaySamples.withIds("02-payment.captured.json", second, order), fresh("evt_")).expectStatus().isOk();

        PaymentReturned returned = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentReturned.class,
                e -> e.getProviderPaymentId().equals(second));
        assertThat(returned.getAmountMinor()).isEqualTo(150_000);
        assertThat(returned.getReason()).contains("already paid by payment " + first);
        String key = returned.getRefundId().toString().replace("-", "");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> razorpay.verify(1,
                postRequestedFor(urlPathEqualTo("/v1/payments/" + second + "/refund")).withHeader("X-Refund-Idempotency", equalTo(key))));
        await().atMost(Duration.ofSeconds(30)).until(() -> "PENDING".equals(
                text("SELECT status FROM refund WHERE id = '" + returned.getRefundId() + "'")));
        assertThat(text("SELECT payment_state FROM payable WHERE id = '" + session.id() + "'")).isEqualTo("PAID");
        assertThat(text("SELECT captured_payment_id FROM payable WHERE id = '" + session.id() + "'")).isEqualTo(first);
    }

    @Test
    void twentyConcurrentCopiesOfEachEventRacingTheCheckoutVerificationCaptureOnce() throws Exception {
        BookedSession session = booked(150_000);
        String order = fresh("order_");
        ordered(session, order);
        String payment = fresh("pay_");
        byte[] authorized = RazorpaySamples.withIds("01-payment.authorized.json", payment, order);
        byte[] captured = RazorpaySamples.withIds("02-payment.captured.json", payment, order);
        byte[] paid = RazorpaySamples.withIds("03-order.paid.json", payment, order);
        String capturedEntity = """
                {"id":"%s","entity":"payment","amount":150000,"currency":"INR","status":"captured","order_id":"%s",
                 "method":"upi","captured":true,"notes":[],"fee":3540,"tax":540,"created_at":1799834600}""".formatted(payment, order);
        razorpay.stubFor(get("/v1/payments/" + payment).willReturn(okJson(capturedEntity)));
        razorpay.stubFor(post("/v1/payments/" + payment + "/capture").willReturn(okJson(capturedEntity)));
        String checkoutSignature = RazorpaySamples.sign(RazorpaySamples.KEY_SECRET, (order + "|" + payment).getBytes(StandardCharsets.UTF_8));
        List<String> eventIds = List.of(fresh("evt_"), fresh("evt_"), fresh("evt_"));
        List<byte[]> bodies = List.of(authorized, captured, paid);

        ExecutorService senders = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int copy = 0; copy < 20; copy++) {
            for (int event = 0; event < 3; event++) {
                byte[] body = bodies.get(event);
                String eventId = eventIds.get(event);
                calls.add(() -> {
                    start.await();
                    return deliverSigned(body, eventId).returnResult(String.class).getStatus().value();
                });
            }
        }
        calls.add(() -> {
            start.await();
            return web.post().uri("/api/v1/payments/verify")
                    .bodyValue(Map.of("razorpay_order_id", order, "razorpay_payment_id", payment,
                            "razorpay_signature", checkoutSignature))
                    .exchange().returnResult(String.class).getStatus().value();
        });
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (Callable<Integer> call : calls) {
                answers.add(senders.submit(call));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            senders.shutdownNow();
        }

        PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class, e -> e.getPayableId().equals(session.id()));
        assertThat(PublishedEvents.within(Duration.ofSeconds(3), Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getPayableId().equals(session.id()))).hasSize(1);
        assertThat(count("SELECT count(*) FROM webhook_event WHERE event_id IN ('" + String.join("','", eventIds) + "')")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM payment_attempt WHERE payable_id = '" + session.id() + "' AND disposition = 'ACCEPTED'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ledger_entry WHERE payable_id = '" + session.id() + "' AND entry_type = 'CAPTURE'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM refund WHERE payable_id = '" + session.id() + "'")).isZero();
    }
}
