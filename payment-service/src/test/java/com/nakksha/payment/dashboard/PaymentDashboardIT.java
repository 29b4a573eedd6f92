package com.nakksha.payment.dashboard;

import com.nakksha.payment.webhook.RazorpaySamples;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

class PaymentDashboardIT extends AbstractDashboardIT {

    @Autowired
    MeterRegistry meters;

    @Test
    void listsTheCallersPaymentsFilteredPagedAndTotalled() {
        UUID consultant = UUID.randomUUID();
        Made first = paid(consultant);
        Made second = paid(consultant);
        Made failedOne = failed(consultant);
        Made someoneElses = paid(UUID.randomUUID());
        String token = consultant(consultant);

        getAs(token, "/api/v1/payments").expectStatus().isOk().expectBody()
                .jsonPath("$.totalItems").isEqualTo(3)
                .jsonPath("$.items.length()").isEqualTo(3)
                .jsonPath("$.items[*].id").value(not(hasItem(someoneElses.id().toString())))
                .jsonPath("$.items[0].id").isEqualTo(failedOne.id().toString())
                .jsonPath("$.totals[0].currency").isEqualTo("INR")
                .jsonPath("$.totals[0].count").isEqualTo(3)
                .jsonPath("$.totals[0].amountMinor").isEqualTo(450_000)
                .jsonPath("$.totals[0].capturedMinor").isEqualTo(300_000)
                .jsonPath("$.totals[0].captured").isEqualTo("3000.00")
                .jsonPath("$.totals[0].refundedMinor").isEqualTo(0);

        getAs(token, uri -> uri.path("/api/v1/payments").queryParam("status", "CAPTURED").build()).expectBody()
                .jsonPath("$.totalItems").isEqualTo(2)
                .jsonPath("$.items[*].status").value(not(hasItem("FAILED")));
        getAs(token, uri -> uri.path("/api/v1/payments").queryParam("method", "netbanking").build()).expectBody()
                .jsonPath("$.totalItems").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(failedOne.id().toString())
                .jsonPath("$.items[0].errorCode").exists();
        getAs(token, uri -> uri.path("/api/v1/payments").queryParam("sessionId", second.session().id()).build()).expectBody()
                .jsonPath("$.totalItems").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(second.id().toString())
                .jsonPath("$.items[0].sessionId").isEqualTo(second.session().id().toString())
                .jsonPath("$.items[0].amount").isEqualTo("1500.00");
        getAs(token, uri -> uri.path("/api/v1/payments").queryParam("size", 2).queryParam("sort", "createdAt,asc").build()).expectBody()
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.items[0].id").isEqualTo(first.id().toString())
                .jsonPath("$.totalPages").isEqualTo(2)
                .jsonPath("$.totals[0].count").isEqualTo(3);
        getAs(token, uri -> uri.path("/api/v1/payments").queryParam("from", Instant.now().plus(Duration.ofDays(1))).build()).expectBody()
                .jsonPath("$.totalItems").isEqualTo(0)
                .jsonPath("$.totals.length()").isEqualTo(0);
    }

    @Test
    void onePaymentShowsItsPayableAttemptsRefundsAndWebhookHistory() {
        UUID consultant = UUID.randomUUID();
        Made made = paid(consultant);

        getAs(consultant(consultant), "/api/v1/payments/" + made.id()).expectStatus().isOk().expectBody()
                .jsonPath("$.payment.id").isEqualTo(made.id().toString())
                .jsonPath("$.payment.razorpayPaymentId").isEqualTo(made.payment())
                .jsonPath("$.payment.status").isEqualTo("CAPTURED")
                .jsonPath("$.payment.disposition").isEqualTo("ACCEPTED")
                .jsonPath("$.payment.method").isEqualTo("upi")
                .jsonPath("$.payment.feeMinor").isEqualTo(3540)
                .jsonPath("$.payable.id").isEqualTo(made.session().id().toString())
                .jsonPath("$.payable.paymentState").isEqualTo("PAID")
                .jsonPath("$.payable.refundableMinor").isEqualTo(150_000)
                .jsonPath("$.payable.refundable").isEqualTo("1500.00")
                .jsonPath("$.attempts.length()").isEqualTo(1)
                .jsonPath("$.refunds.length()").isEqualTo(0)
                .jsonPath("$.webhooks.length()").isEqualTo(1)
                .jsonPath("$.webhooks[0].eventType").isEqualTo("payment.captured")
                .jsonPath("$.webhooks[0].state").isEqualTo("PROCESSED")
                .jsonPath("$.webhooks[0].razorpayOrderId").isEqualTo(made.order())
                .jsonPath("$.webhooks[0].body").doesNotExist()
                .jsonPath("$.webhooks[0].headers").doesNotExist();
    }

