package com.nakksha.payment.dashboard;

import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import org.springframework.http.MediaType;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Who may call what, and what bad input answers: tenant isolation on every consultant endpoint,
 * admin-only endpoints, the approval gate, and a 400/409 problem naming the field with nothing changed.
 */
class PaymentDashboardAccessIT extends AbstractDashboardIT {

    private static final List<String> ADMIN_PATHS = List.of(
            "/api/v1/payments/admin/payments", "/api/v1/payments/admin/payments/" + UUID.randomUUID(),
            "/api/v1/payments/admin/ledger", "/api/v1/payments/admin/ledger/entries",
            "/api/v1/payments/admin/webhooks", "/api/v1/payments/admin/reconciliations");

    @Test
    void anotherConsultantsPaymentIsNotFoundAndNeverListed() {
        UUID owner = UUID.randomUUID();
        Made made = paid(owner);
        String intruder = consultant(UUID.randomUUID());

        getAs(intruder, "/api/v1/payments/" + made.id()).expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        refundAs(intruder, made.id().toString(), "refund-" + UUID.randomUUID(), """
                {"reason":"Not mine"}""").expectStatus().isNotFound();
        getAs(intruder, uri -> uri.path("/api/v1/payments").queryParam("sessionId", made.session().id()).build())
                .expectStatus().isOk().expectBody().jsonPath("$.totalItems").isEqualTo(0);
        getAs(intruder, uri -> uri.path("/api/v1/payments").queryParam("size", 100).build())
                .expectStatus().isOk().expectBody().jsonPath("$.items[*].id").value(not(hasItem(made.id().toString())));
        getAs(intruder, "/api/v1/payments/ledger").expectStatus().isOk().expectBody().jsonPath("$.totals.length()").isEqualTo(0);
        getAs(intruder, "/api/v1/payments/ledger/entries").expectStatus().isOk().expectBody().jsonPath("$.totalItems").isEqualTo(0);

        assertThat(refunds(made)).isZero();
        razorpay.verify(0, anyRequestedFor(urlPathMatching("/v1/payments/.*/refund")));
        getAs(consultant(owner), "/api/v1/payments/" + made.id()).expectStatus().isOk();
    }

    @Test
    void adminEndpointsRefuseConsultantsAndConsultantEndpointsRefuseUnapprovedConsultantsAndAdmins() {
        String approved = consultant(UUID.randomUUID());
        for (String path : ADMIN_PATHS) {
            getAs(approved, path).expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            web.get().uri(path).exchange().expectStatus().isUnauthorized();
        }
        UUID payment = UUID.randomUUID();
        List<String> consultantPaths = List.of("/api/v1/payments", "/api/v1/payments/" + payment, "/api/v1/payments/ledger",
                "/api/v1/payments/ledger/entries");
        for (String token : List.of(TestTokens.consultant(UUID.randomUUID(), "PENDING_APPROVAL"), TestTokens.consultant(UUID.randomUUID(), "REJECTED"),
                admin())) {
            for (String path : consultantPaths) {
                getAs(token, path).expectStatus().isForbidden()
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            }
            refundAs(token, payment.toString(), "key-" + UUID.randomUUID(), """
                    {"reason":"x"}""").expectStatus().isForbidden();
        }
        for (String path : consultantPaths) {
            web.get().uri(path).exchange().expectStatus().isUnauthorized();
        }
    }

