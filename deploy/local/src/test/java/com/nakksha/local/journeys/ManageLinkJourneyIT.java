package com.nakksha.local.journeys;

import com.nakksha.local.SharedStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11's manage link on the launcher's stack, through the gateway: a public booking's answer carries the
 * client's manage path; with it and no account the client views the booking in their own zone, moves it to
 * another free slot (the old one is offered again, the consultant's dashboard shows the new time) and cancels
 * it with a reason, after which the link still shows it but changes nothing. A made-up token is 404.
 */
@ExtendWith(SharedStack.class)
class ManageLinkJourneyIT {

    private static final Duration EVENTUAL = Duration.ofSeconds(60);
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    private static AdminLogin admin;
    private static final PlatformClient client = new PlatformClient();

    @BeforeAll
    static void logInTheAdmin() {
        admin = new AdminLogin(client, SharedStack.dataDir());
    }

    @Test
    void aClientViewsReschedulesAndCancelsTheirBookingWithTheLinkFromTheBookingAnswer() throws Exception {
        ConsultantOnboarding.Consultant consultant = ConsultantOnboarding.approvedConsultant(client, admin);
        // The default policy allows client changes until 24 h before the start: both days are well beyond that.
        LocalDate bookedDay = LocalDate.now(KOLKATA).plusDays(5);
        LocalDate movedDay = bookedDay.plusDays(1);
        Instant booked = firstFreeSlot(consultant, bookedDay);
        Instant moved = firstFreeSlot(consultant, movedDay);

        PlatformClient.Response booking = client.post("/api/v1/public/consultants/" + consultant.slug() + "/bookings", null, Map.of(
                        "start", booked.toString(), "type", "PERSONAL", "durationMinutes", 30, "name", "Nisha Verma",
                        "email", "nisha." + UUID.randomUUID().toString().substring(0, 8) + "@example.in"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(booking.status()).as(booking.toString()).isEqualTo(201);
        String sessionId = booking.text("sessionId");
        String manageToken = booking.text("manageToken");
        String managePath = booking.text("managePath");
        assertThat(manageToken).as("at least 128 bits, base64url").matches("[A-Za-z0-9_-]{22,}");
        assertThat(managePath).isEqualTo("/api/v1/public/bookings/" + manageToken);

        PlatformClient.Response view = client.get(managePath + "?timeZone=Europe/London", null);
        assertThat(view.status()).as(view.toString()).isEqualTo(200);
        assertThat(view.text("sessionId")).isEqualTo(sessionId);
        assertThat(view.text("status")).isEqualTo("PENDING");
        assertThat(view.text("timeZone")).isEqualTo("Europe/London");
        assertThat(instant(view.text("start"))).isEqualTo(booked);
        assertThat(view.text("localStart")).startsWith(booked.atZone(ZoneId.of("Europe/London")).toLocalDate().toString());
        assertThat(view.json().path("allowed").path("reschedule").asBoolean()).as(view.toString()).isTrue();
        String firstVersion = view.header("ETag");
        assertThat(firstVersion).isNotBlank();

        // A token nobody was given finds nothing, for viewing and for changing alike.
        String madeUp = "/api/v1/public/bookings/" + "A".repeat(43);
        PlatformClient.Response unknown = client.get(madeUp, null);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(client.post(madeUp + "/cancel", null, Map.of("reason", "Guessing")).status()).isEqualTo(404);
        assertThat(client.post(madeUp + "/reschedule", null, Map.of("start", moved.toString())).status()).isEqualTo(404);

        PlatformClient.Response rescheduled = client.post(managePath + "/reschedule", null,
                Map.of("start", moved.toString(), "reason", "A clash at work"), Map.of("If-Match", firstVersion));
        assertThat(rescheduled.status()).as(rescheduled.toString()).isEqualTo(200);
        assertThat(instant(rescheduled.text("start"))).isEqualTo(moved);
        // The version the change was made from is gone: a second tab sending it is told so.
        PlatformClient.Response stale = client.post(managePath + "/cancel", null, Map.of("reason", "From an old tab"),
                Map.of("If-Match", firstVersion));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);

        PlatformClient.Response dashboard = client.get("/api/v1/sessions/" + sessionId, consultant.accessToken());
        assertThat(dashboard.status()).as(dashboard.toString()).isEqualTo(200);
        assertThat(instant(dashboard.text("startsAt"))).isEqualTo(moved);
        // The history keeps where it was and that the client moved it.
        assertThat(instant(dashboard.json().path("reschedules").path(0).path("previousStartsAt").asString())).isEqualTo(booked);
        assertThat(dashboard.json().path("reschedules").path(0).path("rescheduledBy").asString()).isEqualTo("CLIENT");
        assertThat(freeSlots(consultant, bookedDay)).as("the slot given up is offered again").contains(booked);
        assertThat(freeSlots(consultant, movedDay)).as("the slot moved to is taken").doesNotContain(moved);

        PlatformClient.Response cancelled = client.post(managePath + "/cancel", null, Map.of("reason", "Travelling"));
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");

        PlatformClient.Response afterwards = client.get(managePath, null);
        assertThat(afterwards.status()).as(afterwards.toString()).isEqualTo(200);
        assertThat(afterwards.text("status")).isEqualTo("CANCELLED");
        assertThat(afterwards.text("cancellationReason")).isEqualTo("Travelling");
        assertThat(afterwards.json().path("allowed").path("cancel").asBoolean()).isFalse();
        PlatformClient.Response tooLate = client.post(managePath + "/reschedule", null, Map.of("start", booked.toString()));
        assertThat(tooLate.status()).as(tooLate.toString()).isEqualTo(409);
        assertThat(tooLate.contentType()).startsWith("application/problem+json");

        await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            PlatformClient.Response seen = client.get("/api/v1/sessions/" + sessionId, consultant.accessToken());
            assertThat(seen.text("status")).as(seen.toString()).isEqualTo("CANCELLED");
        });
        assertThat(freeSlots(consultant, movedDay)).as("the cancelled booking's slot is offered again").contains(moved);
    }

    private static Instant firstFreeSlot(ConsultantOnboarding.Consultant consultant, LocalDate day) {
        List<Instant> slots = freeSlots(consultant, day);
        assertThat(slots).as("free slots on %s", day).isNotEmpty();
        return slots.getFirst();
    }

    private static List<Instant> freeSlots(ConsultantOnboarding.Consultant consultant, LocalDate day) {
        PlatformClient.Response slots = client.get("/api/v1/public/consultants/" + consultant.slug() + "/slots?from=" + day + "&to=" + day
                + "&type=PERSONAL&timeZone=Asia/Kolkata", null);
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        return slots.json().path("slots").valueStream().map(slot -> instant(slot.path("start").asString())).toList();
    }

    /** An instant as the API writes it, in UTC or with an offset. */
    private static Instant instant(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }
}
