package com.nakksha.quotation;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Consultant A, using B's ids on every dashboard endpoint, finds nothing and changes nothing; the share-link
 * endpoints take only the link's secret, so B's quotation ids open nothing there either.
 */
class TenantIsolationIT extends AbstractQuotationIT {

    @TestFactory
    Stream<DynamicTest> anotherConsultantsIdsAnswer404() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID draftOfB = createId(b, draft(Map.of("name", "B's draft")));
        UUID sentOfB = createId(b, draft(Map.of("name", "B's sent")));
        send(b, sentOfB);
        UUID clientOfB = announceClient(b, "B's client", "bee@example.com");
        WebTestClient asA = dashboardOf(a);
        String before = snapshot(b);

        Map<String, Function<WebTestClient, WebTestClient.ResponseSpec>> calls = Map.of(
                "GET quotation", c -> c.get().uri("/api/v1/quotations/{id}", draftOfB).exchange(),
                "PUT quotation", c -> c.put().uri("/api/v1/quotations/{id}", draftOfB).bodyValue(draft(Map.of("name", "mine"))).exchange(),
                "send", c -> c.post().uri("/api/v1/quotations/{id}/send", draftOfB).header("Idempotency-Key", UUID.randomUUID().toString()).exchange(),
                "duplicate", c -> c.post().uri("/api/v1/quotations/{id}/duplicate", sentOfB).exchange(),
                "withdraw", c -> c.post().uri("/api/v1/quotations/{id}/withdraw", sentOfB).exchange(),
                "pdf", c -> c.get().uri("/api/v1/quotations/{id}/pdf", sentOfB).exchange());
        Stream<DynamicTest> notFound = calls.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(call -> dynamicTest(call.getKey() + " with B's id answers 404", () ->
                        call.getValue().apply(asA).expectStatus().isNotFound()
                                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)));
        Stream<DynamicTest> invisible = Stream.of(
                dynamicTest("a quotation for B's client is refused", () -> {
                    Map<String, Object> body = draft(Map.of("clientId", clientOfB.toString()));
                    body.remove("clientName");
                    body.remove("clientEmail");
                    asA.post().uri("/api/v1/quotations").header("Idempotency-Key", UUID.randomUUID().toString())
                            .bodyValue(body).exchange().expectStatus().isBadRequest()
                            .expectBody().jsonPath("$.errors[0].field").isEqualTo("clientId");
                }),
                dynamicTest("lists, filters and totals show none of B's quotations", () -> {
                    asA.get().uri("/api/v1/quotations").exchange().expectBody().jsonPath("$.totalItems").isEqualTo(0);
                    asA.get().uri("/api/v1/quotations?clientId=" + clientOfB).exchange().expectBody().jsonPath("$.totalItems").isEqualTo(0);
                    asA.get().uri("/api/v1/quotations?q=B's").exchange().expectBody().jsonPath("$.totalItems").isEqualTo(0);
                    asA.get().uri("/api/v1/quotations/totals").exchange().expectBody().jsonPath("$.quotations").isEqualTo(0);
                }),
                dynamicTest("B's quotation ids open no share link", () -> {
                    for (UUID id : new UUID[] {draftOfB, sentOfB}) {
                        asA.get().uri("/api/v1/public/quotations/{token}", id).exchange().expectStatus().isNotFound()
                                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
                        asA.post().uri("/api/v1/public/quotations/{token}/accept", id).exchange().expectStatus().isNotFound();
                        asA.post().uri("/api/v1/public/quotations/{token}/reject", id).exchange().expectStatus().isNotFound();
                    }
                }),
                dynamicTest("B's quotations are unchanged", () -> assertThat(snapshot(b)).isEqualTo(before)));
        return Stream.concat(notFound, invisible);
    }

    private String snapshot(UUID consultantId) {
        return database.sql("SELECT string_agg(id || status || name || updated_at, ',' ORDER BY id) AS s FROM quotation WHERE consultant_id = :c")
                .bind("c", consultantId).map(row -> row.get("s", String.class)).one().block();
    }
}
