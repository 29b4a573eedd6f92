package com.nakksha.quotation;

import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Bad input on every endpoint answers a problem+json 4xx naming the field and changes nothing; callers
 * without a token or approval are refused.
 */
class BadInputIT extends AbstractQuotationIT {

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = draft(Map.of());
        body.put(field, value);
        return body;
    }

    private static Map<String, Object> without(String field) {
        Map<String, Object> body = draft(Map.of());
        body.remove(field);
        return body;
    }

    /** Each bad draft and the field its problem names. */
    private static List<Map.Entry<String, Map<String, Object>>> badDrafts() {
        List<Map.Entry<String, Map<String, Object>>> cases = new ArrayList<>();
        cases.add(Map.entry("name", without("name")));
        cases.add(Map.entry("name", with("name", "  ")));
        cases.add(Map.entry("name", with("name", "n".repeat(301))));
        cases.add(Map.entry("clientName", without("clientName")));
        cases.add(Map.entry("clientEmail", without("clientEmail")));
        cases.add(Map.entry("clientEmail", with("clientEmail", "not-an-email")));
        cases.add(Map.entry("clientId", with("clientId", UUID.randomUUID().toString())));
        cases.add(Map.entry("clientId", with("clientId", "not-a-uuid")));
        cases.add(Map.entry("baseAmount", without("baseAmount")));
        cases.add(Map.entry("baseAmount", with("baseAmount", "0.99")));
        cases.add(Map.entry("baseAmount", with("baseAmount", "-5")));
        cases.add(Map.entry("baseAmount", with("baseAmount", "10.001")));
        cases.add(Map.entry("baseAmount", with("baseAmount", "10000000.01")));
        cases.add(Map.entry("baseAmount", with("baseAmount", "1e400")));
        cases.add(Map.entry("baseAmount", with("baseAmount", "lots")));
        cases.add(Map.entry("discountPercentage", with("discountPercentage", "100.01")));
        cases.add(Map.entry("discountPercentage", with("discountPercentage", "-1")));
        cases.add(Map.entry("discountPercentage", with("discountPercentage", "12.345")));
        cases.add(Map.entry("discountPercentage", with("discountPercentage", "100")));
        cases.add(Map.entry("currency", with("currency", "USD")));
        cases.add(Map.entry("currency", with("currency", "RUPEES")));
        cases.add(Map.entry("expiresAt", with("expiresAt", "2020-01-01T00:00:00Z")));
        cases.add(Map.entry("expiresAt", with("expiresAt", "tomorrow")));
        cases.add(Map.entry("imageUrl", with("imageUrl", "javascript:alert(1)")));
        cases.add(Map.entry("imageUrl", with("imageUrl", "https://x/" + "i".repeat(500))));
        cases.add(Map.entry("description", with("description", "d".repeat(5001))));
        cases.add(Map.entry("notes", with("notes", "n".repeat(5001))));
        cases.add(Map.entry("validityText", with("validityText", "v".repeat(101))));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> badDraftsAreRefusedOnCreateAndEdit() {
        UUID consultant = UUID.randomUUID();
        UUID existing = createId(consultant, draft(Map.of("name", "Untouched")));
        WebTestClient dashboard = dashboardOf(consultant);
        return badDrafts().stream().map(bad -> dynamicTest(bad.getKey() + " " + bad.getValue().get(bad.getKey()), () -> {
            dashboard.post().uri("/api/v1/quotations").header("Idempotency-Key", UUID.randomUUID().toString())
                    .bodyValue(bad.getValue()).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[?(@.field == '" + bad.getKey() + "')]").exists();
            dashboard.put().uri("/api/v1/quotations/{id}", existing).bodyValue(bad.getValue()).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[?(@.field == '" + bad.getKey() + "')]").exists();
            assertThat(count("SELECT count(*) FROM quotation WHERE consultant_id = '" + consultant + "'")).isEqualTo(1);
            dashboard.get().uri("/api/v1/quotations/{id}", existing).exchange().expectBody().jsonPath("$.name").isEqualTo("Untouched");
        }));
    }

    @Test
    void malformedBodiesAndIdsAre400() {
        UUID consultant = UUID.randomUUID();
        WebTestClient dashboard = dashboardOf(consultant);
        dashboard.post().uri("/api/v1/quotations").header("Idempotency-Key", "m-1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": ").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        dashboard.post().uri("/api/v1/quotations").header("Idempotency-Key", "m-2").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[]").exchange().expectStatus().isBadRequest();
        dashboard.post().uri("/api/v1/quotations").header("Idempotency-Key", "k".repeat(201))
                .bodyValue(draft(Map.of())).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        for (String path : List.of("/api/v1/quotations/not-a-uuid", "/api/v1/quotations/not-a-uuid/pdf")) {
            dashboard.get().uri(path).exchange().expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        dashboard.put().uri("/api/v1/quotations/not-a-uuid").bodyValue(draft(Map.of())).exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        UUID existing = createId(consultant, draft(Map.of("name", "Untouched")));
        dashboard.put().uri("/api/v1/quotations/{id}", existing).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": ")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        dashboard.put().uri("/api/v1/quotations/{id}", existing).contentType(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isBadRequest();
        dashboard.get().uri("/api/v1/quotations/{id}", existing).exchange().expectBody().jsonPath("$.name").isEqualTo("Untouched");
        for (String action : List.of("send", "duplicate", "withdraw")) {
            dashboard.post().uri("/api/v1/quotations/not-a-uuid/" + action).header("Idempotency-Key", "x")
                    .exchange().expectStatus().isBadRequest();
        }
        dashboard.post().uri("/api/v1/quotations/{id}/send", UUID.randomUUID()).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        dashboard.get().uri("/api/v1/quotations/{id}", UUID.randomUUID()).exchange().expectStatus().isNotFound();
    }

    @TestFactory
    Stream<DynamicTest> badListParametersAre400() {
        WebTestClient dashboard = dashboardOf(UUID.randomUUID());
        Map<String, String> cases = new HashMap<>();
        cases.put("status=OPENED", "status");
        cases.put("clientId=nope", "clientId");
        cases.put("from=yesterday", "from");
        cases.put("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to");
        cases.put("minAmount=-1", "minAmount");
        cases.put("minAmount=1.001", "minAmount");
        cases.put("maxAmount=ten", "maxAmount");
        cases.put("minAmount=500&maxAmount=100", "maxAmount");
        cases.put("q=" + "q".repeat(201), "q");
        cases.put("size=0", "size");
        cases.put("size=101", "size");
        cases.put("page=-1", "page");
        cases.put("sort=client_email,asc", "sort");
        cases.put("sort=name,sideways", "sort");
        return cases.entrySet().stream().sorted(Map.Entry.comparingByKey()).flatMap(bad -> Stream.of("", "/totals")
                .filter(path -> path.isEmpty() || !bad.getValue().matches("size|page|sort"))
                .map(path -> dynamicTest(path + "?" + bad.getKey(), () ->
                        dashboard.get().uri("/api/v1/quotations" + path + "?" + bad.getKey()).exchange()
                                .expectStatus().isBadRequest()
                                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))));
    }

    /** The share link's secret is the only input of view and accept: a malformed or unknown one is a 404 problem. */
    @TestFactory
    Stream<DynamicTest> badShareTokensAre404OnEveryLinkEndpoint() {
        Shared shared = shared();
        String wrongCase = shared.token().toUpperCase(java.util.Locale.ROOT).equals(shared.token())
                ? shared.token().toLowerCase(java.util.Locale.ROOT) : shared.token().toUpperCase(java.util.Locale.ROOT);
        List<String> tokens = List.of("x".repeat(43), "short", "a".repeat(200), "not+a+token", shared.token() + "A",
                shared.token().substring(1), wrongCase, shared.quotationId().toString());
        return tokens.stream().flatMap(token -> Stream.of(
                dynamicTest("GET link " + token, () -> browser("203.0.113.7").get().uri("/api/v1/public/quotations/{t}", token)
                        .exchange().expectStatus().isNotFound()
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)),
                dynamicTest("accept " + token, () -> browser("203.0.113.7").post().uri("/api/v1/public/quotations/{t}/accept", token)
                        .exchange().expectStatus().isNotFound()
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)),
                dynamicTest("reject " + token, () -> browser("203.0.113.7").post().uri("/api/v1/public/quotations/{t}/reject", token)
                        .bodyValue(Map.of("reason", "no")).exchange().expectStatus().isNotFound()
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)),
                dynamicTest("the real link is untouched after " + token, () -> {
                    assertThat(statusOf(shared.quotationId())).isEqualTo("SENT");
                    assertThat(count("SELECT view_count FROM quotation WHERE id = '" + shared.quotationId() + "'")).isZero();
                })));
    }

    @Test
    void aLongRejectionReasonIsRefusedAndChangesNothing() {
        Shared shared = shared();
        browser("203.0.113.7").post().uri("/api/v1/public/quotations/{token}/reject", shared.token())
                .bodyValue(Map.of("reason", "r".repeat(1001))).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        browser("203.0.113.7").post().uri("/api/v1/public/quotations/{token}/reject", shared.token())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\": 12").exchange().expectStatus().isBadRequest();
        assertThat(statusOf(shared.quotationId())).isEqualTo("SENT");
    }

    @Test
    void theDashboardNeedsAnApprovedConsultant() {
        UUID consultant = UUID.randomUUID();
        web.get().uri("/api/v1/quotations").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/v1/quotations").headers(h -> h.setBearerAuth(TestTokens.expired())).exchange().expectStatus().isUnauthorized();
        web.post().uri("/api/v1/quotations").headers(h -> h.setBearerAuth(TestTokens.consultant(consultant, "PENDING_APPROVAL")))
                .header("Idempotency-Key", "p-1").bodyValue(draft(Map.of())).exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/quotations").headers(h -> h.setBearerAuth(TestTokens.admin(UUID.randomUUID())))
                .exchange().expectStatus().isForbidden();
        assertThat(count("SELECT count(*) FROM quotation WHERE consultant_id = '" + consultant + "'")).isZero();
    }
}
