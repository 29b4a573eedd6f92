package com.nakksha.payment.payable;

import com.nakksha.events.PaymentCaptured;
import com.nakksha.payment.AbstractPaymentIT;
import com.nakksha.payment.webhook.RazorpaySamples;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.PublishedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A payment only authorised (a manual-capture account, or the automatic capture's webhook not here yet) is captured
 * by payment-service right after the authorisation is applied. When that capture does not happen, nothing else
 * asked Razorpay again: the session expired unpaid while the client's money sat authorised until Razorpay gave it
 * back. These follow the two ways the capture can go wrong.
 */
class CaptureRetryIT extends AbstractPaymentIT {

    @Autowired
    private PayableService payments;
    @Autowired
    private MeterRegistry meters;

    /**
     * Razorpay cannot be reached when the capture is asked for (a 503): the payment stays authorised, is counted as
     * a capture owed, and the retry pass captures it once Razorpay answers; one PaymentCaptured.
     */
    @Test
    void anAuthorisedPaymentWhoseCaptureFailedIsCapturedByTheRetryPass() {
        Ordered ordered = ordered(150_000);
        String capturePath = "/v1/payments/" + ordered.payment() + "/capture";
        razorpay.stubFor(post(capturePath).willReturn(serviceUnavailable()));

        deliverSigned(RazorpaySamples.withIds("01-payment.authorized.json", ordered.payment(), ordered.order()),
                "evt_a_" + ordered.suffix()).expectStatus().isOk();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                razorpay.verify(moreThanOrExactly(1), postRequestedFor(urlPathEqualTo(capturePath))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(meters.get(OwedToRazorpayGauges.CAPTURES_OWED).gauge().value()).isGreaterThanOrEqualTo(1));
        assertThat(text("SELECT status FROM payment_attempt WHERE razorpay_payment_id = '" + ordered.payment() + "'"))
                .isEqualTo("AUTHORIZED");
        assertThat(text("SELECT payment_state FROM payable WHERE id = '" + ordered.session().id() + "'")).isEqualTo("UNPAID");

        razorpayCaptures(ordered);
        // The pass takes payments untouched for the retry interval: this one as if it had waited that long.
        database.sql("UPDATE payment_attempt SET updated_at = updated_at - interval '1 minute' WHERE razorpay_payment_id = :id")
                .bind("id", ordered.payment()).fetch().rowsUpdated().block(Duration.ofSeconds(10));
        payments.captureAuthorised();

        PaymentCaptured captured = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getPayableId().equals(ordered.session().id()));
        assertThat(captured.getProviderPaymentId()).isEqualTo(ordered.payment());
        assertThat(captured.getAmountMinor()).isEqualTo(150_000);
        assertThat(text("SELECT payment_state FROM payable WHERE id = '" + ordered.session().id() + "'")).isEqualTo("PAID");
        payments.captureAuthorised();
        assertThat(PublishedEvents.within(Duration.ofSeconds(2), Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getPayableId().equals(ordered.session().id()))).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(meters.get(OwedToRazorpayGauges.CAPTURES_OWED).gauge().value()).isZero());
    }

    /**
     * The account captures automatically, so Razorpay refuses our capture ("already been captured") and the
     * payment.captured webhook has not come: the payment is fetched and applied as Razorpay shows it, captured.
     */
    @Test
    void aCaptureRazorpayRefusesAsDoneAlreadyAppliesThePaymentAsRazorpayShowsIt() {
        Ordered ordered = ordered(150_000);
        razorpay.stubFor(post("/v1/payments/" + ordered.payment() + "/capture").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error":{"code":"BAD_REQUEST_ERROR","description":"This payment has already been captured",
                         "source":"business","step":"payment_capture","reason":"input_validation_failed","field":null}}""")));
        razorpay.stubFor(get("/v1/payments/" + ordered.payment()).willReturn(okJson(capturedPayment(ordered))));

        deliverSigned(RazorpaySamples.withIds("01-payment.authorized.json", ordered.payment(), ordered.order()),
                "evt_a_" + ordered.suffix()).expectStatus().isOk();

        PaymentCaptured captured = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getPayableId().equals(ordered.session().id()));
        assertThat(captured.getProviderPaymentId()).isEqualTo(ordered.payment());
        assertThat(captured.getProviderFeeMinor()).isEqualTo(3540);
        razorpay.verify(1, getRequestedFor(urlPathEqualTo("/v1/payments/" + ordered.payment())));
        assertThat(text("SELECT status FROM payment_attempt WHERE razorpay_payment_id = '" + ordered.payment() + "'"))
                .isEqualTo("CAPTURED");
    }

    private static void razorpayCaptures(Ordered ordered) {
        razorpay.stubFor(post("/v1/payments/" + ordered.payment() + "/capture").willReturn(okJson(capturedPayment(ordered))));
    }

    private static String capturedPayment(Ordered ordered) {
        return """
                {"id":"%s","entity":"payment","amount":150000,"currency":"INR","status":"captured","order_id":"%s",
                 "method":"upi","captured":true,"notes":[],"fee":3540,"tax":540}""".formatted(ordered.payment(), ordered.order());
    }
}
