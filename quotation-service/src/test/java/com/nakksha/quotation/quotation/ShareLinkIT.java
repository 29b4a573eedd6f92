package com.nakksha.quotation.quotation;

import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.QuotationExpired;
import com.nakksha.events.QuotationRejected;
import com.nakksha.events.QuotationViewed;
import com.nakksha.events.QuotationWithdrawn;
import com.nakksha.quotation.AbstractQuotationIT;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.PublishedEvents;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The client's share link: viewing, throttled view events, accepting, rejecting, withdrawal and expiry. */
class ShareLinkIT extends AbstractQuotationIT {

    private static final String LINK = "/api/v1/public/quotations/{token}";

    @Autowired
    private ExpiryJob expiryJob;

    @Test
    void theFirstViewMarksItViewedAndShowsNoInternals() {
        Shared shared = shared();
        announceProfile(shared.consultantId(), "Asha", "Rao", 3);
        Map<String, Object> view = browser("203.0.113.7").get().uri(LINK, shared.token()).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(view).containsEntry("status", "VIEWED").containsEntry("consultantName", "Asha Rao")
                .containsEntry("clientName", "Ravi Kumar").containsEntry("finalAmount", 1350.00)
                .doesNotContainKeys("id", "consultantId", "notes", "viewCount");
        assertThat(view.toString()).doesNotContain(shared.quotationId().toString(), shared.consultantId().toString());
        assertThat(statusOf(shared.quotationId())).isEqualTo("VIEWED");
        QuotationViewed viewed = PublishedEvents.await(Topic.QUOTATION_QUOTATION, QuotationViewed.class,
                event -> event.getQuotationId().equals(shared.quotationId()));
        assertThat(viewed.getViewCount()).isEqualTo(1);
    }

    @Test
    void everyViewCountsButViewedIsThrottledPerViewer() {
        Shared shared = shared();
        WebTestClient ravi = browser("203.0.113.7");
        ravi.get().uri(LINK, shared.token()).exchange().expectStatus().isOk();
        ravi.get().uri(LINK, shared.token()).exchange().expectStatus().isOk();
        ravi.get().uri(LINK, shared.token()).exchange().expectStatus().isOk();
        browser("198.51.100.9").get().uri(LINK, shared.token()).exchange().expectStatus().isOk();
        clock.advance(Duration.ofMinutes(61));
        ravi.get().uri(LINK, shared.token()).exchange().expectStatus().isOk();

        assertThat(count("SELECT view_count FROM quotation WHERE id = '" + shared.quotationId() + "'")).isEqualTo(5);
        Map<String, Object> onDashboard = dashboardOf(shared.consultantId()).get().uri("/api/v1/quotations/{id}", shared.quotationId())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(onDashboard).containsEntry("status", "VIEWED").containsEntry("viewCount", 5);
        assertThat(Instant.parse((String) onDashboard.get("lastViewedAt")))
                .isAfterOrEqualTo(Instant.parse((String) onDashboard.get("viewedAt")).plus(Duration.ofMinutes(61)));
        assertThat(PublishedEvents.within(Duration.ofSeconds(3), Topic.QUOTATION_QUOTATION, QuotationViewed.class,
                event -> event.getQuotationId().equals(shared.quotationId())))
                .extracting(QuotationViewed::getViewCount).containsExactly(1, 4, 5);
    }

