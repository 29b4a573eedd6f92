package com.nakksha.booking.session;

import com.nakksha.booking.AbstractBookingIT;
import com.nakksha.booking.TestConsultant;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionRescheduled;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.PublishedEvents;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Two dashboard tabs: a change built from an old version of a session is refused instead of overwriting a newer one. */
class SessionVersionIT extends AbstractBookingIT {

    @Test
    void aSessionCarriesItsVersionAndAStaleIfMatchAnswers412ChangingNothing() {
        TestConsultant consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        WebTestClient dashboard = dashboardOf(consultant);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(3));
        UUID id = created(dashboard, "tabs", start);

        dashboard.get().uri("/api/v1/sessions/{id}", id).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"0\"").expectBody().jsonPath("$.version").isEqualTo(0);
        dashboard.patch().uri("/api/v1/sessions/{id}", id).header("If-Match", "\"0\"")
                .bodyValue(Map.of("title", "First tab")).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"");

        dashboard.patch().uri("/api/v1/sessions/{id}", id).header("If-Match", "\"0\"")
                .bodyValue(Map.of("title", "Second tab, stale")).exchange()
                .expectStatus().isEqualTo(412).expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("version 1"));
        dashboard.post().uri("/api/v1/sessions/{id}/reschedule", id).header("If-Match", "W/\"0\"")
                .bodyValue(Map.of("startsAt", start.plus(Duration.ofDays(1)).toString(), "outsideAvailability", true))
                .exchange().expectStatus().isEqualTo(412);
        dashboard.post().uri("/api/v1/sessions/{id}/cancel", id).header("If-Match", "\"abc\"")
                .bodyValue(Map.of("reason", "stale")).exchange().expectStatus().isEqualTo(412);
        dashboard.get().uri("/api/v1/sessions/{id}", id).exchange().expectBody()
                .jsonPath("$.title").isEqualTo("First tab").jsonPath("$.status").isEqualTo("CONFIRMED")
                .jsonPath("$.startsAt").isEqualTo(start.toString());

        // Without If-Match (or with *), as simple clients send, changes still apply.
        dashboard.patch().uri("/api/v1/sessions/{id}", id).bodyValue(Map.of("title", "No precondition")).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"2\"");
        dashboard.post().uri("/api/v1/sessions/{id}/cancel", id).header("If-Match", "*")
                .bodyValue(Map.of("reason", "done")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED");

        // The cancellation's answer was lost and the consultant's client tries again, with the ETag it had or none:
        // the change it asks for has happened (RFC 9110 §13.1.1), so it is answered with the session as it is.
        dashboard.post().uri("/api/v1/sessions/{id}/cancel", id).header("If-Match", "\"2\"")
                .bodyValue(Map.of("reason", "done, again")).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"3\"")
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED").jsonPath("$.cancellationReason").isEqualTo("done");
        dashboard.delete().uri("/api/v1/sessions/{id}?reason=twice", id).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"3\"");
        dashboard.post().uri("/api/v1/sessions/{id}/cancel", id).bodyValue(Map.of("reason", " ")).exchange()
                .expectStatus().isBadRequest();
        // Events carry the version their write gave the session, the order replicas keep them in.
        assertThat(PublishedEvents.within(Duration.ofSeconds(3), Topic.BOOKING_SESSION, SessionCancelled.class,
                cancelled -> cancelled.getSessionId().equals(id))).singleElement()
                .satisfies(cancelled -> assertThat(cancelled.getReason()).isEqualTo("done"))
                .extracting(SessionCancelled::getSessionVersion).as("the cancellation's write, ETag 3").isEqualTo(3L);
        assertThat(PublishedEvents.await(Topic.BOOKING_SESSION, SessionBooked.class, event -> event.getSessionId().equals(id))
                .getSessionVersion()).isZero();
    }

    /** A move whose answer was lost, sent again with the ETag it was made from: it has happened, so it answers 200. */
    @Test
    void aRepeatedRescheduleWithItsOldIfMatchAnswersTheMovedSession() {
        TestConsultant consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        WebTestClient dashboard = dashboardOf(consultant);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(5));
        UUID id = created(dashboard, "mover", start);
        Map<String, Object> move = Map.of("startsAt", start.plus(Duration.ofDays(1)).toString(), "outsideAvailability", true);

        dashboard.post().uri("/api/v1/sessions/{id}/reschedule", id).header("If-Match", "\"0\"").bodyValue(move).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"");
        dashboard.post().uri("/api/v1/sessions/{id}/reschedule", id).header("If-Match", "\"0\"").bodyValue(move).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody().jsonPath("$.startsAt").isEqualTo(start.plus(Duration.ofDays(1)).toString());
        dashboard.post().uri("/api/v1/sessions/{id}/reschedule", id).header("If-Match", "\"0\"")
                .bodyValue(Map.of("startsAt", start.plus(Duration.ofDays(2)).toString(), "outsideAvailability", true)).exchange()
                .expectStatus().isEqualTo(412);
        assertThat(PublishedEvents.within(Duration.ofSeconds(2), Topic.BOOKING_SESSION, SessionRescheduled.class,
                rescheduled -> rescheduled.getSessionId().equals(id))).singleElement()
                .extracting(SessionRescheduled::getSessionVersion).as("the move's write, ETag 1").isEqualTo(1L);
    }

    @Test
    void aNeverPaidSessionCannotBeMarkedRefunded() {
        TestConsultant consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        WebTestClient dashboard = dashboardOf(consultant);
        UUID id = created(dashboard, "unpaid", Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(4)));

        dashboard.patch().uri("/api/v1/sessions/{id}", id).bodyValue(Map.of("paymentStatus", "REFUNDED"))
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("paymentStatus")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("only a paid session can be refunded"));
        dashboard.get().uri("/api/v1/sessions/{id}", id).exchange().expectBody()
                .jsonPath("$.paymentStatus").isEqualTo("PENDING");
    }

    /** A confirmed 60-minute manual session at {@code start} for a new client; returns its id. */
    private static UUID created(WebTestClient dashboard, String client, Instant start) {
        Map<?, ?> created = dashboard.post().uri("/api/v1/sessions").bodyValue(Map.of(
                        "newClient", Map.of("name", "Client " + client, "email", client + "-" + UUID.randomUUID() + "@example.com"),
                        "title", "Review", "type", "PERSONAL", "startsAt", start.toString(), "durationMinutes", 60,
                        "amount", "900.00", "platform", "ZOOM"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return UUID.fromString((String) created.get("id"));
    }
}
