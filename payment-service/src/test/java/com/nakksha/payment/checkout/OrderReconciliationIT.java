package com.nakksha.payment.checkout;

import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.payment.AbstractPaymentIT;
import com.nakksha.testsupport.PublishedEvents;
import com.nakksha.schemas.Topic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrderReconciliationIT extends AbstractPaymentIT {

    @Test
    void anOrderWhoseWebhooksNeverCameIsCheckedAtRazorpayAndItsCaptureApplied() {
        BookedSession session = booked(150_000);
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        String order = "order_" + suffix;
        String payment = "pay_" + suffix;
        ordered(session, order);
        razorpay.stubFor(get("/v1/orders/" + order + "/payments").willReturn(okJson("""
                {"entity":"collection","count":2,"items":[
                 {"id":"pay_f%s","entity":"payment","amount":150000,"currency":"INR","status":"failed","order_id":"%s",
                  "method":"netbanking","error_code":"BAD_REQUEST_ERROR","error_description":"Payment failed","notes":[]},
                 {"id":"%s","entity":"payment","amount":150000,"currency":"INR","status":"captured","order_id":"%s",
                  "method":"upi","captured":true,"fee":3540,"tax":540,"notes":[]}]}"""
                .formatted(suffix, order, payment, order))));

        assertThat(PublishedEvents.within(Duration.ofSeconds(4), Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getPayableId().equals(session.id()))).isEmpty();
        database.sql("UPDATE payment_order SET created_at = created_at - interval '1 hour' WHERE razorpay_order_id = :order")
                .bind("order", order).then().block();

        PaymentCaptured captured = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                e -> e.getPayableId().equals(session.id()));
        assertThat(captured.getProviderPaymentId()).isEqualTo(payment);
        await().atMost(Duration.ofSeconds(30)).until(() -> text(
                "SELECT last_reconciled_at::text FROM payment_order WHERE razorpay_order_id = '" + order + "'") != null);
        assertThat(count("SELECT count(*) FROM payment_attempt WHERE payable_id = '" + session.id() + "'")).isEqualTo(2);
        razorpay.verify(getRequestedFor(urlPathEqualTo("/v1/orders/" + order + "/payments")));
    }

    @Test
    void anUnpaidOrderIsCheckedAgainOnceItsAgeHasDoubledAtMostAnHourLaterNotOnEveryPass() {
        BookedSession session = booked(150_000);
        String order = "order_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        ordered(session, order);
        razorpay.stubFor(get("/v1/orders/" + order + "/payments").willReturn(okJson("""
                {"entity":"collection","count":0,"items":[]}""")));
        backdate(order, "created_at = now() - interval '2 hours'");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> razorpay.verify(1, paymentsOf(order)));
        // The pass records the check after Razorpay answered, so a moment after WireMock saw the request.
        await().atMost(Duration.ofSeconds(30)).until(() ->
                text("SELECT last_reconciled_at::text FROM payment_order WHERE razorpay_order_id = '" + order + "'") != null);

        // Passes run every 2 s here: an order two hours old is asked about again an hour later (the longest gap).
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> razorpay.verify(1, paymentsOf(order)));

        // Made 10 min ago and checked 4 min ago (when 6 min old): due again only once 6 min have passed since.
        backdate(order, "created_at = now() - interval '10 minutes', last_reconciled_at = now() - interval '4 minutes'");
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> razorpay.verify(1, paymentsOf(order)));
        backdate(order, "last_reconciled_at = now() - interval '6 minutes'");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> razorpay.verify(2, paymentsOf(order)));
    }

    private void backdate(String order, String assignments) {
        database.sql("UPDATE payment_order SET " + assignments + " WHERE razorpay_order_id = :order")
                .bind("order", order).then().block();
    }

    private static RequestPatternBuilder paymentsOf(String order) {
        return getRequestedFor(urlPathEqualTo("/v1/orders/" + order + "/payments"));
    }
}
