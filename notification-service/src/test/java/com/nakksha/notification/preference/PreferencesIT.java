package com.nakksha.notification.preference;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.nakksha.events.BookingSource;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionType;
import com.nakksha.notification.AbstractNotificationIT;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A consultant's notification preferences: their own, applied at send time, transactional mails not optional. */
class PreferencesIT extends AbstractNotificationIT {

    private final UUID asha = UUID.randomUUID();
    private final UUID ravi = UUID.randomUUID();

    @Test
    void everyOptionalMailIsWantedUntilTurnedOffAndOneConsultantsChoiceLeavesAnothersAlone() {
        as(asha).get().uri("/api/v1/notifications/preferences").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.mails[?(@.template == 'QUOTATION_VIEWED')].enabled").isEqualTo(true)
                .jsonPath("$.mails[?(@.template == 'SESSION_CONFIRMED')]").isEmpty();

        as(asha).put().uri("/api/v1/notifications/preferences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mails\":{\"QUOTATION_VIEWED\":false,\"DAILY_AGENDA\":false}}").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.mails[?(@.template == 'QUOTATION_VIEWED')].enabled").isEqualTo(false)
                .jsonPath("$.mails[?(@.template == 'DAILY_AGENDA')].enabled").isEqualTo(false)
                .jsonPath("$.mails[?(@.template == 'QUOTATION_ACCEPTED')].enabled").isEqualTo(true);

        as(ravi).get().uri("/api/v1/notifications/preferences").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.mails[?(@.template == 'QUOTATION_VIEWED')].enabled").isEqualTo(true);
        as(asha).get().uri("/api/v1/notifications/preferences").exchange()
                .expectBody().jsonPath("$.mails[?(@.template == 'QUOTATION_VIEWED')].enabled").isEqualTo(false);
    }

    @Test
    void aTransactionalMailCannotBeTurnedOffAndNothingChanges() {
        as(asha).put().uri("/api/v1/notifications/preferences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mails\":{\"DAILY_AGENDA\":false,\"SESSION_CONFIRMED\":false}}").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("mails.SESSION_CONFIRMED");
        as(asha).put().uri("/api/v1/notifications/preferences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mails\":{\"NO_SUCH_MAIL\":false}}").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        as(asha).get().uri("/api/v1/notifications/preferences").exchange()
                .expectBody().jsonPath("$.mails[?(@.template == 'DAILY_AGENDA')].enabled").isEqualTo(true);
        web.get().uri("/api/v1/notifications/preferences").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aTurnedOffConsultantMailIsSkippedWhileTheClientStillGetsTheirs() {
        String consultantEmail = "asha." + asha + "@example.test";
        String clientEmail = "client." + asha + "@example.test";
        send(Topic.IDENTITY_CONSULTANT, asha.toString(), ConsultantRegistered.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(now()).setConsultantId(asha).setEmail(consultantEmail).setFirstName("Asha")
                .setLastName("Rao").setPhoneCountryCode("+91").setPhoneNumber("9800000000").build());
        send(Topic.IDENTITY_CONSULTANT, asha.toString(), ConsultantProfileUpdated.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(now()).setConsultantId(asha).setSlug("asha-" + asha).setFirstName("Asha")
                .setLastName("Rao").setCurrency("INR").setTimezone("Asia/Kolkata").setProfileVersion(1).build());
        as(asha).put().uri("/api/v1/notifications/preferences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mails\":{\"CONSULTANT_NEW_BOOKING\":false}}").exchange().expectStatus().isOk();

        UUID session = UUID.randomUUID();
        Instant startsAt = Instant.parse("2031-05-05T05:30:00Z");
        send(Topic.BOOKING_SESSION, session.toString(), SessionBooked.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(asha).setSessionId(session).setClientId(UUID.randomUUID())
                .setClientName("Meera").setClientEmail(clientEmail).setSessionType(SessionType.PERSONAL)
                .setTitle("Tax review").setStartsAt(startsAt).setEndsAt(startsAt.plus(Duration.ofHours(1)))
                .setDurationMinutes(60).setAmountMinor(100000).setCurrency("INR").setSource(BookingSource.MANUAL)
                .setPaymentStatus(PaymentStatus.PAID).setConsultantTimezone("Asia/Kolkata").build());
        SessionConfirmed confirmed = SessionConfirmed.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(asha).setSessionId(session).setClientId(UUID.randomUUID())
                .setStartsAt(startsAt).setEndsAt(startsAt.plus(Duration.ofHours(1))).setMeetingLink("https://meet.example/x").build();
        send(Topic.BOOKING_SESSION, session.toString(), confirmed);

        awaitMailTo(clientEmail);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(statusOf(confirmed.getEventId(), "CONSULTANT_NEW_BOOKING")).isEqualTo("SKIPPED"));
        assertThat(mailsTo(consultantEmail)).isEmpty();
        String reason = database.sql("SELECT skip_reason FROM email_log WHERE trigger_event_id = :id AND template = 'CONSULTANT_NEW_BOOKING'")
                .bind("id", confirmed.getEventId()).map(row -> row.get("skip_reason", String.class)).one().block();
        assertThat(reason).isEqualTo("the consultant turned off CONSULTANT_NEW_BOOKING mails");
    }

    private WebTestClient as(UUID consultant) {
        return web.mutate().defaultHeaders(h -> h.setBearerAuth(TestTokens.approvedConsultant(consultant))).build();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
