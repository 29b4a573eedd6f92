package com.nakksha.local.journeys;

import com.nakksha.local.SharedStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11's manage link on the launcher's stack, through the gateway: a public booking's answer carries the
 * client's manage path; with it and no account the client views the booking in their own zone, moves it to
 * another free slot (the old one is offered again, the consultant's dashboard shows the new time) and cancels
 * it with a reason, after which the link still shows it but changes nothing. A made-up token is 404. A change
 * the consultant's policy ({@code PUT /api/v1/booking-policy}) does not allow is a 409 problem saying which rule,
 * and leaves the booking as it was. A client moving a booking while the consultant cancels it ends cancelled
 * whichever comes first, and the link and the dashboard show the same booking afterwards.
 */
@ExtendWith(SharedStack.class)
// Each test has its own consultant and bookings, so the tests run side by side.
@Execution(ExecutionMode.CONCURRENT)
class ManageLinkJourneyIT {

    private static final Duration EVENTUAL = Duration.ofSeconds(60);
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    private static AdminLogin admin;
    /** An address of the class's own: the journeys run side by side, and the gateway limits per client address. */
    private static final PlatformClient client = PlatformClient.from("127.0.0.12");

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
        Instant booked = ConsultantOnboarding.firstFreeSlot(client, consultant, bookedDay);
        Instant moved = ConsultantOnboarding.firstFreeSlot(client, consultant, movedDay);

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
        assertThat(ConsultantOnboarding.freeSlots(client, consultant, bookedDay)).as("the slot given up is offered again").contains(booked);
        assertThat(ConsultantOnboarding.freeSlots(client, consultant, movedDay)).as("the slot moved to is taken").doesNotContain(moved);

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
        assertThat(ConsultantOnboarding.freeSlots(client, consultant, movedDay)).as("the cancelled booking's slot is offered again").contains(moved);
    }

    @Test
    void aChangeOutsideTheConsultantsPolicyIsRefusedSayingWhichRuleAndChangesNothing() throws Exception {
        ConsultantOnboarding.Consultant consultant = ConsultantOnboarding.approvedConsultant(client, admin);
        LocalDate bookedDay = LocalDate.now(KOLKATA).plusDays(5);
        Instant booked = ConsultantOnboarding.firstFreeSlot(client, consultant, bookedDay);
        Instant other = ConsultantOnboarding.firstFreeSlot(client, consultant, bookedDay.plusDays(1));
        // Changes until an hour before the start, but no reschedule at all through the link.
        setPolicy(consultant, 60, 0);

        PlatformClient.Response booking = book(consultant, booked);
        String sessionId = booking.text("sessionId");
        String managePath = booking.text("managePath");
        PlatformClient.Response before = view(managePath);
        assertThat(before.json().path("allowed").path("reschedule").asBoolean()).as(before.toString()).isFalse();
        assertThat(before.json().path("allowed").path("cancel").asBoolean()).as(before.toString()).isTrue();

        PlatformClient.Response moved = client.post(managePath + "/reschedule", null,
                Map.of("start", other.toString(), "reason", "A clash at work"));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(409);
        assertThat(moved.contentType()).startsWith("application/problem+json");
        assertThat(moved.text("detail")).as(moved.toString()).contains("allows 0 reschedules");
        assertThat(view(managePath).json()).as("a refused reschedule changes nothing").isEqualTo(before.json());

        // Changes only until seven days before: the booking, five days ahead, is already inside that.
        setPolicy(consultant, 7 * 24 * 60, 2);
        PlatformClient.Response insideNotice = view(managePath);
        assertThat(insideNotice.json().path("allowed").path("cancel").asBoolean()).as(insideNotice.toString()).isFalse();
        assertThat(insideNotice.json().path("allowed").path("refusal").asString()).contains("10080 minutes before");

        PlatformClient.Response cancelled = client.post(managePath + "/cancel", null, Map.of("reason", "Travelling"));
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(409);
        assertThat(cancelled.contentType()).startsWith("application/problem+json");
        assertThat(cancelled.text("title")).isEqualTo("Not allowed by the booking policy");
        assertThat(cancelled.text("detail")).as(cancelled.toString())
                .contains("until 10080 minutes before the session starts").contains("contact the consultant");
        PlatformClient.Response after = view(managePath);
        assertThat(after.json()).as("a refused cancellation changes nothing").isEqualTo(insideNotice.json());
        assertThat(after.text("status")).isEqualTo("PENDING");
        assertThat(instant(after.text("start"))).isEqualTo(booked);
        assertThat(after.header("ETag")).isEqualTo(before.header("ETag"));

        PlatformClient.Response dashboard = client.get("/api/v1/sessions/" + sessionId, consultant.accessToken());
        assertThat(dashboard.status()).as(dashboard.toString()).isEqualTo(200);
        assertThat(dashboard.text("status")).isEqualTo("PENDING");
        assertThat(instant(dashboard.text("startsAt"))).isEqualTo(booked);
        assertThat(dashboard.json().path("reschedules").size()).isZero();
        assertThat(ConsultantOnboarding.freeSlots(client, consultant, bookedDay)).as("the booking still holds its slot").doesNotContain(booked);
    }

    /**
     * Both changes lock the session row, so one waits for the other. The consultant may always cancel: their
     * cancellation answers 200 whether the session was moved meanwhile or not. The client's reschedule is then
     * either first (200, and the cancellation cancels the session at its new time) or second (409 problem: the
     * booking is cancelled and can no longer be changed, and it stays at its old time). Repeated, so that both
     * orders, and the one where the second waits for the first's lock, happen.
     */
    @Test
    void aClientRescheduleRacingTheConsultantsCancellationEndsCancelledAndBothSidesSeeTheSameBooking() throws Exception {
        ConsultantOnboarding.Consultant consultant = ConsultantOnboarding.approvedConsultant(client, admin);
        LocalDate bookedDay = LocalDate.now(KOLKATA).plusDays(8);
        LocalDate movedDay = bookedDay.plusDays(1);
        List<Instant> bookable = ConsultantOnboarding.freeSlots(client, consultant, bookedDay);
        List<Instant> targets = ConsultantOnboarding.freeSlots(client, consultant, movedDay);
        int rounds = 8;
        assertThat(bookable).hasSizeGreaterThanOrEqualTo(rounds);
        assertThat(targets).hasSizeGreaterThanOrEqualTo(rounds);
        List<String> outcomes = new ArrayList<>();

        for (int round = 0; round < rounds; round++) {
            Instant booked = bookable.get(round);
            Instant target = targets.get(round);
            PlatformClient.Response booking = book(consultant, booked);
            String sessionId = booking.text("sessionId");
            String managePath = booking.text("managePath");

            PlatformClient.Response reschedule;
            PlatformClient.Response cancel;
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService both = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<PlatformClient.Response> moving = both.submit(() -> {
                    go.await();
                    return client.post(managePath + "/reschedule", null, Map.of("start", target.toString(), "reason", "Earlier suits me"));
                });
                Future<PlatformClient.Response> cancelling = both.submit(() -> {
                    go.await();
                    return client.post("/api/v1/sessions/" + sessionId + "/cancel", consultant.accessToken(),
                            Map.of("reason", "Consultant unwell"));
                });
                go.countDown();
                reschedule = moving.get();
                cancel = cancelling.get();
            }

            assertThat(cancel.status()).as("round %d: the consultant's cancellation %s", round, cancel).isEqualTo(200);
            assertThat(cancel.text("status")).isEqualTo("CANCELLED");
            assertThat(reschedule.status()).as("round %d: the client's reschedule %s", round, reschedule).isIn(200, 409);
            boolean moved = reschedule.status() == 200;
            if (!moved) {
                assertThat(reschedule.contentType()).startsWith("application/problem+json");
                assertThat(reschedule.text("detail")).as(reschedule.toString()).contains("CANCELLED");
            }
            outcomes.add(moved ? "reschedule first" : "cancel first");
            Instant finalStart = moved ? target : booked;

            PlatformClient.Response link = view(managePath);
            assertThat(link.text("status")).as("round %d: %s", round, link).isEqualTo("CANCELLED");
            assertThat(link.text("cancellationReason")).isEqualTo("Consultant unwell");
            assertThat(instant(link.text("start"))).as("round %d: %s", round, link).isEqualTo(finalStart);
            assertThat(link.json().path("allowed").path("reschedule").asBoolean()).isFalse();
            PlatformClient.Response dashboard = client.get("/api/v1/sessions/" + sessionId, consultant.accessToken());
            assertThat(dashboard.status()).as(dashboard.toString()).isEqualTo(200);
            assertThat(dashboard.text("status")).isEqualTo("CANCELLED");
            assertThat(instant(dashboard.text("startsAt"))).as("round %d: %s", round, dashboard).isEqualTo(finalStart);
            assertThat(dashboard.json().path("reschedules").size()).isEqualTo(moved ? 1 : 0);
            assertThat(dashboard.header("ETag")).as("the link and the dashboard show the same version").isEqualTo(link.header("ETag"));
        }
        System.out.println("Reschedule/cancel race outcomes: " + outcomes);

        assertThat(ConsultantOnboarding.freeSlots(client, consultant, bookedDay)).as("every cancelled booking's first slot is offered again")
                .containsAll(bookable.subList(0, rounds));
        assertThat(ConsultantOnboarding.freeSlots(client, consultant, movedDay)).as("no moved-then-cancelled booking keeps its new slot")
                .containsAll(targets.subList(0, rounds));
    }

    /** The consultant's client policy: client changes until {@code noticeMinutes} before the start, a full refund. */
    private static void setPolicy(ConsultantOnboarding.Consultant consultant, int noticeMinutes, int maximumReschedules) {
        PlatformClient.Response policy = client.put("/api/v1/booking-policy", consultant.accessToken(), Map.of(
                "minimumNoticeMinutes", noticeMinutes, "maximumReschedules", maximumReschedules, "refund", "FULL"));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        assertThat(policy.json().path("minimumNoticeMinutes").asInt()).isEqualTo(noticeMinutes);
    }

    private static PlatformClient.Response book(ConsultantOnboarding.Consultant consultant, Instant start) throws InterruptedException {
        Map<String, Object> body = Map.of("start", start.toString(), "type", "PERSONAL", "durationMinutes", 30,
                "name", "Nisha Verma", "email", "nisha." + UUID.randomUUID().toString().substring(0, 8) + "@example.in");
        Map<String, String> headers = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        PlatformClient.Response booking = PlatformClient.honouringRetryAfter(() -> client.post(
                "/api/v1/public/consultants/" + consultant.slug() + "/bookings", null, body, headers));
        assertThat(booking.status()).as(booking.toString()).isEqualTo(201);
        return booking;
    }

    private static PlatformClient.Response view(String managePath) throws InterruptedException {
        PlatformClient.Response view = PlatformClient.honouringRetryAfter(() -> client.get(managePath, null));
        assertThat(view.status()).as(view.toString()).isEqualTo(200);
        return view;
    }

    private static Instant instant(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }
}