    @Test
    void partialRefundsAddUpToAFullRefundAndTheLedgerShowsWhatIsOwed() {
        UUID consultant = UUID.randomUUID();
        String token = consultant(consultant);
        Made made = paid(consultant);
        String firstAtRazorpay = razorpayAcceptsRefund(made.payment(), 50_000);
        String restAtRazorpay = razorpayAcceptsRefund(made.payment(), 100_000);

        String first = refundAs(token, made.id().toString(), "refund-1-" + made.id(), """
                {"amount":"500.00","reason":"Session ended early"}""")
                .expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(first).contains("\"amountMinor\":50000").contains("\"amount\":\"500.00\"").contains("\"refundableMinor\":100000");
        razorpay.verify(1, postRequestedFor(urlPathEqualTo("/v1/payments/" + made.payment() + "/refund"))
                .withRequestBody(matchingJsonPath("$.amount", equalTo("50000")))
                .withHeader("X-Refund-Idempotency", matching("[0-9a-f]{32}")));

        refundWebhook(made, firstAtRazorpay, 50_000, "refund.processed");
        await().atMost(Duration.ofSeconds(30)).until(() -> "PARTIALLY_REFUNDED".equals(
                text("SELECT payment_state FROM payable WHERE id = '" + made.session().id() + "'")));
        getAs(token, "/api/v1/payments/" + made.id()).expectBody()
                .jsonPath("$.refunds.length()").isEqualTo(1)
                .jsonPath("$.refunds[0].status").isEqualTo("PROCESSED")
                .jsonPath("$.payable.refundedMinor").isEqualTo(50_000)
                .jsonPath("$.payable.refundableMinor").isEqualTo(100_000);

        refundAs(token, made.id().toString(), "refund-2-" + made.id(), """
                {"reason":"Refund the rest"}""")
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.refund.amountMinor").isEqualTo(100_000).jsonPath("$.refundableMinor").isEqualTo(0);
        expectProblem(refundAs(token, made.id().toString(), "refund-3-" + made.id(), """
                {"amount":"1.00","reason":"One more"}"""), 409, "amount");
        refundWebhook(made, restAtRazorpay, 100_000, "refund.processed");
        await().atMost(Duration.ofSeconds(30)).until(() -> "REFUNDED".equals(
                text("SELECT payment_state FROM payable WHERE id = '" + made.session().id() + "'")));

        getAs(token, "/api/v1/payments/" + made.id()).expectBody()
                .jsonPath("$.payable.paymentState").isEqualTo("REFUNDED")
                .jsonPath("$.payable.refundedMinor").isEqualTo(150_000)
                .jsonPath("$.payment.refundedMinor").isEqualTo(150_000)
                .jsonPath("$.refunds.length()").isEqualTo(2)
                .jsonPath("$.refunds[0].status").isEqualTo("PROCESSED")
                .jsonPath("$.refunds[0].razorpayRefundId").isEqualTo(firstAtRazorpay)
                .jsonPath("$.refunds[1].status").isEqualTo("PROCESSED")
                .jsonPath("$.webhooks.length()").isEqualTo(3);

        // 2.5 % platform fee (the ITs' setting) of 150000 is 3750; Razorpay keeps its 3540 fee on a refund.
        getAs(token, "/api/v1/payments/ledger").expectStatus().isOk().expectBody()
                .jsonPath("$.consultantId").isEqualTo(consultant.toString())
                .jsonPath("$.totals[0].grossCapturedMinor").isEqualTo(150_000)
                .jsonPath("$.totals[0].razorpayFeeMinor").isEqualTo(3540)
                .jsonPath("$.totals[0].razorpayTaxMinor").isEqualTo(540)
                .jsonPath("$.totals[0].platformFeeMinor").isEqualTo(3750)
                .jsonPath("$.totals[0].refundsMinor").isEqualTo(150_000)
                .jsonPath("$.totals[0].netOwedMinor").isEqualTo(-7290)
                .jsonPath("$.totals[0].netOwed").isEqualTo("-72.90")
                .jsonPath("$.totals[0].entries").isEqualTo(5);
        getAs(token, uri -> uri.path("/api/v1/payments/ledger/entries").queryParam("size", 2).queryParam("sort", "createdAt,asc").build())
                .expectStatus().isOk().expectBody()
                .jsonPath("$.totalItems").isEqualTo(5)
                .jsonPath("$.totalPages").isEqualTo(3)
                .jsonPath("$.items[0].type").isEqualTo("CAPTURE")
                .jsonPath("$.items[0].amount").isEqualTo("1500.00");
        getAs(token, uri -> uri.path("/api/v1/payments/ledger").queryParam("to", Instant.now().minus(Duration.ofDays(1))).build())
                .expectBody().jsonPath("$.totals.length()").isEqualTo(0);
    }