    @Test
    void badQueriesAreRefusedNamingTheParameter() {
        String token = consultant(UUID.randomUUID());
        expectProblem(getAs(token, "/api/v1/payments/not-a-uuid"), 400, "id");
        expectProblem(getAs(token, "/api/v1/payments?from=yesterday"), 400, "from");
        expectProblem(getAs(token, "/api/v1/payments?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), 400, "to");
        expectProblem(getAs(token, "/api/v1/payments?size=0"), 400, "size");
        expectProblem(getAs(token, "/api/v1/payments?size=101"), 400, "size");
        expectProblem(getAs(token, "/api/v1/payments?page=-1"), 400, "page");
        expectProblem(getAs(token, "/api/v1/payments?sort=razorpay_payment_id"), 400, "sort");
        expectProblem(getAs(token, "/api/v1/payments?sort=createdAt,sideways"), 400, "sort");
        expectProblem(getAs(token, "/api/v1/payments?status=PAID_OUT"), 400, "status");
        expectProblem(getAs(token, uri -> uri.path("/api/v1/payments").queryParam("method", "up\u0000i").build()), 400, "method");
        expectProblem(getAs(token, uri -> uri.path("/api/v1/payments").queryParam("method", "x".repeat(31)).build()), 400, "method");
        expectProblem(getAs(token, "/api/v1/payments?sessionId=42"), 400, "sessionId");
        expectProblem(getAs(token, "/api/v1/payments?sessionId=" + UUID.randomUUID() + "&quotationId=" + UUID.randomUUID()), 400, "quotationId");
        expectProblem(getAs(token, "/api/v1/payments/ledger?to=tomorrow"), 400, "to");
        expectProblem(getAs(token, "/api/v1/payments/ledger?from=2026-02-01T00:00:00Z&to=2026-02-01T00:00:00Z"), 400, "to");
        expectProblem(getAs(token, "/api/v1/payments/ledger/entries?size=1000"), 400, "size");
        expectProblem(getAs(token, "/api/v1/payments/ledger/entries?sort=type"), 400, "sort");

        String admin = admin();
        expectProblem(getAs(admin, "/api/v1/payments/admin/payments?consultantId=me"), 400, "consultantId");
        expectProblem(getAs(admin, "/api/v1/payments/admin/payments/123"), 400, "id");
        expectProblem(getAs(admin, "/api/v1/payments/admin/ledger?consultantId=me"), 400, "consultantId");
        expectProblem(getAs(admin, "/api/v1/payments/admin/ledger/entries?size=101"), 400, "size");
        expectProblem(getAs(admin, "/api/v1/payments/admin/webhooks?state=BROKEN"), 400, "state");
        expectProblem(getAs(admin, uri -> uri.path("/api/v1/payments/admin/webhooks").queryParam("eventType", "payment\u0000").build()), 400, "eventType");
        expectProblem(getAs(admin, "/api/v1/payments/admin/webhooks?page=-2"), 400, "page");
        expectProblem(getAs(admin, "/api/v1/payments/admin/reconciliations?from=soon"), 400, "from");
        expectProblem(getAs(admin, "/api/v1/payments/admin/reconciliations?size=0"), 400, "size");
    }

    @Test
    void badRefundsAreRefusedNamingTheFieldAndChangeNothing() {
        UUID consultant = UUID.randomUUID();
        String token = consultant(consultant);
        Made made = paid(consultant);
        String id = made.id().toString();

        for (String amount : List.of("-5.00", "0", "0.00", "1.234", "abc", "1e3", "", "12345678901.00")) {
            expectProblem(refundAs(token, id, "key-" + UUID.randomUUID(), """
                    {"amount":"%s","reason":"Refund"}""".formatted(amount)), 400, "amount");
        }
        expectProblem(refundAs(token, id, "key-" + UUID.randomUUID(), """
                {"amount":"1500.01","reason":"Too much"}"""), 409, "amount");
        expectProblem(refundAs(token, id, "key-" + UUID.randomUUID(), "{}"), 400, "reason");
        expectProblem(refundAs(token, id, "key-" + UUID.randomUUID(), """
                {"reason":"   "}"""), 400, "reason");
        expectProblem(refundAs(token, id, "key-" + UUID.randomUUID(), """
                {"reason":"%s"}""".formatted("r".repeat(501))), 400, "reason");
        expectProblem(refundAs(token, id, "key-" + UUID.randomUUID(), """
                {"reason":"nul\\u0000here"}"""), 400, "reason");
        expectProblem(refundAs(token, id, null, """
                {"reason":"No key"}"""), 400, "Idempotency-Key");
        expectProblem(refundAs(token, id, "k".repeat(201), """
                {"reason":"Long key"}"""), 400, "Idempotency-Key");
        expectProblem(refundAs(token, "not-a-uuid", "key-" + UUID.randomUUID(), """
                {"reason":"Bad id"}"""), 400, "id");
        expectProblem(refundAs(token, id, "key-" + UUID.randomUUID(), """
                {"amount":["1"],"reason":"Wrong type"}"""), 400, "amount");
        refundAs(token, id, "key-" + UUID.randomUUID(), "not json").expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(refunds(made)).isZero();
        assertThat(count("SELECT refund_reserved_minor FROM payable WHERE id = '" + made.session().id() + "'")).isZero();
        razorpay.verify(0, anyRequestedFor(urlPathMatching("/v1/payments/.*/refund")));
        getAs(token, "/api/v1/payments/" + id).expectBody().jsonPath("$.payable.refundableMinor").isEqualTo(150_000);
    }

    @Test
    void aPaymentThatIsNotThePayablesCaptureCannotBeRefunded() {
        UUID consultant = UUID.randomUUID();
        Made failedOne = failed(consultant);
        expectProblem(refundAs(consultant(consultant), failedOne.id().toString(), "key-" + UUID.randomUUID(), """
                {"reason":"Nothing was taken"}"""), 409, "id");
        assertThat(refunds(failedOne)).isZero();
    }
}
