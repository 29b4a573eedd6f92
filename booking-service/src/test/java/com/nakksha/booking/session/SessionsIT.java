package com.nakksha.booking.session;

import com.nakksha.booking.AvailabilityJson;
import com.nakksha.booking.AbstractBookingIT;
import com.nakksha.testsupport.PublishedEvents;
import com.nakksha.booking.TestConsultant;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionCompleted;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionNoShow;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.events.SessionRescheduled;
import com.nakksha.schemas.Topic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsIT extends AbstractBookingIT {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    private TestConsultant consultant;
    private WebTestClient dashboard;
    private Instant future;
    private Instant past;

    @BeforeEach
    void consultantWithBuffersAndAZoomLink() {
        consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        dashboard = dashboardOf(consultant);
        Map<String, Object> availability = AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00");
        availability.put("bufferAfterMinutes", 15);
        dashboard.put().uri("/api/v1/availability").bodyValue(availability).exchange().expectStatus().isOk();
        future = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(10));
        past = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(10));
    }

    @Test
    void aManualSessionForANewClientIsOneTransactionThatUsesTheDefaultLinkAndIsAnnounced() {
        Map<String, Object> body = newSession(future, newClient("nina@example.com"));
        body.put("paymentStatus", "PAID");
        body.put("paymentMethod", "CASH");

        Map<String, Object> created = dashboard.post().uri("/api/v1/sessions").bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();

        assertThat(created).containsEntry("status", "CONFIRMED").containsEntry("paymentStatus", "PAID")
                .containsEntry("paymentMethod", "CASH").containsEntry("source", "MANUAL").containsEntry("amount", 1200.0)
                .containsEntry("meetingLink", "https://zoom.example.com/j/123").containsEntry("ownMeetingLink", false)
                .containsEntry("startsAt", future.toString()).containsEntry("endsAt", future.plus(Duration.ofHours(1)).toString());
        assertThat(created.get("client")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("email", "nina@example.com");
        UUID id = UUID.fromString((String) created.get("id"));
        SessionBooked event = PublishedEvents.await(Topic.BOOKING_SESSION, SessionBooked.class, e -> e.getSessionId().equals(id));
        assertThat(event.getSource().name()).isEqualTo("MANUAL");
        assertThat(event.getPaymentStatus().name()).isEqualTo("PAID");
        assertThat(event.getPaymentMethod().name()).isEqualTo("CASH");
        assertThat(PublishedEvents.await(Topic.BOOKING_SESSION, SessionConfirmed.class, e -> e.getSessionId().equals(id))
                .getMeetingLink()).isEqualTo("https://zoom.example.com/j/123");
        dashboard.get().uri("/api/v1/clients?q=nina").exchange().expectBody()
                .jsonPath("$.items[0].totalSessions").isEqualTo(1).jsonPath("$.items[0].totalPaid").isEqualTo(1200.0);

        long clientsBefore = clientsOfConsultant();
        dashboard.post().uri("/api/v1/sessions").bodyValue(newSession(future.plus(Duration.ofMinutes(30)), newClient("omar@example.com")))
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.title").isEqualTo("Slot taken");
        assertThat(clientsOfConsultant()).isEqualTo(clientsBefore);
    }

    @Test
    void theBufferAfterASessionKeepsTheNextOneAwayAndAnOwnLinkWins() {
        UUID client = clientId("pia@example.com");
        create(newSession(future, Map.of("clientId", client.toString())));
        dashboard.post().uri("/api/v1/sessions").bodyValue(newSession(future.plus(Duration.ofMinutes(70)), Map.of("clientId", client.toString())))
                .exchange().expectStatus().isEqualTo(409);
        Map<String, Object> body = newSession(future.plus(Duration.ofMinutes(75)), Map.of("clientId", client.toString()));
        body.put("meetingLink", "https://meet.example.com/own");
        body.put("platform", "MEET");

        Map<String, Object> next = create(body);

        assertThat(next).containsEntry("meetingLink", "https://meet.example.com/own").containsEntry("ownMeetingLink", true);
    }

    @Test
    void statusesFollowTheLifecycleAndRaiseTheirEvents() {
        UUID client = clientId("sam@example.com");
        UUID done = id(create(newSession(past, Map.of("clientId", client.toString()))));
        UUID missed = id(create(newSession(past.plus(Duration.ofHours(3)), Map.of("clientId", client.toString()))));
        UUID upcoming = id(create(newSession(future, Map.of("clientId", client.toString()))));

        patch(done, Map.of("status", "COMPLETED")).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("COMPLETED");
        patch(missed, Map.of("status", "NO_SHOW")).expectStatus().isOk();
        patch(upcoming, Map.of("status", "COMPLETED")).expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
        patch(done, Map.of("status", "CANCELLED", "cancellationReason", "oops")).expectStatus().isEqualTo(422);
        patch(done, Map.of("status", "PENDING")).expectStatus().isEqualTo(422);

        PublishedEvents.await(Topic.BOOKING_SESSION, SessionCompleted.class, e -> e.getSessionId().equals(done));
        PublishedEvents.await(Topic.BOOKING_SESSION, SessionNoShow.class, e -> e.getSessionId().equals(missed));
        assertThat(get(upcoming)).containsEntry("status", "CONFIRMED");
    }

    @Test
    void paymentStatusesFollowTheirLifecycleAndKeepClientTotalsCurrent() {
        UUID client = clientId("tara@example.com");
        UUID session = id(create(newSession(future, Map.of("clientId", client.toString()))));

        patch(session, Map.of("paymentStatus", "PAID")).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("paymentMethod");
        patch(session, Map.of("paymentStatus", "FAILED")).expectStatus().isOk();
        patch(session, Map.of("paymentStatus", "PAID", "paymentMethod", "BANK_TRANSFER")).expectStatus().isOk()
                .expectBody().jsonPath("$.paymentStatus").isEqualTo("PAID").jsonPath("$.paymentMethod").isEqualTo("BANK_TRANSFER");
        dashboard.get().uri("/api/v1/clients/{id}", client).exchange().expectBody().jsonPath("$.totalPaid").isEqualTo(1200.0);
        patch(session, Map.of("paymentStatus", "REFUNDED")).expectStatus().isOk();
        patch(session, Map.of("paymentStatus", "PAID", "paymentMethod", "UPI")).expectStatus().isEqualTo(422);
        dashboard.get().uri("/api/v1/clients/{id}", client).exchange().expectBody().jsonPath("$.totalPaid").isEqualTo(0.0);
        patch(session, Map.of("amount", "999.00")).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("amount");
    }

    @Test
    void everyDashboardPaymentChangeIsAnnouncedAndARefusedOneIsNot() {
        UUID client = clientId("abe@example.com");
        UUID session = id(create(newSession(future, Map.of("clientId", client.toString()))));
        UUID other = id(create(newSession(future.plus(Duration.ofHours(3)), Map.of("clientId", client.toString()))));

        patch(session, Map.of("paymentStatus", "PAID")).expectStatus().isEqualTo(422);
        dashboard.post().uri("/api/v1/sessions/bulk-update")
                .bodyValue(Map.of("ids", List.of(session, UUID.randomUUID()), "action", "MARK_PAID", "paymentMethod", "CASH"))
                .exchange().expectStatus().isEqualTo(422);
        patch(session, Map.of("paymentStatus", "PAID", "paymentMethod", "CASH")).expectStatus().isOk();
        patch(session, Map.of("paymentMethod", "UPI")).expectStatus().isOk();
        patch(session, Map.of("paymentStatus", "PAID", "paymentMethod", "BANK_TRANSFER", "amount", "1500.00")).expectStatus().isEqualTo(422);
        patch(session, Map.of("paymentStatus", "REFUNDED")).expectStatus().isOk();
        patch(session, Map.of("paymentStatus", "PAID", "paymentMethod", "CASH")).expectStatus().isEqualTo(422);
        patch(other, Map.of("paymentStatus", "FAILED")).expectStatus().isOk();
        dashboard.post().uri("/api/v1/sessions/bulk-update")
                .bodyValue(Map.of("ids", List.of(other), "action", "MARK_PAID", "paymentMethod", "CASH"))
                .exchange().expectStatus().isOk();

        PublishedEvents.await(Topic.BOOKING_SESSION, SessionPaymentUpdated.class,
                e -> e.getSessionId().equals(session) && e.getPaymentStatus().name().equals("REFUNDED"));
        PublishedEvents.await(Topic.BOOKING_SESSION, SessionPaymentUpdated.class,
                e -> e.getSessionId().equals(other) && e.getPaymentStatus().name().equals("PAID"));
        // The relay publishes one session's events in order, so anything a refused change had published would be here by now.
        List<SessionPaymentUpdated> published = PublishedEvents.within(Duration.ofSeconds(1), Topic.BOOKING_SESSION,
                SessionPaymentUpdated.class, e -> e.getSessionId().equals(session) || e.getSessionId().equals(other));
        assertThat(published.stream().filter(e -> e.getSessionId().equals(session)).map(SessionsIT::describe))
                .containsExactly("PENDING>PAID CASH 120000 INR", "PAID>PAID UPI 120000 INR", "PAID>REFUNDED UPI 120000 INR");
        assertThat(published.stream().filter(e -> e.getSessionId().equals(other)).map(SessionsIT::describe))
                .containsExactly("PENDING>FAILED null 120000 INR", "FAILED>PAID CASH 120000 INR");
        assertThat(published).allSatisfy(e -> {
            assertThat(e.getConsultantId()).isEqualTo(consultant.id());
            assertThat(e.getClientId()).isEqualTo(client);
            assertThat(e.getOccurredAt()).isBefore(Instant.now().plusSeconds(1));
        });
        assertThat(published.stream().map(SessionPaymentUpdated::getEventId).distinct()).hasSize(5);
    }

    @Test
    void reschedulingChecksTheNewTimeAndKeepsTheHistory() {
        UUID client = clientId("uma@example.com");
        UUID first = id(create(newSession(kolkata(10, 10, 0), Map.of("clientId", client.toString()))));
        create(newSession(kolkata(10, 15, 0), Map.of("clientId", client.toString())));

        reschedule(first, kolkata(10, 14, 0), "clash").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.title").isEqualTo("Slot taken");
        reschedule(first, Instant.now().minus(Duration.ofHours(1)), "past").expectStatus().isEqualTo(422);
        assertThat(get(first)).containsEntry("startsAt", kolkata(10, 10, 0).toString());

        Instant later = kolkata(11, 11, 30);
        reschedule(first, later, "client travelling").expectStatus().isOk().expectBody()
                .jsonPath("$.startsAt").isEqualTo(later.toString())
                .jsonPath("$.reschedules.length()").isEqualTo(1)
                .jsonPath("$.reschedules[0].previousStartsAt").isEqualTo(kolkata(10, 10, 0).toString())
                .jsonPath("$.reschedules[0].startsAt").isEqualTo(later.toString())
                .jsonPath("$.reschedules[0].reason").isEqualTo("client travelling");
        SessionRescheduled event = PublishedEvents.await(Topic.BOOKING_SESSION, SessionRescheduled.class,
                e -> e.getSessionId().equals(first));
        assertThat(event.getPreviousStartsAt()).isEqualTo(kolkata(10, 10, 0));
        assertThat(event.getStartsAt()).isEqualTo(later);
        assertThat(event.getReason()).isEqualTo("client travelling");
        create(newSession(kolkata(10, 10, 0), Map.of("clientId", client.toString())));
    }

    @Test
    void reschedulingKeepsToTheAvailabilityUnlessTheConsultantMovesItOutsideOnPurpose() {
        Map<String, Object> availability = AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00");
        Map<String, Object> lunch = new HashMap<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            lunch.put(day, List.of(Map.of("start", "13:00", "end", "14:00")));
        }
        availability.put("breaks", lunch);
        availability.put("dateOverrides", List.of(Map.of("date", kolkataDay(12).toString(), "hours", List.of())));
        availability.put("maximumAdvanceDays", 30);
        dashboard.put().uri("/api/v1/availability").bodyValue(availability).exchange().expectStatus().isOk();
        UUID client = clientId("ved@example.com");
        UUID session = id(create(newSession(kolkata(10, 10, 0), Map.of("clientId", client.toString()))));

        for (Instant refused : List.of(kolkata(10, 19, 0), kolkata(10, 8, 0), kolkata(10, 16, 30), kolkata(10, 12, 30),
                kolkata(10, 11, 10), kolkata(12, 10, 0), kolkata(40, 10, 0))) {
            reschedule(session, refused, "try").expectStatus().isEqualTo(422)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("startsAt");
        }
        assertThat(get(session)).containsEntry("startsAt", kolkata(10, 10, 0).toString())
                .extracting(view -> view.get("reschedules")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty();

        reschedule(session, kolkata(10, 14, 0), "after lunch").expectStatus().isOk()
                .expectBody().jsonPath("$.startsAt").isEqualTo(kolkata(10, 14, 0).toString());
        dashboard.post().uri("/api/v1/sessions/{id}/reschedule", session)
                .bodyValue(Map.of("startsAt", kolkata(12, 19, 0).toString(), "reason", "evening on a day off, agreed",
                        "outsideAvailability", true))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.startsAt").isEqualTo(kolkata(12, 19, 0).toString())
                .jsonPath("$.reschedules.length()").isEqualTo(2);
        dashboard.post().uri("/api/v1/sessions/{id}/reschedule", session)
                .bodyValue(Map.of("startsAt", kolkata(40, 10, 0).toString(), "outsideAvailability", false))
                .exchange().expectStatus().isEqualTo(422);
    }

    /**
     * The first answer was lost and the dashboard sends the session again with its Idempotency-Key: without the key
     * the retry met its own session (409 "Slot taken"); with it, it gets the session the first request booked.
     */
    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheSessionTheFirstRequestBooked() {
        Map<String, Object> body = newSession(future.plus(Duration.ofHours(5)), newClient("retry@example.com"));
        String key = UUID.randomUUID().toString();

        Map<String, Object> first = dashboard.post().uri("/api/v1/sessions").header("Idempotency-Key", key).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        dashboard.post().uri("/api/v1/sessions").header("Idempotency-Key", key).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody().jsonPath("$.id").isEqualTo(first.get("id"))
                .jsonPath("$.client.email").isEqualTo("retry@example.com");
        Map<String, Object> changed = new HashMap<>(body);
        changed.put("title", "Another call");
        dashboard.post().uri("/api/v1/sessions").header("Idempotency-Key", key).bodyValue(changed).exchange()
                .expectStatus().isEqualTo(422).expectHeader().contentType("application/problem+json");
        dashboard.post().uri("/api/v1/sessions").header("Idempotency-Key", "k".repeat(201)).bodyValue(body).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType("application/problem+json");
        dashboard.post().uri("/api/v1/sessions").bodyValue(body).exchange().expectStatus().isEqualTo(409);

        assertThat(count("SELECT count(*) FROM session WHERE consultant_id = '" + consultant.id() + "' AND title = 'Career call'"
                + " AND starts_at = '" + future.plus(Duration.ofHours(5)) + "'")).isEqualTo(1);
        assertThat(PublishedEvents.within(Duration.ofSeconds(2), Topic.BOOKING_SESSION, SessionBooked.class,
                booked -> booked.getSessionId().toString().equals(first.get("id")))).hasSize(1);
    }

    @Test
    void cancellingNeedsAReasonAnnouncesItAndFreesTheTime() {
        UUID client = clientId("vik@example.com");
        UUID session = id(create(newSession(future, Map.of("clientId", client.toString()))));
        UUID other = id(create(newSession(future.plus(Duration.ofHours(3)), Map.of("clientId", client.toString()))));

        dashboard.post().uri("/api/v1/sessions/{id}/cancel", session).bodyValue(Map.of("reason", " ")).exchange()
                .expectStatus().isBadRequest();
        dashboard.post().uri("/api/v1/sessions/{id}/cancel", session).bodyValue(Map.of("reason", "consultant ill")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("CANCELLED").jsonPath("$.cancellationReason").isEqualTo("consultant ill");
        dashboard.delete().uri("/api/v1/sessions/{id}?reason=double entry", other).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
        dashboard.delete().uri("/api/v1/sessions/{id}", other).exchange().expectStatus().isBadRequest();

        SessionCancelled event = PublishedEvents.await(Topic.BOOKING_SESSION, SessionCancelled.class,
                e -> e.getSessionId().equals(session));
        assertThat(event.getReason()).isEqualTo("consultant ill");
        assertThat(event.getCancelledBy().name()).isEqualTo("CONSULTANT");
        create(newSession(future, Map.of("clientId", client.toString())));
        dashboard.get().uri("/api/v1/clients/{id}", client).exchange().expectBody().jsonPath("$.totalSessions").isEqualTo(1);
    }

    @Test
    void listsFilterPageSortAndSummarise() {
        UUID wen = clientId("wen@example.com");
        UUID xia = clientId("xia@example.com");
        UUID a = id(create(withTitle(newSession(past, Map.of("clientId", wen.toString())), "Strategy review")));
        UUID b = id(create(withTitle(newSession(past.plus(Duration.ofHours(2)), Map.of("clientId", xia.toString())), "Budget plan")));
        UUID c = id(create(withTitle(newSession(future, Map.of("clientId", xia.toString())), "Strategy follow-up")));
        patch(a, Map.of("status", "COMPLETED", "paymentStatus", "PAID", "paymentMethod", "UPI")).expectStatus().isOk();
        patch(b, Map.of("status", "CANCELLED", "cancellationReason", "moved abroad")).expectStatus().isOk();

        assertThat(ids("/api/v1/sessions?sort=startsAt,asc")).containsExactly(a, b, c);
        assertThat(ids("/api/v1/sessions?q=strategy&sort=startsAt,desc")).containsExactly(c, a);
        assertThat(ids("/api/v1/sessions?q=XIA@")).containsExactlyInAnyOrder(b, c);
        assertThat(ids("/api/v1/sessions?status=COMPLETED,CANCELLED&sort=startsAt,asc")).containsExactly(a, b);
        assertThat(ids("/api/v1/sessions?paymentStatus=PENDING&type=PERSONAL&sort=startsAt,asc")).containsExactly(b, c);
        assertThat(ids("/api/v1/sessions?clientId=" + wen)).containsExactly(a);
        assertThat(ids("/api/v1/sessions?from=" + Instant.now() + "&to=" + future.plus(Duration.ofDays(1)))).containsExactly(c);
        assertThat(ids("/api/v1/sessions?type=WEBINAR")).isEmpty();
        dashboard.get().uri("/api/v1/sessions?size=1&page=2&sort=startsAt,asc").exchange().expectBody()
                .jsonPath("$.totalItems").isEqualTo(3).jsonPath("$.totalPages").isEqualTo(3)
                .jsonPath("$.items[0].id").isEqualTo(c.toString());

        dashboard.get().uri("/api/v1/sessions/summary").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(3)
                .jsonPath("$.byStatus.COMPLETED").isEqualTo(1)
                .jsonPath("$.byStatus.CANCELLED").isEqualTo(1)
                .jsonPath("$.byStatus.CONFIRMED").isEqualTo(1)
                .jsonPath("$.byPaymentStatus.PAID").isEqualTo(1)
                .jsonPath("$.revenue[0].currency").isEqualTo("INR")
                .jsonPath("$.revenue[0].paid").isEqualTo(1200.0)
                .jsonPath("$.revenue[0].pending").isEqualTo(1200.0);
        dashboard.get().uri("/api/v1/sessions/summary?q=budget").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(1).jsonPath("$.revenue[0].pending").isEqualTo(0.0);
    }

    @Test
    void listBoundsAreDaysInTheConsultantsZoneOrInstantsAndAnUnknownPropertyIsNamed() {
        UUID yun = clientId("yun@example.com");
        UUID early = id(create(newSession(kolkata(12, 0, 30), Map.of("clientId", yun.toString()))));
        UUID late = id(create(newSession(kolkata(12, 22, 0), Map.of("clientId", yun.toString()))));
        UUID next = id(create(newSession(kolkata(13, 9, 0), Map.of("clientId", yun.toString()))));
        LocalDate day = kolkataDay(12);

        assertThat(ids("/api/v1/sessions?from=" + day + "&to=" + day + "&sort=startsAt,asc")).containsExactly(early, late);
        assertThat(ids("/api/v1/sessions?from=" + day.plusDays(1) + "&sort=startsAt,asc")).containsExactly(next);
        assertThat(ids("/api/v1/sessions?from=" + kolkata(12, 1, 0) + "&to=" + day.plusDays(1) + "&sort=startsAt,asc"))
                .containsExactly(late, next);
        dashboard.get().uri("/api/v1/sessions/summary?from={day}&to={day}", day, day).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(2);
        dashboard.get().uri("/api/v1/sessions?to=31-01-2030").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("to")
                .jsonPath("$.errors[0].message").isEqualTo("'31-01-2030' is neither a date like 2030-01-31 (a whole day in "
                        + "your time zone) nor an instant like 2030-01-31T09:30:00Z");

        Map<String, Object> misspelt = newSession(future, Map.of("clientId", yun.toString()));
        misspelt.put("durationMinutess", 45);
        dashboard.post().uri("/api/v1/sessions").bodyValue(misspelt).exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("durationMinutess")
                .jsonPath("$.errors[0].message").isEqualTo("is not a known property");
    }

    @Test
    void aBulkUpdateAppliesToAllOrToNoneAndReportsEachSession() {
        UUID client = clientId("yash@example.com");
        UUID one = id(create(newSession(past, Map.of("clientId", client.toString()))));
        UUID two = id(create(newSession(past.plus(Duration.ofHours(2)), Map.of("clientId", client.toString()))));
        UUID upcoming = id(create(newSession(future, Map.of("clientId", client.toString()))));
        UUID unknown = UUID.randomUUID();

        dashboard.post().uri("/api/v1/sessions/bulk-update")
                .bodyValue(Map.of("ids", List.of(one, two, upcoming), "action", "MARK_COMPLETED")).exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.results[0].outcome").isEqualTo("UPDATED")
                .jsonPath("$.results[1].outcome").isEqualTo("UPDATED")
                .jsonPath("$.results[2].outcome").isEqualTo("REJECTED")
                .jsonPath("$.results[2].id").isEqualTo(upcoming.toString());
        assertThat(get(one)).containsEntry("status", "CONFIRMED");
        dashboard.post().uri("/api/v1/sessions/bulk-update")
                .bodyValue(Map.of("ids", List.of(one, unknown), "action", "MARK_PAID", "paymentMethod", "CASH")).exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.results[1].outcome").isEqualTo("NOT_FOUND");
        assertThat(get(one)).containsEntry("paymentStatus", "PENDING");

        dashboard.post().uri("/api/v1/sessions/bulk-update")
                .bodyValue(Map.of("ids", List.of(one, two), "action", "MARK_COMPLETED")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.results.length()").isEqualTo(2);
        dashboard.post().uri("/api/v1/sessions/bulk-update")
                .bodyValue(Map.of("ids", List.of(one, two, upcoming), "action", "MARK_PAID", "paymentMethod", "UPI")).exchange()
                .expectStatus().isOk();
        assertThat(get(one)).containsEntry("status", "COMPLETED").containsEntry("paymentStatus", "PAID");
        assertThat(get(upcoming)).containsEntry("paymentStatus", "PAID").containsEntry("paymentMethod", "UPI");
        dashboard.get().uri("/api/v1/clients/{id}", client).exchange().expectBody().jsonPath("$.totalPaid").isEqualTo(3600.0);
    }

    private long clientsOfConsultant() {
        return count("SELECT count(*) FROM client WHERE consultant_id = '" + consultant.id() + "'");
    }

    private UUID clientId(String email) {
        Map<String, Object> client = dashboard.post().uri("/api/v1/clients").bodyValue(Map.of("name", "Client " + email, "email", email))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        return UUID.fromString((String) client.get("id"));
    }

    private Map<String, Object> create(Map<String, Object> body) {
        return dashboard.post().uri("/api/v1/sessions").bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
    }

    private Map<String, Object> get(UUID id) {
        return dashboard.get().uri("/api/v1/sessions/{id}", id).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec patch(UUID id, Map<String, Object> changes) {
        return dashboard.patch().uri("/api/v1/sessions/{id}", id).bodyValue(changes).exchange();
    }

    private WebTestClient.ResponseSpec reschedule(UUID id, Instant startsAt, String reason) {
        return dashboard.post().uri("/api/v1/sessions/{id}/reschedule", id)
                .bodyValue(Map.of("startsAt", startsAt.toString(), "reason", reason)).exchange();
    }

    @SuppressWarnings("unchecked")
    private List<UUID> ids(String uri) {
        Map<String, Object> page = dashboard.get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) page.get("items")).stream().map(item -> UUID.fromString((String) item.get("id"))).toList();
    }

    private static String describe(SessionPaymentUpdated event) {
        return event.getPreviousPaymentStatus() + ">" + event.getPaymentStatus() + " " + event.getPaymentMethod() + " "
                + event.getAmountMinor() + " " + event.getCurrency();
    }

    /** A wall-clock time in the consultant's zone, {@code days} from today there. */
    private static Instant kolkata(int days, int hour, int minute) {
        return kolkataDay(days).atTime(hour, minute).atZone(KOLKATA).toInstant();
    }

    private static LocalDate kolkataDay(int days) {
        return LocalDate.now(KOLKATA).plusDays(days);
    }

    private static UUID id(Map<String, Object> session) {
        return UUID.fromString((String) session.get("id"));
    }

    private static Map<String, Object> withTitle(Map<String, Object> body, String title) {
        body.put("title", title);
        return body;
    }

    private static Map<String, Object> newClient(String email) {
        return Map.of("newClient", Map.of("name", "New " + email, "email", email));
    }

    private static Map<String, Object> newSession(Instant startsAt, Map<String, Object> client) {
        Map<String, Object> body = new HashMap<>(client);
        body.put("title", "Career call");
        body.put("type", "PERSONAL");
        body.put("startsAt", startsAt.toString());
        body.put("durationMinutes", 60);
        body.put("amount", "1200.00");
        body.put("platform", "ZOOM");
        body.put("notes", "bring CV");
        return body;
    }
}