    @Test
    void theSameIdempotencyKeyAndBodyGetTheSameAnswerOnceAndAnotherBodyIsRefused() {
        UUID consultant = UUID.randomUUID();
        String token = consultant(consultant);
        Made made = paid(consultant);
        razorpayAcceptsRefund(made.payment(), 25_050);
        String key = "refund-" + UUID.randomUUID();
        String body = """
                {"amount":"250.50","reason":"Partial refund"}""";

        String first = refundAs(token, made.id().toString(), key, body).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();
        String again = refundAs(token, made.id().toString(), key, body).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(again).isEqualTo(first);
        assertThat(refunds(made)).isEqualTo(1);
        assertThat(count("SELECT refund_reserved_minor FROM payable WHERE id = '" + made.session().id() + "'")).isEqualTo(25_050);
        razorpay.verify(1, postRequestedFor(urlPathEqualTo("/v1/payments/" + made.payment() + "/refund")));

        refundAs(token, made.id().toString(), key, """
                {"amount":"250.00","reason":"Partial refund"}""")
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith("application/problem+json");
        assertThat(refunds(made)).isEqualTo(1);
    }

    @Test
    void concurrentRefundsNeverExceedTheCapture() {
        UUID consultant = UUID.randomUUID();
        String token = consultant(consultant);
        Made made = paid(consultant);
        razorpayAcceptsRefund(made.payment(), 100_000);

        List<CompletableFuture<Integer>> requests = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.supplyAsync(() ->
                refundAs(token, made.id().toString(), "concurrent-" + i + "-" + made.id(), """
                        {"amount":"1000.00","reason":"Two tabs"}""").returnResult(String.class).getStatus().value())).toList();
        List<Integer> statuses = requests.stream().map(CompletableFuture::join).toList();

