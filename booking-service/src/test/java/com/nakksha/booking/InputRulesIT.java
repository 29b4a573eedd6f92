package com.nakksha.booking;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input rules every service gets from service-defaults, on booking's own endpoints: NUL and
 * control characters, out-of-range dates and blank list filters answer 400 naming the field and
 * change nothing.
 */
class InputRulesIT extends AbstractBookingIT {

    private TestConsultant consultant;
    private WebTestClient dashboard;

    @BeforeEach
    void consultantWithAPublicPage() {
        consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        dashboard = dashboardOf(consultant);
        dashboard.put().uri("/api/v1/availability").bodyValue(AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00"))
                .exchange().expectStatus().isOk();
    }

    @Test
    void aPublicBookingWithNulInNameAndNotesNamesBothAndHoldsNothing() {
        long sessions = count("SELECT count(*) FROM session");
        long clients = count("SELECT count(*) FROM client");

        refused(book(Map.of("name", "Asha\u0000", "notes", "call me\u0000")), "name", "notes");

        assertThat(count("SELECT count(*) FROM session")).isEqualTo(sessions);
        assertThat(count("SELECT count(*) FROM client")).isEqualTo(clients);
    }

    @Test
    void aPublicBookingNameCannotCarryAMailHeaderButNotesMaySpanLines() {
        long sessions = count("SELECT count(*) FROM session");

        refused(book(Map.of("name", "Client\r\nBcc: someone@example.test")), "name");
        assertThat(count("SELECT count(*) FROM session")).isEqualTo(sessions);

        var accepted = book(Map.of("notes", "first line\r\nsecond line")).expectBody(String.class).returnResult();
        assertThat(accepted.getStatus().value()).as(accepted.getResponseBody()).isEqualTo(201);
    }

    @Test
    void searchFiltersRefuseNul() {
        refused(dashboard.get().uri("/api/v1/clients?q={q}", "\u0000").exchange(), "q");
        refused(dashboard.get().uri("/api/v1/sessions?q={q}", "a\u0000b").exchange(), "q");
    }

    @Test
    void aSessionTitleWithNulOrALineBreakIsRefusedAndNothingIsRecorded() {
        long sessions = count("SELECT count(*) FROM session");

        refused(dashboard.post().uri("/api/v1/sessions").bodyValue(manualSession(Map.of("title", "Review\u0000"))).exchange(), "title");
        refused(dashboard.post().uri("/api/v1/sessions").bodyValue(manualSession(Map.of("title", "Review\nBcc: x"))).exchange(), "title");
        refused(dashboard.post().uri("/api/v1/sessions").bodyValue(manualSession(Map.of("startsAt", "+300000-01-01T00:00:00Z"))).exchange(),
                "startsAt");

        assertThat(count("SELECT count(*) FROM session")).isEqualTo(sessions);
    }

    @Test
    void aCancelReasonWithNulLeavesTheSessionAsItWas() {
        Map<?, ?> created = dashboard.post().uri("/api/v1/sessions").bodyValue(manualSession(Map.of())).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        UUID id = UUID.fromString((String) created.get("id"));

        refused(dashboard.post().uri("/api/v1/sessions/{id}/cancel", id).bodyValue(Map.of("reason", "no\u0000")).exchange(), "reason");

        dashboard.get().uri("/api/v1/sessions/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo(created.get("status"));
    }

    @Test
    void thePublicSlotsRefuseDatesBeyondTheSupportedYears() {
        refused(web.get().uri("/api/v1/public/consultants/{slug}/slots?from={from}", consultant.slug(), "+300000-01-01").exchange(), "from");
        refused(web.get().uri("/api/v1/public/consultants/{slug}/slots?to={to}", consultant.slug(), "1000-01-01").exchange(), "to");
        refused(dashboard.get().uri("/api/v1/sessions?from={from}", "+300000-01-01T00:00:00Z").exchange(), "from");
    }

    @Test
    void blankElementsInStatusFiltersAreRefusedNamingTheParameter() {
        for (String uri : List.of("/api/v1/sessions?status={value}", "/api/v1/sessions/summary?status={value}")) {
            refused(dashboard.get().uri(uri, " ").exchange(), "status");
            refused(dashboard.get().uri(uri, "PENDING, ").exchange(), "status");
        }
        refused(dashboard.get().uri("/api/v1/sessions?paymentStatus={value}", " ").exchange(), "paymentStatus");
        refused(dashboard.get().uri("/api/v1/sessions/summary?paymentStatus={value}", "PAID,,PENDING").exchange(), "paymentStatus");
        dashboard.get().uri("/api/v1/sessions?status={value}", "PENDING,CONFIRMED").exchange().expectStatus().isOk();
    }

    private static void refused(WebTestClient.ResponseSpec response, String... fields) {
        WebTestClient.BodyContentSpec body = response.expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody();
        for (String field : fields) {
            body.jsonPath("$.errors[?(@.field == '" + field + "')]").exists();
        }
    }

    private WebTestClient.ResponseSpec book(Map<String, Object> overrides) {
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(5);
        Map<String, Object> body = new HashMap<>();
        body.put("start", day.atTime(10, 0).atZone(ZoneId.of("Asia/Kolkata")).toInstant().toString());
        body.put("type", "PERSONAL");
        body.put("durationMinutes", 60);
        body.put("name", "Asha Rao");
        body.put("email", "asha-" + UUID.randomUUID() + "@example.com");
        body.put("notes", "first call");
        body.putAll(overrides);
        return web.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body).exchange();
    }

    private static Map<String, Object> manualSession(Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>();
        body.put("newClient", Map.of("name", "Walk-in", "email", "walkin-" + UUID.randomUUID() + "@example.com"));
        body.put("title", "Review");
        body.put("type", "PERSONAL");
        body.put("startsAt", Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(3)).toString());
        body.put("durationMinutes", 60);
        body.put("amount", "1000.00");
        body.put("platform", "ZOOM");
        body.putAll(overrides);
        return body;
    }
}
