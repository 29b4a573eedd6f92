package com.nakksha.booking;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** Consultant A, using B's ids on every dashboard endpoint, finds nothing and changes nothing. */
class TenantIsolationIT extends AbstractBookingIT {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    @TestFactory
    Stream<DynamicTest> anotherConsultantsIdsAnswer404() {
        TestConsultant a = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        TestConsultant b = TestConsultant.approved(web, "Europe/London", 90000L, null);
        WebTestClient asA = dashboardOf(a);
        WebTestClient asB = dashboardOf(b);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(3));
        Map<String, Object> bClient = asB.post().uri("/api/v1/clients").bodyValue(Map.of("name", "B's client", "email", "bee@example.com"))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        UUID clientOfB = UUID.fromString((String) bClient.get("id"));
        Map<String, Object> bSession = asB.post().uri("/api/v1/sessions").bodyValue(Map.of("clientId", clientOfB.toString(),
                        "title", "B's session", "type", "PERSONAL", "startsAt", start.toString(), "durationMinutes", 60,
                        "amount", "900.00", "platform", "ZOOM")).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        UUID sessionOfB = UUID.fromString((String) bSession.get("id"));
        Map<String, Object> client = Map.of("name", "Taken over", "email", "mine@example.com");

        Map<String, Function<WebTestClient, WebTestClient.ResponseSpec>> calls = Map.ofEntries(
                Map.entry("GET client", c -> c.get().uri("/api/v1/clients/{id}", clientOfB).exchange()),
                Map.entry("PUT client", c -> c.put().uri("/api/v1/clients/{id}", clientOfB).bodyValue(client).exchange()),
                Map.entry("DELETE client", c -> c.delete().uri("/api/v1/clients/{id}", clientOfB).exchange()),
                Map.entry("GET session", c -> c.get().uri("/api/v1/sessions/{id}", sessionOfB).exchange()),
                Map.entry("PATCH session", c -> c.patch().uri("/api/v1/sessions/{id}", sessionOfB)
                        .bodyValue(Map.of("title", "mine now")).exchange()),
                Map.entry("PUT session", c -> c.put().uri("/api/v1/sessions/{id}", sessionOfB)
                        .bodyValue(Map.of("paymentStatus", "PAID", "paymentMethod", "CASH")).exchange()),
                Map.entry("reschedule session", c -> c.post().uri("/api/v1/sessions/{id}/reschedule", sessionOfB)
                        .bodyValue(Map.of("startsAt", start.plus(Duration.ofDays(1)).toString())).exchange()),
                Map.entry("cancel session", c -> c.post().uri("/api/v1/sessions/{id}/cancel", sessionOfB)
                        .bodyValue(Map.of("reason", "mine")).exchange()),
                Map.entry("DELETE session", c -> c.delete().uri("/api/v1/sessions/{id}?reason=mine", sessionOfB).exchange()),
                Map.entry("create session for B's client", c -> c.post().uri("/api/v1/sessions").bodyValue(Map.of(
                        "clientId", clientOfB.toString(), "title", "x", "type", "PERSONAL",
                        "startsAt", start.plus(Duration.ofDays(2)).toString(), "durationMinutes", 60, "amount", "1.00",
                        "platform", "ZOOM")).exchange()));

        Stream<DynamicTest> notFound = calls.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(call -> dynamicTest(call.getKey() + " with B's id answers 404", () ->
                        call.getValue().apply(asA).expectStatus().isNotFound()
                                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)));
        Stream<DynamicTest> invisible = Stream.of(
                dynamicTest("bulk update with B's session reports it not found and changes nothing", () ->
                        asA.post().uri("/api/v1/sessions/bulk-update")
                                .bodyValue(Map.of("ids", List.of(sessionOfB), "action", "MARK_PAID", "paymentMethod", "CASH"))
                                .exchange().expectStatus().isEqualTo(422)
                                .expectBody().jsonPath("$.results[0].outcome").isEqualTo("NOT_FOUND")),
                dynamicTest("lists, filters and summaries show none of B's data", () -> {
                    asA.get().uri("/api/v1/clients").exchange().expectBody().jsonPath("$.totalItems").isEqualTo(0);
                    asA.get().uri("/api/v1/sessions").exchange().expectBody().jsonPath("$.totalItems").isEqualTo(0);
                    asA.get().uri("/api/v1/sessions?clientId=" + clientOfB).exchange().expectBody().jsonPath("$.totalItems").isEqualTo(0);
                    asA.get().uri("/api/v1/sessions/summary").exchange().expectBody().jsonPath("$.total").isEqualTo(0);
                    asA.get().uri("/api/v1/availability").exchange().expectBody().jsonPath("$.timeZone").isEqualTo("Asia/Kolkata");
                }),
                dynamicTest("B's client and session are unchanged", () -> {
                    Map<String, Object> session = asB.get().uri("/api/v1/sessions/{id}", sessionOfB).exchange()
                            .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
                    assertThat(session).containsEntry("title", "B's session").containsEntry("status", "CONFIRMED")
                            .containsEntry("paymentStatus", "PENDING").containsEntry("startsAt", start.toString());
                    asB.get().uri("/api/v1/clients/{id}", clientOfB).exchange().expectBody()
                            .jsonPath("$.active").isEqualTo(true).jsonPath("$.name").isEqualTo("B's client")
                            .jsonPath("$.totalSessions").isEqualTo(1);
                    assertThat(count("SELECT count(*) FROM session WHERE client_id = '" + clientOfB + "'")).isEqualTo(1);
                }));
        return Stream.concat(notFound, invisible);
    }
}