        assertThat(statuses).containsExactlyInAnyOrder(202, 409, 409, 409);
        assertThat(refunds(made)).isEqualTo(1);
        assertThat(count("SELECT refund_reserved_minor FROM payable WHERE id = '" + made.session().id() + "'")).isEqualTo(100_000);
    }

    @Test
    void aFailedRefundIsVisibleCountedAndItsAmountCanBeRefundedAgain() {
        UUID consultant = UUID.randomUUID();
        String token = consultant(consultant);
        Made made = paid(consultant);
        String atRazorpay = razorpayAcceptsRefund(made.payment(), 150_000);
        double failedBefore = meters.counter("nakksha.payments.refunds.failed", "kind", "REQUESTED").count();

        refundAs(token, made.id().toString(), "refund-" + UUID.randomUUID(), """
                {"reason":"Client asked"}""").expectStatus().isAccepted();
        await().atMost(Duration.ofSeconds(30)).until(() -> atRazorpay.equals(
                text("SELECT razorpay_refund_id FROM refund WHERE payable_id = '" + made.session().id() + "'")));
        refundWebhook(made, atRazorpay, 150_000, "refund.failed");
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(
                text("SELECT status FROM refund WHERE payable_id = '" + made.session().id() + "'")));

        getAs(token, "/api/v1/payments/" + made.id()).expectBody()
                .jsonPath("$.refunds[0].status").isEqualTo("FAILED")
                .jsonPath("$.refunds[0].errorDescription").exists()
                .jsonPath("$.payable.paymentState").isEqualTo("PAID")
                .jsonPath("$.payable.refundableMinor").isEqualTo(150_000);
        assertThat(meters.counter("nakksha.payments.refunds.failed", "kind", "REQUESTED").count()).isEqualTo(failedBefore + 1);
        web.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus").exchange().expectBody(String.class)
                .value(scrape -> assertThat(scrape).contains("nakksha_payments_refunds_failed_total{"));

        razorpayAcceptsRefund(made.payment(), 150_000);
        refundAs(token, made.id().toString(), "refund-" + UUID.randomUUID(), """
                {"reason":"Second try"}""").expectStatus().isAccepted()
                .expectBody().jsonPath("$.refund.amountMinor").isEqualTo(150_000);
    }

    @Test
    void anAdminSeesEveryConsultantsPaymentsRejectedWebhooksAndReconciliationRuns() {
        UUID consultant = UUID.randomUUID();
        Made made = paid(consultant);
        Made other = paid(UUID.randomUUID());
        String admin = admin();

        getAs(admin, uri -> uri.path("/api/v1/payments/admin/payments").queryParam("consultantId", consultant).build())
                .expectStatus().isOk().expectBody()
                .jsonPath("$.totalItems").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(made.id().toString())
                .jsonPath("$.items[0].consultantId").isEqualTo(consultant.toString());
        getAs(admin, uri -> uri.path("/api/v1/payments/admin/payments").queryParam("size", 100).build()).expectBody()
                .jsonPath("$.items[*].id").value(hasItem(other.id().toString()));
        getAs(admin, "/api/v1/payments/admin/payments/" + other.id()).expectStatus().isOk().expectBody()
                .jsonPath("$.payment.id").isEqualTo(other.id().toString());
        getAs(admin, uri -> uri.path("/api/v1/payments/admin/ledger").queryParam("consultantId", consultant).build())
                .expectStatus().isOk().expectBody().jsonPath("$.totals[0].grossCapturedMinor").isEqualTo(150_000);
        getAs(admin, uri -> uri.path("/api/v1/payments/admin/ledger/entries").queryParam("consultantId", consultant).build())
                .expectStatus().isOk().expectBody().jsonPath("$.totalItems").isEqualTo(3);

        String forgedEvent = "evt_forged_" + suffix();
        byte[] body = RazorpaySamples.withIds("02-payment.captured.json", "pay_" + suffix(), made.order());
        deliver(body, forgedEvent, RazorpaySamples.sign("not-the-webhook-secret", body)).expectStatus().isBadRequest();
        getAs(admin, uri -> uri.path("/api/v1/payments/admin/webhooks").queryParam("state", "REJECTED").queryParam("size", 100).build())
                .expectStatus().isOk().expectBody()
                .jsonPath("$.items[?(@.eventId == '" + forgedEvent + "')].signatureValid").isEqualTo(false)
                .jsonPath("$.items[?(@.eventId == '" + forgedEvent + "')].bodyBytes").isEqualTo(body.length)
                .jsonPath("$.items[0].body").doesNotExist()
                .jsonPath("$.items[0].headers").doesNotExist();
        getAs(admin, uri -> uri.path("/api/v1/payments/admin/webhooks").queryParam("state", "PROCESSED").build())
                .expectBody().jsonPath("$.items[*].state").value(not(hasItem("REJECTED")));

        reconciledCapture();
        getAs(admin, "/api/v1/payments/admin/reconciliations").expectStatus().isOk().expectBody()
                .jsonPath("$.totals.capturesApplied").value(captures -> assertThat(((Number) captures).longValue()).isPositive())
                .jsonPath("$.items[?(@.capturesApplied > 0)]").exists();
    }

    /** A capture whose webhook never came, found by reconciliation (as {@code OrderReconciliationIT} sets it up). */
    private void reconciledCapture() {
        BookedSession session = booked(150_000);
        String suffix = suffix();
        String order = "order_" + suffix;
        ordered(session, order);
        razorpay.stubFor(get("/v1/orders/" + order + "/payments").willReturn(okJson("""
                {"entity":"collection","count":1,"items":[
                 {"id":"pay_%s","entity":"payment","amount":150000,"currency":"INR","status":"captured","order_id":"%s",
                  "method":"upi","captured":true,"fee":3540,"tax":540,"notes":[]}]}""".formatted(suffix, order))));
        // Runs of earlier tests may have applied captures: wait for this one's run, which a pass records after its orders.
        long runsBefore = count("SELECT count(*) FROM reconciliation_run WHERE captures_applied > 0");
        database.sql("UPDATE payment_order SET created_at = created_at - interval '1 hour' WHERE razorpay_order_id = :order")
                .bind("order", order).then().block();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM reconciliation_run WHERE captures_applied > 0") > runsBefore
                && "PAID".equals(text("SELECT payment_state FROM payable WHERE id = '" + session.id() + "'")));
    }
}
