package com.nakksha.booking.publicpage;

import com.nakksha.booking.AbstractBookingIT;
import com.nakksha.booking.AvailabilityJson;
import com.nakksha.booking.BookingServiceTest;
import com.nakksha.booking.TestConsultant;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.tokens.TokenSeal;
import com.nakksha.testsupport.PublishedEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14: a free public booking stays PENDING, holding its time like an unpaid one, until its booker confirms
 * their email by the link SessionBooked carries sealed for the mail; unconfirmed, the hold runs out into ABANDONED.
 */
class FreeBookingIT extends AbstractBookingIT {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };
    private static final Map<String, byte[]> SEAL_KEYS =
            Map.of("test", Base64.getDecoder().decode(BookingServiceTest.CAPABILITY_SEAL_KEY));

    private TestConsultant consultant;
    private LocalDate day;

    @BeforeEach
    void consultantWithFreeSessionsAndPricedWebinars() {
        consultant = TestConsultant.approved(web, "Asia/Kolkata", 0L, 49900L);
        Map<String, Object> availability = AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00");
        availability.put("durations", Map.of("PERSONAL", List.of(60), "WEBINAR", List.of(60)));
        availability.put("webinarSeats", 3);
        dashboard(web.put().uri("/api/v1/availability").bodyValue(availability)).exchange().expectStatus().isOk();
        day = LocalDate.now(KOLKATA).plusDays(5);
    }

    @Test
    void aFreeBookingHoldsItsSlotPendingUntilTheBookerConfirmsAndAgainAnswersTheSame() {
        Instant ten = at("10:00");
        Map<String, Object> booked = book(ten, "PERSONAL", "free@example.com").expectStatus().isCreated()
                .expectBody(MAP).returnResult().getResponseBody();

        assertThat(booked).containsEntry("status", "PENDING").containsEntry("paymentStatus", "PENDING")
                .containsEntry("amount", 0.0).containsEntry("awaitingEmailConfirmation", true)
                .containsEntry("paymentCapability", null);
        Instant holdExpiresAt = Instant.parse((String) booked.get("holdExpiresAt"));
        assertThat(holdExpiresAt).isBetween(clock.instant().plus(Duration.ofMinutes(14)), clock.instant().plus(Duration.ofMinutes(16)));
        UUID id = UUID.fromString((String) booked.get("sessionId"));
        assertThat(slotStarts()).doesNotContain(ten.toString());
        book(ten, "PERSONAL", "rival@example.com").expectStatus().isEqualTo(409);

        String token = confirmationToken(id);
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.BOOKING_SESSION, SessionConfirmed.class,
                event -> event.getSessionId().equals(id))).as("nothing is confirmed before the booker is").isEmpty();
        assertThat(session(id)).containsEntry("status", "PENDING");

        Map<String, Object> confirmed = confirm(token).expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();

        assertThat(confirmed).containsEntry("sessionId", id.toString()).containsEntry("status", "CONFIRMED")
                .containsEntry("paymentStatus", "PAID").containsEntry("start", ten.toString());
        assertThat(session(id)).containsEntry("status", "CONFIRMED").containsEntry("paymentStatus", "PAID")
                .containsEntry("holdExpiresAt", null);
        SessionConfirmed event = PublishedEvents.await(Topic.BOOKING_SESSION, SessionConfirmed.class,
                candidate -> candidate.getSessionId().equals(id));
        assertThat(event.getMeetingLink()).isEqualTo("https://zoom.example.com/j/123");
        SessionPaymentUpdated paid = PublishedEvents.await(Topic.BOOKING_SESSION, SessionPaymentUpdated.class,
                candidate -> candidate.getSessionId().equals(id));
        assertThat(paid.getPaymentStatus().name()).isEqualTo("PAID");

        assertThat(confirm(token).expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody()).isEqualTo(confirmed);
        assertThat(PublishedEvents.within(Duration.ofSeconds(2), Topic.BOOKING_SESSION, SessionConfirmed.class,
                candidate -> candidate.getSessionId().equals(id))).hasSize(1);

        clock.advance(Duration.ofMinutes(16));
        assertThat(session(id)).as("a confirmed booking has no hold left to run out").containsEntry("status", "CONFIRMED");
    }

    @Test
    void aPricedBookingWaitsForItsPaymentAndCarriesNoConfirmationLink() {
        Map<String, Object> booked = book(at("12:00"), "WEBINAR", "payer@example.com").expectStatus().isCreated()
                .expectBody(MAP).returnResult().getResponseBody();

        assertThat(booked).containsEntry("awaitingEmailConfirmation", false);
        assertThat(booked.get("paymentCapability")).isNotNull();
        UUID id = UUID.fromString((String) booked.get("sessionId"));
        SessionBooked event = PublishedEvents.await(Topic.BOOKING_SESSION, SessionBooked.class,
                candidate -> candidate.getSessionId().equals(id));
        assertThat(event.getSealedEmailConfirmationToken()).isNull();
    }

    @Test
    void anUnconfirmedFreeBookingIsAbandonedWhenItsHoldRunsOutAndItsLinkThenAnswers410() {
        Instant ten = at("10:00");
        UUID id = sessionId(book(ten, "PERSONAL", "never@example.com"));
        String token = confirmationToken(id);

        clock.advance(Duration.ofMinutes(16));

        await().atMost(Duration.ofSeconds(20)).until(() -> "ABANDONED".equals(session(id).get("status")));
        PublishedEvents.await(Topic.BOOKING_SESSION, SessionAbandoned.class, event -> event.getSessionId().equals(id));
        assertThat(slotStarts()).contains(ten.toString());
        confirm(token).expectStatus().isEqualTo(410)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Confirmation link expired");
        assertThat(session(id)).containsEntry("status", "ABANDONED");
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.BOOKING_SESSION, SessionConfirmed.class,
                event -> event.getSessionId().equals(id))).isEmpty();
        book(ten, "PERSONAL", "someone-else@example.com").expectStatus().isCreated();
    }

    @Test
    void anAlteredTokenIs400NamingTheTokenAndChangesNothing() {
        UUID id = sessionId(book(at("10:00"), "PERSONAL", "tamper@example.com"));
        String token = confirmationToken(id);
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        for (String wrong : List.of(altered, token.substring(0, token.length() - 4), "v1.test.not-a-token", "anything")) {
            confirm(wrong).expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("token");
        }
        // The manage token (the other token the booker holds) is no confirmation link either.
        String manage = TokenSeal.open(SEAL_KEYS, booked(id).getSealedManageToken(), "MANAGE:" + id);
        confirm(manage).expectStatus().isBadRequest();

        assertThat(session(id)).containsEntry("status", "PENDING").containsEntry("paymentStatus", "PENDING");
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.BOOKING_SESSION, SessionConfirmed.class,
                event -> event.getSessionId().equals(id))).isEmpty();
    }

    @Test
    void aFreeBookingCancelledThroughItsManageLinkCannotBeConfirmed() {
        Map<String, Object> booked = book(at("10:00"), "PERSONAL", "cancel@example.com").expectStatus().isCreated()
                .expectBody(MAP).returnResult().getResponseBody();
        UUID id = UUID.fromString((String) booked.get("sessionId"));
        String token = confirmationToken(id);
        web.post().uri((String) booked.get("managePath") + "/cancel").bodyValue(Map.of("reason", "not needed"))
                .exchange().expectStatus().isOk();

        confirm(token).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(session(id)).containsEntry("status", "CANCELLED");
    }

    /** The link's token as notification-service opens it from SessionBooked. */
    private String confirmationToken(UUID sessionId) {
        String sealed = booked(sessionId).getSealedEmailConfirmationToken();
        assertThat(sealed).startsWith("v1.test.");
        return TokenSeal.open(SEAL_KEYS, sealed, "CONFIRM_EMAIL:" + sessionId);
    }

    private static SessionBooked booked(UUID sessionId) {
        return PublishedEvents.await(Topic.BOOKING_SESSION, SessionBooked.class,
                candidate -> candidate.getSessionId().equals(sessionId));
    }

    private WebTestClient.ResponseSpec confirm(String token) {
        return web.post().uri("/api/v1/public/bookings/confirm-email").bodyValue(Map.of("token", token)).exchange();
    }

    private WebTestClient.ResponseSpec book(Instant start, String type, String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("start", start.toString());
        body.put("type", type);
        body.put("name", "Client " + email);
        body.put("email", email);
        return web.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body).exchange();
    }

    private static UUID sessionId(WebTestClient.ResponseSpec response) {
        Map<?, ?> body = response.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return UUID.fromString((String) body.get("sessionId"));
    }

    private Map<String, Object> session(UUID id) {
        return dashboard(web.get().uri("/api/v1/sessions/{id}", id)).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private List<String> slotStarts() {
        Map<String, Object> body = web.get()
                .uri("/api/v1/public/consultants/{slug}/slots?from={day}&to={day}&type=PERSONAL", consultant.slug(), day, day)
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) body.get("slots")).stream().map(slot -> (String) slot.get("start")).toList();
    }

    private Instant at(String time) {
        return day.atTime(LocalTime.parse(time)).atZone(KOLKATA).toInstant();
    }

    private <S extends WebTestClient.RequestHeadersSpec<?>> S dashboard(S request) {
        request.headers(headers -> headers.setBearerAuth(consultant.token()));
        return request;
    }
}
