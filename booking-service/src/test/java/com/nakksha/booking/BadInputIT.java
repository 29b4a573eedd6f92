package com.nakksha.booking;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
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

/** Bad input on every endpoint: a 4xx problem naming the field, never a 500, and nothing stored or published. */
class BadInputIT extends AbstractBookingIT {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    record Case(String name, int status, String field, Function<WebTestClient, WebTestClient.ResponseSpec> call) {
    }

    @TestFactory
    Stream<DynamicTest> badInputIsRefusedWithAProblemAndChangesNothing() {
        TestConsultant consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        WebTestClient dashboard = dashboardOf(consultant);
        dashboard.put().uri("/api/v1/availability").bodyValue(AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00"))
                .exchange().expectStatus().isOk();
        UUID client = UUID.fromString((String) dashboard.post().uri("/api/v1/clients")
                .bodyValue(Map.of("name", "Existing", "email", "existing@example.com")).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id"));
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(4));
        UUID session = UUID.fromString((String) dashboard.post().uri("/api/v1/sessions").bodyValue(session(client, start, Map.of()))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id"));
        String slug = consultant.slug();
        Instant slot = LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(6).atTime(10, 0).atZone(ZoneId.of("Asia/Kolkata")).toInstant();
        String consultantRows = "consultant_id = '" + consultant.id() + "'";
        long clients = count("SELECT count(*) FROM client WHERE " + consultantRows);
        long sessions = count("SELECT count(*) FROM session WHERE " + consultantRows);
        long events = count("SELECT count(*) FROM outbox_event_history");
        String availability = database.sql("SELECT rules::text AS rules FROM availability WHERE " + consultantRows)
                .map(row -> row.get("rules", String.class)).one().block();

        List<Case> cases = List.of(
                new Case("client without name and email", 400, "email", c -> c.post().uri("/api/v1/clients").bodyValue(Map.of()).exchange()),
                new Case("client with a malformed email", 400, "email", c -> c.post().uri("/api/v1/clients")
                        .bodyValue(Map.of("name", "X", "email", "not-an-email")).exchange()),
                new Case("client with a country code without +", 400, "phoneCountryCode", c -> c.post().uri("/api/v1/clients")
                        .bodyValue(Map.of("name", "X", "email", "x@example.com", "phoneCountryCode", "91")).exchange()),
                new Case("client with an unknown field", 400, "isAdmin", c -> c.post().uri("/api/v1/clients")
                        .bodyValue(Map.of("name", "X", "email", "x@example.com", "isAdmin", true)).exchange()),
                new Case("client as malformed JSON", 400, null, c -> c.post().uri("/api/v1/clients")
                        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": ").exchange()),
                new Case("client with a 201 character name", 400, "name", c -> c.post().uri("/api/v1/clients")
                        .bodyValue(Map.of("name", "n".repeat(201), "email", "x@example.com")).exchange()),
                new Case("session without title", 400, "title", c -> c.post().uri("/api/v1/sessions")
                        .bodyValue(session(client, start.plus(Duration.ofDays(1)), Map.of("title", ""))).exchange()),
                new Case("session with a negative amount", 400, "amount", c -> c.post().uri("/api/v1/sessions")
                        .bodyValue(session(client, start.plus(Duration.ofDays(1)), Map.of("amount", "-1"))).exchange()),
                new Case("session with a fraction of a paisa", 400, "amount", c -> c.post().uri("/api/v1/sessions")
                        .bodyValue(session(client, start.plus(Duration.ofDays(1)), Map.of("amount", "10.005"))).exchange()),
                new Case("session of zero minutes", 400, "durationMinutes", c -> c.post().uri("/api/v1/sessions")
                        .bodyValue(session(client, start.plus(Duration.ofDays(1)), Map.of("durationMinutes", 0))).exchange()),
                new Case("session with an unknown status", 400, "status", c -> c.post().uri("/api/v1/sessions")
                        .bodyValue(session(client, start.plus(Duration.ofDays(1)), Map.of("status", "BOGUS"))).exchange()),
                new Case("session with a start that is not an instant", 400, "startsAt", c -> c.post().uri("/api/v1/sessions")
                        .bodyValue(session(client, start.plus(Duration.ofDays(1)), Map.of("startsAt", "tomorrow"))).exchange()),
                new Case("session with an ftp meeting link", 400, "meetingLink", c -> c.post().uri("/api/v1/sessions")
                        .bodyValue(session(client, start.plus(Duration.ofDays(1)), Map.of("meetingLink", "ftp://x"))).exchange()),
                new Case("session for an existing and a new client at once", 400, "clientId", c -> c.post().uri("/api/v1/sessions")
                        .bodyValue(session(client, start.plus(Duration.ofDays(1)),
                                Map.of("newClient", Map.of("name", "N", "email", "n@example.com")))).exchange()),
                new Case("session with a new client with a bad email", 400, "newClient.email", c -> c.post().uri("/api/v1/sessions")
                        .bodyValue(newClientSession(start.plus(Duration.ofDays(1)), "nope")).exchange()),
                new Case("paid session without a method", 422, "paymentMethod", c -> c.post().uri("/api/v1/sessions")
                        .bodyValue(session(client, start.plus(Duration.ofDays(1)), Map.of("paymentStatus", "PAID"))).exchange()),
                new Case("session created as completed", 422, "status", c -> c.post().uri("/api/v1/sessions")
                        .bodyValue(session(client, start.plus(Duration.ofDays(1)), Map.of("status", "COMPLETED"))).exchange()),
                new Case("session change with an empty title", 400, "title", c -> c.patch().uri("/api/v1/sessions/{id}", session)
                        .bodyValue(Map.of("title", "")).exchange()),
                new Case("cancelling with a status change but no reason", 422, "reason", c -> c.patch().uri("/api/v1/sessions/{id}", session)
                        .bodyValue(Map.of("status", "CANCELLED")).exchange()),
                new Case("session id that is not a UUID", 400, "id", c -> c.get().uri("/api/v1/sessions/not-a-uuid").exchange()),
                new Case("bulk update of no sessions", 400, "ids", c -> c.post().uri("/api/v1/sessions/bulk-update")
                        .bodyValue(Map.of("ids", List.of(), "action", "MARK_PAID")).exchange()),
                new Case("bulk update with an unknown action", 400, "action", c -> c.post().uri("/api/v1/sessions/bulk-update")
                        .bodyValue(Map.of("ids", List.of(session), "action", "DELETE_ALL")).exchange()),
                new Case("session list with an unknown status", 400, "status", c -> c.get().uri("/api/v1/sessions?status=BOGUS").exchange()),
                new Case("session list with a negative page", 400, "page", c -> c.get().uri("/api/v1/sessions?page=-1").exchange()),
                new Case("session list with a huge page", 400, "size", c -> c.get().uri("/api/v1/sessions?size=1000").exchange()),
                new Case("session list sorted by a secret column", 400, "sort", c -> c.get().uri("/api/v1/sessions?sort=consultant_id").exchange()),
                new Case("session list from a word", 400, "from", c -> c.get().uri("/api/v1/sessions?from=tomorrow").exchange()),
                new Case("session list with to before from", 400, "to", c -> c.get()
                        .uri("/api/v1/sessions?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z").exchange()),
                new Case("client list with a non-numeric minimum paid", 400, "minPaid", c -> c.get().uri("/api/v1/clients?minPaid=abc").exchange()),
                new Case("availability in an unknown zone", 400, "timeZone", c -> c.put().uri("/api/v1/availability")
                        .bodyValue(availability(Map.of("timeZone", "Mars/Base"))).exchange()),
                new Case("availability with overlapping hours", 400, "weeklyHours.MONDAY", c -> c.put().uri("/api/v1/availability")
                        .bodyValue(availability(Map.of("weeklyHours", Map.of("MONDAY", List.of(
                                Map.of("start", "09:00", "end", "12:00"), Map.of("start", "11:00", "end", "13:00")))))).exchange()),
                new Case("availability with 25 o'clock", 400, "weeklyHours.MONDAY[0]", c -> c.put().uri("/api/v1/availability")
                        .bodyValue(availability(Map.of("weeklyHours", Map.of("MONDAY", List.of(Map.of("start", "09:00", "end", "25:00"))))))
                        .exchange()),
                new Case("availability with a zero slot interval", 400, "slotIntervalMinutes", c -> c.put().uri("/api/v1/availability")
                        .bodyValue(availability(Map.of("slotIntervalMinutes", 0))).exchange()),
                new Case("availability with no personal durations", 400, "durations.PERSONAL", c -> c.put().uri("/api/v1/availability")
                        .bodyValue(availability(Map.of("durations", Map.of("PERSONAL", List.of(), "WEBINAR", List.of(60))))).exchange()),
                new Case("availability with a day off listed twice", 400, "dateOverrides[1].date", c -> c.put().uri("/api/v1/availability")
                        .bodyValue(availability(Map.of("dateOverrides", List.of(Map.of("date", "2030-01-01", "hours", List.of()),
                                Map.of("date", "2030-01-01", "hours", List.of()))))).exchange()),
                new Case("availability with an unknown weekday", 400, null, c -> c.put().uri("/api/v1/availability")
                        .bodyValue(availability(Map.of("weeklyHours", Map.of("FUNDAY", List.of())))).exchange()),
                new Case("public booking without an email", 400, "email", c -> c.post().uri("/api/v1/public/consultants/{slug}/bookings", slug)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .bodyValue(Map.of("start", slot.toString(), "type", "PERSONAL", "name", "N")).exchange()),
                new Case("public booking off the slot grid", 400, "start", c -> c.post().uri("/api/v1/public/consultants/{slug}/bookings", slug)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .bodyValue(Map.of("start", slot.plusSeconds(600).toString(), "type", "PERSONAL", "name", "N",
                                "email", "n@example.com")).exchange()),
                new Case("public booking in the past", 400, "start", c -> c.post().uri("/api/v1/public/consultants/{slug}/bookings", slug)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .bodyValue(Map.of("start", slot.minus(Duration.ofDays(30)).toString(), "type", "PERSONAL", "name", "N",
                                "email", "n@example.com")).exchange()),
                new Case("public booking of a type not offered", 400, "type", c -> c.post().uri("/api/v1/public/consultants/{slug}/bookings", slug)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .bodyValue(Map.of("start", slot.toString(), "type", "WEBINAR", "name", "N", "email", "n@example.com")).exchange()),
                new Case("public booking of a length not offered", 400, "durationMinutes", c -> c.post()
                        .uri("/api/v1/public/consultants/{slug}/bookings", slug)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .bodyValue(Map.of("start", slot.toString(), "type", "PERSONAL", "durationMinutes", 45, "name", "N",
                                "email", "n@example.com")).exchange()),
                new Case("slots for a start date that is not a date", 400, "from", c -> c.get()
                        .uri("/api/v1/public/consultants/{slug}/slots?from=soon&to=2030-01-01", slug).exchange()),
                new Case("slots without dates", 400, "from", c -> c.get().uri("/api/v1/public/consultants/{slug}/slots", slug).exchange()));

        Stream<DynamicTest> refused = cases.stream().map(bad -> dynamicTest(bad.name() + " is refused with " + bad.status(), () -> {
            WebTestClient caller = bad.name().startsWith("public") || bad.name().startsWith("slots") ? web : dashboard;
            WebTestClient.BodyContentSpec body = bad.call().apply(caller)
                    .expectStatus().isEqualTo(bad.status())
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status").isEqualTo(bad.status())
                    .jsonPath("$.title").exists();
            if (bad.field() != null) {
                body.jsonPath("$.errors[?(@.field == '" + bad.field() + "')]").exists();
            }
        }));
        return Stream.concat(refused, Stream.of(dynamicTest("nothing was stored or published", () -> {
            assertThat(count("SELECT count(*) FROM client WHERE " + consultantRows)).isEqualTo(clients);
            assertThat(count("SELECT count(*) FROM session WHERE " + consultantRows)).isEqualTo(sessions);
            assertThat(database.sql("SELECT rules::text AS rules FROM availability WHERE " + consultantRows)
                    .map(row -> row.get("rules", String.class)).one().block()).isEqualTo(availability);
            assertThat(count("SELECT count(*) FROM outbox_event_history")).isEqualTo(events);
            dashboard.get().uri("/api/v1/sessions/{id}", session).exchange().expectBody()
                    .jsonPath("$.status").isEqualTo("CONFIRMED").jsonPath("$.title").isEqualTo("Career call");
        })));
    }

    private static Map<String, Object> session(UUID client, Instant start, Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>();
        body.put("clientId", client.toString());
        body.put("title", "Career call");
        body.put("type", "PERSONAL");
        body.put("startsAt", start.toString());
        body.put("durationMinutes", 60);
        body.put("amount", "1000.00");
        body.put("platform", "ZOOM");
        body.putAll(overrides);
        return body;
    }

    private static Map<String, Object> newClientSession(Instant start, String email) {
        Map<String, Object> body = session(UUID.randomUUID(), start, Map.of("newClient", Map.of("name", "N", "email", email)));
        body.remove("clientId");
        return body;
    }

    private static Map<String, Object> availability(Map<String, Object> overrides) {
        Map<String, Object> body = AvailabilityJson.openEveryDay("Asia/Kolkata", "10:00", "18:00");
        body.putAll(overrides);
        return body;
    }
}
