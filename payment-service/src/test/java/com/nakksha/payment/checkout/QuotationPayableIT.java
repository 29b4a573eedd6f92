package com.nakksha.payment.checkout;

import com.nakksha.events.QuotationAccepted;
import com.nakksha.payment.AbstractPaymentIT;
import com.nakksha.payment.webhook.RazorpaySamples;
import com.nakksha.schemas.Topic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;

/**
 * An accepted quotation, as quotation-service announces it (QuotationAccepted v2), becomes a payable
 * the client pays with the capability the accept answer gave them.
 */
class QuotationPayableIT extends AbstractPaymentIT {

    private UUID accepted(String capabilityHash) {
        UUID quotationId = UUID.randomUUID();
        send(Topic.QUOTATION_QUOTATION, quotationId.toString(), QuotationAccepted.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setConsultantId(UUID.randomUUID()).setQuotationId(quotationId)
                .setAmountMinor(135_000).setCurrency("INR")
                .setClientName("Ravi Kumar").setClientEmail("ravi@example.in").setTitle("Website redesign")
                .setPaymentCapabilityHash(capabilityHash)
                .build());
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM payable WHERE id = '" + quotationId + "'") == 1);
        return quotationId;
    }

    @Test
    void theAcceptedQuotationIsPaidThroughAnOrderForItsFinalAmount() {
        String capability = "quotation-capability-" + UUID.randomUUID();
        UUID quotationId = accepted(sha256Hex(capability));
        String receipt = "nks_" + quotationId.toString().replace("-", "");
        razorpay.stubFor(post("/v1/orders").withRequestBody(matchingJsonPath("$.receipt", equalTo(receipt)))
                .withRequestBody(matchingJsonPath("$.amount", equalTo("135000")))
                .willReturn(okJson("""
                        {"id":"order_Quote000001","entity":"order","amount":135000,"amount_paid":0,"amount_due":135000,
                         "currency":"INR","receipt":"%s","status":"created","attempts":0,"notes":[],"created_at":1799834405}"""
                        .formatted(receipt))));

        web.post().uri("/api/v1/payments/orders").bodyValue(Map.of("payableId", quotationId, "capability", capability))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.keyId").isEqualTo(RazorpaySamples.KEY_ID)
                .jsonPath("$.orderId").isEqualTo("order_Quote000001")
                .jsonPath("$.amountMinor").isEqualTo(135_000)
                .jsonPath("$.currency").isEqualTo("INR")
                .jsonPath("$.description").isEqualTo("Website redesign")
                .jsonPath("$.prefill.name").isEqualTo("Ravi Kumar")
                .jsonPath("$.prefill.email").isEqualTo("ravi@example.in");
        razorpay.verify(1, postRequestedFor(urlPathEqualTo("/v1/orders")));
    }

    @Test
    void anotherCapabilityOrAnEventWithoutOneMakesNoOrder() {
        UUID quotationId = accepted(sha256Hex("the-real-capability"));
        web.post().uri("/api/v1/payments/orders").bodyValue(Map.of("payableId", quotationId, "capability", "guessed"))
                .exchange().expectStatus().isNotFound();
        UUID withoutCapability = accepted(null);
        web.post().uri("/api/v1/payments/orders").bodyValue(Map.of("payableId", withoutCapability, "capability", "anything"))
                .exchange().expectStatus().isNotFound();
        razorpay.verify(0, postRequestedFor(urlPathEqualTo("/v1/orders")));
    }
}
