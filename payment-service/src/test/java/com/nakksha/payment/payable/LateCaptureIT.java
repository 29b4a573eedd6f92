package com.nakksha.payment.payable;

import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentDeclineReason;
import com.nakksha.events.PaymentReturned;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionPaymentDeclined;
import com.nakksha.payment.AbstractPaymentIT;
import com.nakksha.payment.webhook.RazorpaySamples;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.PublishedEvents;
import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A capture that arrives after the session's hold expired (DESIGN.md, holds and payments in flight):
 * payment-service keeps it and says it was late; booking confirms the session (the payable ends PAID) or
 * declines the payment because the slot was taken (the capture is returned in full, the payable ends RETURNED).
 */
class LateCaptureIT extends AbstractPaymentIT {

    private record Late(BookedSession session, String order, String payment, PaymentCaptured captured) {
    }

    /** A booked session with an order, abandoned by booking, then paid at Razorpay. */
    private Late capturedAfterTheHoldExpired() {
        BookedSession session = booked(150_000);
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        String order = "order_" + suffix;
        String payment = "pay_" + suffix;
        ordered(session, order);
        send(Topic.BOOKING_SESSION, session.id().toString(), SessionAbandoned.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(session.consultantId())
                .setSessionId(session.id()).setHoldExpiredAt(now()).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> "ABANDONED".equals(payable(session, "availability")));

        deliverSigned(RazorpaySamples.withIds("02-payment.captured.json", payment, order), "evt_c_" + suffix).expectStatus().isOk();

        PaymentCaptured captured = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class,
                event -> event.getPayableId().equals(session.id()));
        return new Late(session, order, payment, captured);
    }

    @Test
    void aLateCaptureIsKeptAndMarkedLateAndStaysPaidWhenBookingConfirmsTheSession() {
        Late late = capturedAfterTheHoldExpired();

        assertThat(late.captured().getCapturedAfterHoldExpiry()).isTrue();
        assertThat(late.captured().getProviderPaymentId()).isEqualTo(late.payment());
        assertThat(late.captured().getAmountMinor()).isEqualTo(150_000L);
        assertThat(payable(late.session(), "payment_state")).isEqualTo("PAID");

        send(Topic.BOOKING_SESSION, late.session().id().toString(), SessionConfirmed.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(late.session().consultantId())
                .setSessionId(late.session().id()).setClientId(UUID.randomUUID())
                .setStartsAt(now().plus(Duration.ofDays(2))).setEndsAt(now().plus(Duration.ofDays(2)).plus(Duration.ofHours(1)))
                .build());

        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(payable(late.session(), "availability")));
        assertThat(payable(late.session(), "payment_state")).isEqualTo("PAID");
        assertThat(count("SELECT count(*) FROM refund WHERE payable_id = '" + late.session().id() + "'")).isZero();
        assertThat(count("SELECT sum(amount_minor) FROM ledger_entry WHERE payable_id = '" + late.session().id()
                + "' AND entry_type = 'CAPTURE'")).isEqualTo(150_000L);
        razorpay.verify(0, postRequestedFor(urlPathEqualTo("/v1/payments/" + late.payment() + "/refund")));
    }

    @Test
    void aLateCaptureBookingDeclinesIsReturnedInFullOnceAndThePayableEndsReturnedWithNothingOwed() {
        Late late = capturedAfterTheHoldExpired();
        razorpay.stubFor(post("/v1/payments/" + late.payment() + "/refund").willReturn(okJson("""
                {"id":"rfnd_%s","entity":"refund","amount":150000,"currency":"INR","payment_id":"%s","status":"pending"}"""
                .formatted(late.payment().substring(4), late.payment()))));

        SessionPaymentDeclined declined = SessionPaymentDeclined.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(late.session().consultantId())
                .setSessionId(late.session().id()).setPaymentId(late.captured().getPaymentId())
                .setProviderPaymentId(late.payment()).setAmountMinor(150_000L).setCurrency("INR")
                .setReason(PaymentDeclineReason.SLOT_TAKEN).build();
        send(Topic.BOOKING_SESSION, late.session().id().toString(), declined);
        send(Topic.BOOKING_SESSION, late.session().id().toString(), declined);

        PaymentReturned returned = PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentReturned.class,
                event -> event.getPayableId().equals(late.session().id()));
        assertThat(returned.getPaymentId()).isEqualTo(late.captured().getPaymentId());
        assertThat(returned.getProviderPaymentId()).isEqualTo(late.payment());
        assertThat(returned.getAmountMinor()).isEqualTo(150_000L);
        assertThat(returned.getReason()).contains("slot was booked by someone else");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> razorpay.verify(1,
                postRequestedFor(urlPathEqualTo("/v1/payments/" + late.payment() + "/refund"))
                        .withRequestBody(matchingJsonPath("$.amount", equalTo("150000")))
                        .withHeader("X-Refund-Idempotency", matching("[0-9a-f]{32}"))));

        assertThat(payable(late.session(), "payment_state")).isEqualTo("RETURNED");
        assertThat(payable(late.session(), "captured_payment_id")).isNull();
        assertThat(text("SELECT disposition FROM payment_attempt WHERE razorpay_payment_id = '" + late.payment() + "'"))
                .isEqualTo("RETURNED");
        assertThat(count("SELECT count(*) FROM refund WHERE payable_id = '" + late.session().id()
                + "' AND kind = 'RETURNED_CAPTURE'")).isEqualTo(1);
        assertThat(count("SELECT sum(amount_minor) FROM ledger_entry WHERE payable_id = '" + late.session().id() + "'")).isZero();
        // Another session of the same consultant, paid and kept, in the same period.
        BookedSession kept = booked(150_000, late.session().consultantId());
        String keptSuffix = UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        ordered(kept, "order_" + keptSuffix);
        deliverSigned(RazorpaySamples.withIds("02-payment.captured.json", "pay_" + keptSuffix, "order_" + keptSuffix),
                "evt_k_" + keptSuffix).expectStatus().isOk();
        PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class, event -> event.getPayableId().equals(kept.id()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM ledger_entry WHERE payable_id = '" + kept.id() + "'") == 3);

        // The consultant's totals hold only the kept capture; the given-back one is out of gross and fees and shown
        // on its own, so net = gross - Razorpay fee - platform fee - refunds (150000 - 3540 - 3750, the fee 2.5 %).
        web.get().uri("/api/v1/payments/ledger")
                .headers(headers -> headers.setBearerAuth(TestTokens.approvedConsultant(late.session().consultantId())))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.totals.length()").isEqualTo(1)
                .jsonPath("$.totals[0].grossCapturedMinor").isEqualTo(150_000)
                .jsonPath("$.totals[0].razorpayFeeMinor").isEqualTo(3540)
                .jsonPath("$.totals[0].razorpayTaxMinor").isEqualTo(540)
                .jsonPath("$.totals[0].platformFeeMinor").isEqualTo(3750)
                .jsonPath("$.totals[0].refundsMinor").isEqualTo(0)
                .jsonPath("$.totals[0].netOwedMinor").isEqualTo(150_000 - 3540 - 3750)
                .jsonPath("$.totals[0].netOwed").isEqualTo("1427.10")
                .jsonPath("$.totals[0].returnedCapturesMinor").isEqualTo(150_000)
                .jsonPath("$.totals[0].returnedCaptures").isEqualTo("1500.00");
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.PAYMENT_PAYMENT, PaymentReturned.class,
                event -> event.getPayableId().equals(late.session().id()))).hasSize(1);
    }

    private String payable(BookedSession session, String column) {
        return text("SELECT " + column + " FROM payable WHERE id = '" + session.id() + "'");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