    @Test
    void linkScannersAndPrefetchesDoNotCountAsTheClientsView() {
        Shared shared = shared();
        web.get().uri(LINK, shared.token()).header("User-Agent", "Mozilla/5.0 (compatible; Proofpoint URL Defense)")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("SENT");
        browser("203.0.113.7").get().uri(LINK, shared.token()).header("Sec-Purpose", "prefetch")
                .exchange().expectStatus().isOk();
        web.get().uri(LINK, shared.token()).header("User-Agent", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")
                .exchange().expectStatus().isOk();
        assertThat(count("SELECT view_count FROM quotation WHERE id = '" + shared.quotationId() + "'")).isZero();
        assertThat(statusOf(shared.quotationId())).isEqualTo("SENT");
    }

    @Test
    void unknownOrMalformedTokensAreNotFound() {
        shared();
        for (String token : new String[] {"x".repeat(43), "short", "a".repeat(200), "not+a+token", UUID.randomUUID().toString()}) {
            browser("203.0.113.7").get().uri("/api/v1/public/quotations/" + token).exchange()
                    .expectStatus().isNotFound().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            browser("203.0.113.7").post().uri("/api/v1/public/quotations/" + token + "/accept").exchange().expectStatus().isNotFound();
            browser("203.0.113.7").post().uri("/api/v1/public/quotations/" + token + "/reject").exchange().expectStatus().isNotFound();
        }
    }

    @Test
    void acceptingRaisesQuotationAcceptedWithWhatPaymentNeeds() {
        UUID consultant = UUID.randomUUID();
        UUID id = createId(consultant, draft(Map.of("name", "Brand strategy")));
        String token = send(consultant, id);
        WebTestClient ravi = browser("203.0.113.7");
        ravi.get().uri(LINK, token).exchange().expectStatus().isOk();
        Map<String, Object> answer = ravi.post().uri(LINK + "/accept", token).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        Map<String, Object> payment = (Map<String, Object>) answer.get("payment");
        assertThat(payment).containsEntry("payableId", id.toString()).containsEntry("amount", 1350.00)
                .containsEntry("currency", "INR").containsEntry("ordersPath", "/api/v1/payments/orders");
        String capability = (String) payment.get("capability");
        assertThat(capability).matches("[A-Za-z0-9_-]{43}");
        assertThat(statusOf(id)).isEqualTo("ACCEPTED");

        QuotationAccepted accepted = PublishedEvents.await(Topic.QUOTATION_QUOTATION, QuotationAccepted.class,
                event -> event.getQuotationId().equals(id));
        assertThat(accepted.getConsultantId()).isEqualTo(consultant);
        assertThat(accepted.getAmountMinor()).isEqualTo(135000);
        assertThat(accepted.getCurrency()).isEqualTo("INR");
        assertThat(accepted.getClientName()).isEqualTo("Ravi Kumar");
        assertThat(accepted.getClientEmail()).isEqualTo("ravi@example.in");
        assertThat(accepted.getTitle()).isEqualTo("Brand strategy");
        assertThat(accepted.getPaymentCapabilityHash()).isEqualTo(ShareToken.sha256Hex(capability));

        // A retry gets the same capability and raises nothing more; a late reject is refused.
        ravi.post().uri(LINK + "/accept", token).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.payment.capability").isEqualTo(capability);
        ravi.post().uri(LINK + "/reject", token).bodyValue(Map.of("reason", "changed my mind")).exchange()
                .expectStatus().isEqualTo(409);
        assertThat(PublishedEvents.within(Duration.ofSeconds(2), Topic.QUOTATION_QUOTATION, QuotationAccepted.class,
                event -> event.getQuotationId().equals(id))).hasSize(1);
    }

    @Test
    void concurrentAcceptsAcceptOnceAndAllGetTheSameCapability() {
        Shared shared = shared();
        List<String> capabilities = Flux.range(0, 6)
                .flatMap(i -> Mono.fromCallable(() -> browser("203.0.113." + i).post().uri(LINK + "/accept", shared.token())
                                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody())
                        .subscribeOn(Schedulers.boundedElastic())
                        .map(answer -> (String) ((Map<?, ?>) answer.get("payment")).get("capability")))
                .collectList().block();
        assertThat(capabilities).hasSize(6).containsOnly(capabilities.getFirst());
        assertThat(PublishedEvents.within(Duration.ofSeconds(3), Topic.QUOTATION_QUOTATION, QuotationAccepted.class,
                event -> event.getQuotationId().equals(shared.quotationId()))).hasSize(1);
        assertThat(count("SELECT count(*) FROM quotation_history WHERE action = 'ACCEPTED' AND quotation_id = '"
                + shared.quotationId() + "'")).isEqualTo(1);
    }

    @Test
    void rejectingKeepsTheReasonAndEndsTheQuotation() {
        Shared shared = shared();
        browser("203.0.113.7").post().uri(LINK + "/reject", shared.token()).bodyValue(Map.of("reason", "Over budget"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("REJECTED");
        assertThat(PublishedEvents.await(Topic.QUOTATION_QUOTATION, QuotationRejected.class,
                event -> event.getQuotationId().equals(shared.quotationId())).getReason()).isEqualTo("Over budget");
        browser("203.0.113.7").post().uri(LINK + "/accept", shared.token()).exchange().expectStatus().isEqualTo(409);
        dashboardOf(shared.consultantId()).get().uri("/api/v1/quotations/{id}", shared.quotationId()).exchange()
                .expectBody().jsonPath("$.rejectionReason").isEqualTo("Over budget").jsonPath("$.respondedAt").isNotEmpty();
    }

    /** The client's reject went through but its answer was lost (a 503 from the gateway), so the browser tries again. */
    @Test
    void rejectingAgainAnswersAsTheFirstTimeAndChangesNothing() {
        Shared shared = shared();
        WebTestClient ravi = browser("203.0.113.7");
        Map<String, Object> first = ravi.post().uri(LINK + "/reject", shared.token()).bodyValue(Map.of("reason", "Over budget"))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(first).containsEntry("status", "REJECTED");
        Map<String, Object> before = dashboardOf(shared.consultantId()).get().uri("/api/v1/quotations/{id}", shared.quotationId())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        clock.advance(Duration.ofMinutes(1));

        Map<String, Object> again = ravi.post().uri(LINK + "/reject", shared.token()).bodyValue(Map.of("reason", "Over budget"))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(again).isEqualTo(first);
        ravi.post().uri(LINK + "/reject", shared.token()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("REJECTED").jsonPath("$.respondedAt").isEqualTo(first.get("respondedAt"));
        // Bad input is refused on a repeat too.
        ravi.post().uri(LINK + "/reject", shared.token()).bodyValue(Map.of("reason", "r".repeat(1001))).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");

        Map<String, Object> after = dashboardOf(shared.consultantId()).get().uri("/api/v1/quotations/{id}", shared.quotationId())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(after).isEqualTo(before).containsEntry("rejectionReason", "Over budget");
        assertThat(count("SELECT count(*) FROM quotation_history WHERE action = 'REJECTED' AND quotation_id = '"
                + shared.quotationId() + "'")).isEqualTo(1);
        assertThat(PublishedEvents.within(Duration.ofSeconds(3), Topic.QUOTATION_QUOTATION, QuotationRejected.class,
                event -> event.getQuotationId().equals(shared.quotationId())))
                .singleElement().extracting(QuotationRejected::getReason).isEqualTo("Over budget");
        // Another answer is still refused.
        ravi.post().uri(LINK + "/accept", shared.token()).exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void aWithdrawnQuotationsLinkIsGone() {
        Shared shared = shared();
        dashboardOf(shared.consultantId()).post().uri("/api/v1/quotations/{id}/withdraw", shared.quotationId())
                .exchange().expectStatus().isOk();
        QuotationWithdrawn withdrawn = PublishedEvents.await(Topic.QUOTATION_QUOTATION, QuotationWithdrawn.class,
                event -> event.getQuotationId().equals(shared.quotationId()));
        assertThat(withdrawn.getConsultantId()).isEqualTo(shared.consultantId());
        browser("203.0.113.7").get().uri(LINK, shared.token()).exchange().expectStatus().isEqualTo(410)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Quotation withdrawn");
        browser("203.0.113.7").post().uri(LINK + "/accept", shared.token()).exchange().expectStatus().isEqualTo(410)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        browser("203.0.113.7").post().uri(LINK + "/reject", shared.token()).exchange().expectStatus().isEqualTo(410);
        assertThat(statusOf(shared.quotationId())).isEqualTo("WITHDRAWN");
        assertThat(PublishedEvents.within(Duration.ofSeconds(2), Topic.QUOTATION_QUOTATION, QuotationAccepted.class,
                event -> event.getQuotationId().equals(shared.quotationId()))).isEmpty();
    }

    @Test
    void afterTheExpiryAcceptIsRefusedAndTheQuotationExpires() {
        Shared shared = shared();
        clock.advance(Duration.ofDays(31));
        browser("203.0.113.7").post().uri(LINK + "/accept", shared.token()).exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(statusOf(shared.quotationId())).isEqualTo("EXPIRED");
        PublishedEvents.await(Topic.QUOTATION_QUOTATION, QuotationExpired.class,
                event -> event.getQuotationId().equals(shared.quotationId()));
        browser("203.0.113.7").get().uri(LINK, shared.token()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("EXPIRED");
        browser("203.0.113.7").post().uri(LINK + "/reject", shared.token()).exchange().expectStatus().isEqualTo(409);
        assertThat(statusOf(shared.quotationId())).isEqualTo("EXPIRED");
    }

    @Test
    void theExpiryJobExpiresOpenQuotationsPastTheirExpiry() {
        Shared due = shared();
        Shared accepted = shared();
        browser("203.0.113.7").post().uri(LINK + "/accept", accepted.token()).exchange().expectStatus().isOk();
        clock.advance(Duration.ofDays(31));
        expiryJob.expire();
        assertThat(statusOf(due.quotationId())).isEqualTo("EXPIRED");
        assertThat(statusOf(accepted.quotationId())).isEqualTo("ACCEPTED");
        PublishedEvents.await(Topic.QUOTATION_QUOTATION, QuotationExpired.class,
                event -> event.getQuotationId().equals(due.quotationId()));
    }

    @Test
    void aCaptureMarksTheAcceptedQuotationPaidOnce() {
        Shared shared = shared();
        browser("203.0.113.7").post().uri(LINK + "/accept", shared.token()).exchange().expectStatus().isOk();
        PaymentCaptured captured = PaymentCaptured.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(shared.consultantId())
                .setPaymentId(UUID.randomUUID()).setOrderId("order_Q1").setPayableType(PayableType.QUOTATION)
                .setPayableId(shared.quotationId()).setAmountMinor(135000).setCurrency("INR")
                .setProviderPaymentId("pay_Q1").build();
        send(Topic.PAYMENT_PAYMENT, captured.getPaymentId().toString(), captured);
        send(Topic.PAYMENT_PAYMENT, captured.getPaymentId().toString(), captured);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM quotation WHERE paid_at IS NOT NULL AND id = '" + shared.quotationId() + "'") == 1);
        browser("203.0.113.7").get().uri(LINK, shared.token()).exchange().expectBody().jsonPath("$.paid").isEqualTo(true);
        browser("203.0.113.7").post().uri(LINK + "/accept", shared.token()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.payment").doesNotExist();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                count("SELECT count(*) FROM quotation_history WHERE action = 'PAID' AND quotation_id = '" + shared.quotationId() + "'") == 1);
    }
}
