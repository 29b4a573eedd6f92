package com.nakksha.booking.publicpage;

import com.nakksha.booking.AvailabilityJson;
import com.nakksha.booking.AbstractBookingIT;
import com.nakksha.booking.BookingServiceTest;
import com.nakksha.testsupport.PublishedEvents;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.booking.TestConsultant;
import com.nakksha.events.ClientCreated;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentFailed;
import com.nakksha.events.PaymentOrderOpened;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionHoldExtended;
import com.nakksha.events.SessionPaymentDeclined;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.tokens.PaymentCapabilityToken;
import com.nakksha.schemas.tokens.TokenSeal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PublicBookingIT extends AbstractBookingIT {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    private TestConsultant consultant;
    private LocalDate day;

    @BeforeEach
    void consultantOpenFromNineToFiveInKolkata() {
        consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, 49900L);
        Map<String, Object> availability = AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00");
        availability.put("durations", Map.of("PERSONAL", List.of(60, 30), "WEBINAR", List.of(60)));
        availability.put("webinarSeats", 3);
        dashboard(web.put().uri("/api/v1/availability").bodyValue(availability)).exchange().expectStatus().isOk();
        day = LocalDate.now(KOLKATA).plusDays(5);
    }

    @Test
    void aBookingHoldsTheSlotAtTheConsultantsPriceAndIsAnnounced() throws Exception {
        Instant ten = at("10:00");

        Map<String, Object> booked = book(ten, "PERSONAL", null, "Meera@Example.com", UUID.randomUUID().toString())
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat(booked).containsEntry("status", "PENDING").containsEntry("paymentStatus", "PENDING")
                .containsEntry("amount", 1500.0).containsEntry("currency", "INR").containsEntry("title", "Career call")
                .containsEntry("start", ten.toString()).containsEntry("durationMinutes", 60);
        Instant holdExpiresAt = Instant.parse((String) booked.get("holdExpiresAt"));
        assertThat(holdExpiresAt).isBetween(Instant.now().plus(Duration.ofMinutes(14)), Instant.now().plus(Duration.ofMinutes(16)));
        assertThat(slotStarts("PERSONAL", 60)).doesNotContain(ten.toString(), at("09:30").toString()).contains(at("11:00").toString());

        UUID sessionId = UUID.fromString((String) booked.get("sessionId"));
        SessionBooked event = PublishedEvents.await(Topic.BOOKING_SESSION, SessionBooked.class,
                candidate -> candidate.getSessionId().equals(sessionId));
        assertThat(event.getAmountMinor()).isEqualTo(150000L);
        assertThat(event.getCurrency()).isEqualTo("INR");
        assertThat(event.getSource().name()).isEqualTo("PUBLIC");
        assertThat(event.getClientEmail()).isEqualTo("Meera@Example.com");
        assertThat(event.getStartsAt()).isEqualTo(ten);
        assertThat(event.getHoldExpiresAt()).isEqualTo(holdExpiresAt.truncatedTo(ChronoUnit.MILLIS));
        assertThat(event.getConsultantTimezone()).isEqualTo("Asia/Kolkata");
        assertThat(event.getMeetingLink()).isEqualTo("https://zoom.example.com/j/123");
        assertThat(booked).containsEntry("payableId", sessionId.toString());
        String capability = (String) booked.get("paymentCapability");
        assertThat(capability).matches("[A-Za-z0-9_-]{43}");
        // What payment-service's order endpoint compares: lowercase hex SHA-256 of the token's UTF-8 bytes.
        assertThat(event.getPaymentCapabilityHash()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(capability.getBytes(StandardCharsets.UTF_8))));
        // Tagged for this session with the key payment-service shares, so it can tell it from a guess before the event arrives.
        assertThat(PaymentCapabilityToken.isIssuedFor(capability, sessionId,
                List.of(Base64.getDecoder().decode(BookingServiceTest.CAPABILITY_TAG_KEY)))).isTrue();
        // Sealed for notification-service's pay link: only the seal key opens it, and only for this session.
        assertThat(event.getSealedPaymentCapability()).startsWith("v1.test.").doesNotContain(capability);
        Map<String, byte[]> sealKeys = Map.of("test", Base64.getDecoder().decode(BookingServiceTest.CAPABILITY_SEAL_KEY));
        assertThat(TokenSeal.open(sealKeys, event.getSealedPaymentCapability(), "PAYMENT:" + sessionId)).isEqualTo(capability);
        assertThatThrownBy(() -> TokenSeal.open(sealKeys, event.getSealedPaymentCapability(), "PAYMENT:" + UUID.randomUUID()))
                .isInstanceOf(IllegalStateException.class);
        // The manage token travels sealed the same way, for the manage link in every booking mail; never in clear.
        String manageToken = (String) booked.get("manageToken");
        assertThat(event.getSealedManageToken()).startsWith("v1.test.").doesNotContain(manageToken);
        assertThat(event.toString()).doesNotContain(manageToken).doesNotContain(capability);
        assertThat(TokenSeal.open(sealKeys, event.getSealedManageToken(), "MANAGE:" + sessionId)).isEqualTo(manageToken);
        assertThatThrownBy(() -> TokenSeal.open(sealKeys, event.getSealedManageToken(), "PAYMENT:" + sessionId))
                .isInstanceOf(IllegalStateException.class);
        ClientCreated client = PublishedEvents.await(Topic.BOOKING_CLIENT, ClientCreated.class,
                candidate -> candidate.getClientId().equals(event.getClientId()));
        assertThat(client.getConsultantId()).isEqualTo(consultant.id());

        // Unpaid, the booker is a lead: listed with leads=true, not among the clients.
        dashboard(web.get().uri("/api/v1/clients?leads=true&q=meera")).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalItems").isEqualTo(1)
                .jsonPath("$.items[0].email").isEqualTo("Meera@Example.com")
                .jsonPath("$.items[0].totalSessions").isEqualTo(1)
                .jsonPath("$.items[0].totalPaid").isEqualTo(0.0);
    }

    @Test
    void aBookingIsCheckedInTheZoneOfThePagesProfileOnceTheConsultantMoved() {
        consultant.profile("Europe/London", 150000L, 49900L, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> "Europe/London".equals(web.get()
                .uri("/api/v1/public/consultants/{slug}", consultant.slug()).exchange()
                .expectBody(Map.class).returnResult().getResponseBody().get("timeZone")));
        ZoneId london = ZoneId.of("Europe/London");

        book(at("09:00"), "PERSONAL", 60, "early@example.com", UUID.randomUUID().toString())
                .expectStatus().isBadRequest();
        book(day.atTime(9, 0).atZone(london).toInstant(), "PERSONAL", 60, "london@example.com", UUID.randomUUID().toString())
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.consultantTimeZone").isEqualTo("Europe/London");
    }

    @Test
    void theSameEmailInAnotherCaseIsTheSameClient() {
        book(at("10:00"), "PERSONAL", null, "ravi@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();
        book(at("12:00"), "PERSONAL", null, "RAVI@EXAMPLE.COM", UUID.randomUUID().toString()).expectStatus().isCreated();

        dashboard(web.get().uri("/api/v1/clients?leads=true&q=ravi")).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalItems").isEqualTo(1)
                .jsonPath("$.items[0].totalSessions").isEqualTo(2);
        // The second booking met the client in its upsert, which added to its totals: announced once, as new.
        PublishedEvents.await(Topic.BOOKING_CLIENT, ClientCreated.class, event -> event.getConsultantId().equals(consultant.id())
                && "ravi@example.com".equalsIgnoreCase(event.getEmail()));
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.BOOKING_CLIENT, ClientCreated.class,
                event -> event.getConsultantId().equals(consultant.id()) && "ravi@example.com".equalsIgnoreCase(event.getEmail())))
                .hasSize(1);
    }

    @Test
    void bookersWhoNeverPaidAreLeadsHiddenFromTheClientListUntilTheyPay() {
        UUID paid = sessionId(book(at("10:00"), "PERSONAL", null, "lead-paid@example.com", UUID.randomUUID().toString()));
        book(at("12:00"), "PERSONAL", null, "lead-held@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();
        UUID abandoned = sessionId(book(at("14:00"), "PERSONAL", null, "lead-gone@example.com", UUID.randomUUID().toString()));
        dashboard(web.post().uri("/api/v1/sessions/{id}/cancel", abandoned)).bodyValue(Map.of("reason", "never paid"))
                .exchange().expectStatus().isOk();
        dashboard(web.post().uri("/api/v1/clients")).bodyValue(Map.of("name", "Walk In", "email", "lead-walkin@example.com"))
                .exchange().expectStatus().isCreated();

        assertThat(clientEmails("?q=lead-")).containsExactlyInAnyOrder("lead-walkin@example.com");
        assertThat(clientEmails("?leads=true&q=lead-"))
                .containsExactlyInAnyOrder("lead-paid@example.com", "lead-held@example.com", "lead-gone@example.com");

        TestConsultant.send(Topic.PAYMENT_PAYMENT, paid.toString(), captured(paid));
        await().atMost(Duration.ofSeconds(20)).until(() -> "CONFIRMED".equals(session(paid).get("status")));

        assertThat(clientEmails("?q=lead-")).containsExactlyInAnyOrder("lead-walkin@example.com", "lead-paid@example.com");
        assertThat(clientEmails("?leads=true&q=lead-")).containsExactlyInAnyOrder("lead-held@example.com", "lead-gone@example.com");
    }

    @SuppressWarnings("unchecked")
    private List<String> clientEmails(String query) {
        Map<String, Object> page = dashboard(web.get().uri("/api/v1/clients" + query)).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) page.get("items")).stream().map(item -> (String) item.get("email")).toList();
    }

    @Test
    void aPriceSentByTheClientIsRefusedAndNothingIsStored() {
        long sessionsBefore = count("SELECT count(*) FROM session");
        Map<String, Object> body = bookingBody(at("10:00"), "PERSONAL", null, "cheap@example.com");
        body.put("amount", 1);

        web.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                .header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(count("SELECT count(*) FROM session")).isEqualTo(sessionsBefore);
    }

    @Test
    void aBookingWritesItsSessionManageLinkAndKeyInOneStatementAtCommit() {
        String key = UUID.randomUUID().toString();
        UUID sessionId = sessionId(book(at("10:00"), "PERSONAL", null, "onestatement@example.com", key));

        // xmin is the writing transaction, cmin the command (statement) in it: one value for all three is one statement.
        List<String> writers = database.sql("""
                        SELECT xmin::text || '/' || cmin::text AS writer FROM session WHERE id = :id
                        UNION ALL SELECT xmin::text || '/' || cmin::text FROM session_manage_link WHERE session_id = :id
                        UNION ALL SELECT xmin::text || '/' || cmin::text FROM idempotency_key WHERE idempotency_key = :key""")
                .bind("id", sessionId)
                .bind("key", key)
                .map(row -> row.get("writer", String.class))
                .all().collectList().block();
        assertThat(writers).hasSize(3);
        assertThat(writers.stream().distinct()).hasSize(1);
    }

    @Test
    void aBookingOnAProfileAndAvailabilityKeptFromAnEarlierBookingUsesWhatAnotherInstanceChangedSince() {
        book(at("10:00"), "PERSONAL", null, "kept@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();
        hoursWrittenByAnotherInstance("13:00", "17:00");

        book(at("11:00"), "PERSONAL", 60, "kept@example.com", UUID.randomUUID().toString())
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("start");
        book(at("14:00"), "PERSONAL", 60, "kept@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();

        database.sql("UPDATE consultant_profile SET approval = 'SUSPENDED' WHERE consultant_id = :id")
                .bind("id", consultant.id()).then().block();
        long sessionsBefore = count("SELECT count(*) FROM session WHERE consultant_id = '" + consultant.id() + "'");
        book(at("15:00"), "PERSONAL", 60, "kept@example.com", UUID.randomUUID().toString())
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("SELECT count(*) FROM session WHERE consultant_id = '" + consultant.id() + "'")).isEqualTo(sessionsBefore);
    }

    @Test
    void hoursAndAnApprovalAnotherInstanceGaveSinceAnEarlierBookingAreBookableAtOnce() {
        book(at("10:00"), "PERSONAL", null, "opened@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();
        hoursWrittenByAnotherInstance("09:00", "21:00");

        book(at("18:00"), "PERSONAL", 60, "opened@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();

        database.sql("UPDATE consultant_profile SET approval = 'SUSPENDED' WHERE consultant_id = :id")
                .bind("id", consultant.id()).then().block();
        book(at("19:00"), "PERSONAL", 60, "opened@example.com", UUID.randomUUID().toString()).expectStatus().isNotFound();
        database.sql("UPDATE consultant_profile SET approval = 'APPROVED' WHERE consultant_id = :id")
                .bind("id", consultant.id()).then().block();
        book(at("19:00"), "PERSONAL", 60, "opened@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();
    }

    /**
     * The consultant's hours changed to {@code from}-{@code to} every day, written straight into the database as
     * another instance would write them: this one is not told. The rules are made by the API, for a consultant of
     * their own.
     */
    private void hoursWrittenByAnotherInstance(String from, String to) {
        TestConsultant template = TestConsultant.approved(web, "Asia/Kolkata", 150000L, 49900L);
        web.put().uri("/api/v1/availability").headers(headers -> headers.setBearerAuth(template.token()))
                .bodyValue(AvailabilityJson.openEveryDay("Asia/Kolkata", from, to)).exchange().expectStatus().isOk();
        database.sql("UPDATE availability SET rules = (SELECT rules FROM availability WHERE consultant_id = :from) WHERE consultant_id = :to")
                .bind("from", template.id()).bind("to", consultant.id()).then().block();
    }

    @Test
    void aTimeTheDatabaseRefusesAtCommitIsASlotTakenAnswerKeptForItsKey() throws Exception {
        Instant ten = at("10:00");
        UUID template = sessionId(book(at("14:00"), "PERSONAL", null, "template@example.com", UUID.randomUUID().toString()));
        String key = UUID.randomUUID().toString();
        long sessionsBefore = count("SELECT count(*) FROM session");
        try (Connection blocker = TestInfrastructure.superuserConnection()) {
            blocker.setAutoCommit(false);
            // A session at ten that nothing has committed: the booking's check cannot see it, the exclusion constraint
            // makes the booking's insert wait for it at commit and then refuses the time.
            try (Statement sql = blocker.createStatement()) {
                sql.execute("CREATE TEMPORARY TABLE blocker ON COMMIT DROP AS SELECT * FROM booking.session WHERE id = '" + template + "'");
                sql.execute("UPDATE blocker SET id = gen_random_uuid(), starts_at = '" + ten + "', blocked = tstzrange('" + ten
                        + "', '" + ten.plus(Duration.ofHours(1)) + "', '[)')");
                sql.execute("UPDATE blocker SET occupancy_key = id");
                sql.execute("INSERT INTO booking.session SELECT * FROM blocker");
            }
            CompletableFuture<Map<String, Object>> refused = CompletableFuture.supplyAsync(() ->
                    book(ten, "PERSONAL", null, "late@example.com", key).expectStatus().isEqualTo(409)
                            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                            .expectBody(MAP).returnResult().getResponseBody());
            // The statement of the writes at commit (its text is cut at 1 kB here, before the session's insert).
            await().atMost(Duration.ofSeconds(20)).until(() -> count("""
                    SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'WITH w0 AS (%'""") == 1);
            blocker.commit();

            assertThat(refused.get(20, TimeUnit.SECONDS)).containsEntry("title", "Slot taken");
        }
        assertThat(count("SELECT count(*) FROM session")).as("the blocker's session only").isEqualTo(sessionsBefore + 1);
        assertThat(count("SELECT count(*) FROM client WHERE email = 'late@example.com' AND consultant_id = '" + consultant.id() + "'"))
                .as("rolled back with it").isZero();
        book(ten, "PERSONAL", null, "late@example.com", key).expectStatus().isEqualTo(409);
    }

    @Test
    void theSameKeyAndBodyGetTheFirstResponseAndAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();

        Map<?, ?> first = book(at("10:00"), "PERSONAL", null, "same@example.com", key).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> again = book(at("10:00"), "PERSONAL", null, "same@example.com", key).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        book(at("11:00"), "PERSONAL", null, "same@example.com", key).expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        book(at("11:00"), "PERSONAL", null, "same@example.com", null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");

        assertThat(again).isEqualTo(first);
        assertThat(first.get("paymentCapability")).isNotNull();
        Map<?, ?> other = book(at("12:00"), "PERSONAL", null, "same@example.com", UUID.randomUUID().toString())
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(other.get("paymentCapability")).isNotNull().isNotEqualTo(first.get("paymentCapability"));
        assertThat(count("SELECT count(*) FROM session WHERE consultant_id = '" + consultant.id() + "'")).isEqualTo(2);
    }

    @Test
    void aSlotTakenAnswerIsKeptForItsKeyAndARetryGetsItAgainWithoutBookingEvenOnceTheSlotIsFree() {
        Instant ten = at("10:00");
        UUID holder = sessionId(book(ten, "PERSONAL", null, "holder@example.com", UUID.randomUUID().toString()));
        String key = UUID.randomUUID().toString();
        Map<String, Object> refused = book(ten, "PERSONAL", null, "racer@example.com", key)
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(refused).containsEntry("title", "Slot taken");
        assertThat(count("SELECT count(*) FROM client WHERE email = 'racer@example.com' AND consultant_id = '" + consultant.id() + "'"))
                .as("the refused attempt's client is rolled back with it").isZero();

        dashboard(web.post().uri("/api/v1/sessions/{id}/cancel", holder)).bodyValue(Map.of("reason", "client asked"))
                .exchange().expectStatus().isOk();
        assertThat(slotStarts("PERSONAL", 60)).contains(ten.toString());

        Map<String, Object> retried = book(ten, "PERSONAL", null, "racer@example.com", key)
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(retried).isEqualTo(refused);
        assertThat(count("SELECT count(*) FROM client WHERE email = 'racer@example.com' AND consultant_id = '" + consultant.id() + "'")).isZero();
        book(at("11:00"), "PERSONAL", null, "racer@example.com", key).expectStatus().isEqualTo(422);

        book(ten, "PERSONAL", null, "racer@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();
        assertThat(count("SELECT count(*) FROM session WHERE consultant_id = '" + consultant.id() + "' AND status = 'PENDING'"))
                .isEqualTo(1);
    }

    @Test
    void aRetryOnceItsBookingWasCancelledGetsTheFirstAnswerAndBooksNothingAgain() {
        Instant ten = at("10:00");
        String key = UUID.randomUUID().toString();
        Map<?, ?> first = book(ten, "PERSONAL", null, "retrier@example.com", key).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        dashboard(web.post().uri("/api/v1/sessions/{id}/cancel", first.get("sessionId")))
                .bodyValue(Map.of("reason", "client asked")).exchange().expectStatus().isOk();
        assertThat(slotStarts("PERSONAL", 60)).contains(ten.toString());

        Map<?, ?> retried = book(ten, "PERSONAL", null, "retrier@example.com", key).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat(retried).isEqualTo(first);
        assertThat(count("SELECT count(*) FROM session WHERE consultant_id = '" + consultant.id() + "'"))
                .as("the retry's second booking is rolled back").isEqualTo(1);
        assertThat(count("SELECT total_sessions FROM client WHERE email = 'retrier@example.com' AND consultant_id = '"
                + consultant.id() + "'")).isZero();
        assertThat(slotStarts("PERSONAL", 60)).contains(ten.toString());
    }

    @Test
    void aTakenSlotIs409AndOverlappingSlotsOfDifferentLengthsCannotBothBeBooked() {
        book(at("10:00"), "PERSONAL", 60, "first@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();

        book(at("10:00"), "PERSONAL", 60, "second@example.com", UUID.randomUUID().toString())
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Slot taken");
        book(at("10:30"), "PERSONAL", 30, "second@example.com", UUID.randomUUID().toString()).expectStatus().isEqualTo(409);
        book(at("09:30"), "PERSONAL", 60, "second@example.com", UUID.randomUUID().toString()).expectStatus().isEqualTo(409);
        book(at("11:00"), "PERSONAL", 30, "second@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();
        book(at("09:30"), "PERSONAL", 30, "third@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();

        assertThat(slotStarts("PERSONAL", 30)).doesNotContain(at("09:30").toString(), at("10:00").toString(),
                at("10:30").toString(), at("11:00").toString()).contains(at("09:00").toString(), at("11:30").toString());
    }

    @Test
    void aWebinarWithThreeSeatsTakesExactlyThreeAndBlocksPersonalSessions() {
        Instant two = at("14:00");
        for (int seat = 1; seat <= 3; seat++) {
            book(two, "WEBINAR", null, "seat" + seat + "@example.com", UUID.randomUUID().toString())
                    .expectStatus().isCreated()
                    .expectBody().jsonPath("$.amount").isEqualTo(499.0);
            if (seat < 3) {
                assertThat(webinarSeatsLeft(two)).isEqualTo(3 - seat);
            }
        }

        book(two, "WEBINAR", null, "seat4@example.com", UUID.randomUUID().toString())
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.title").isEqualTo("Slot taken");
        book(at("14:30"), "PERSONAL", 30, "solo@example.com", UUID.randomUUID().toString()).expectStatus().isEqualTo(409);
        assertThat(webinarSeatsLeft(two)).isNull();
        assertThat(count("SELECT count(*) FROM session WHERE session_type = 'WEBINAR' AND consultant_id = '" + consultant.id() + "'"))
                .isEqualTo(3);
    }

    @Test
    void anExpiredHoldIsAbandonedFreesTheSlotAndTheNextBookingMustBePaidAgain() {
        Instant ten = at("10:00");
        UUID first = sessionId(book(ten, "PERSONAL", null, "late@example.com", UUID.randomUUID().toString()));
        book(ten, "PERSONAL", null, "other@example.com", UUID.randomUUID().toString()).expectStatus().isEqualTo(409);

        clock.advance(Duration.ofMinutes(16));

        await().atMost(Duration.ofSeconds(20)).until(() -> "ABANDONED".equals(session(first).get("status")));
        assertThat(slotStarts("PERSONAL", 60)).contains(ten.toString());
        SessionAbandoned abandoned = PublishedEvents.await(Topic.BOOKING_SESSION, SessionAbandoned.class,
                event -> event.getSessionId().equals(first));
        assertThat(abandoned.getConsultantId()).isEqualTo(consultant.id());

        Map<String, Object> second = book(ten, "PERSONAL", null, "late@example.com", UUID.randomUUID().toString())
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        assertThat(second).containsEntry("status", "PENDING").containsEntry("paymentStatus", "PENDING");
        assertThat(second.get("sessionId")).isNotEqualTo(first.toString());
    }

    @Test
    void anOrderOpenedWhileTheHoldRunsKeepsTheSlotForTheGraceAndThenItIsGivenBack() {
        Instant ten = at("10:00");
        Map<String, Object> booked = book(ten, "PERSONAL", null, "upi@example.com", UUID.randomUUID().toString())
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        UUID id = UUID.fromString((String) booked.get("sessionId"));
        Instant hold = Instant.parse((String) booked.get("holdExpiresAt"));

        clock.advance(Duration.ofMinutes(14));
        TestConsultant.send(Topic.PAYMENT_PAYMENT, id.toString(), PaymentOrderOpened.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .setConsultantId(consultant.id()).setPayableType(PayableType.SESSION).setPayableId(id)
                .setOrderId("order_upi").setAmountMinor(150000).setCurrency("INR").build());

        SessionHoldExtended extended = PublishedEvents.await(Topic.BOOKING_SESSION, SessionHoldExtended.class,
                event -> event.getSessionId().equals(id));
        assertThat(extended.getPreviousHoldExpiresAt()).isEqualTo(hold.truncatedTo(ChronoUnit.MILLIS));
        assertThat(extended.getHoldExpiresAt()).isEqualTo(hold.plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS));
        assertThat(session(id)).containsEntry("holdExpiresAt", hold.plus(Duration.ofMinutes(10)).toString());

        clock.advance(Duration.ofMinutes(2));
        book(ten, "PERSONAL", null, "rival@example.com", UUID.randomUUID().toString()).expectStatus().isEqualTo(409);
        assertThat(session(id)).containsEntry("status", "PENDING");

        clock.advance(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> "ABANDONED".equals(session(id).get("status")));
        book(ten, "PERSONAL", null, "rival@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();
    }

    @Test
    void aBookingWhoseHoldRanOutIsGivenBackByTheNextBookingEvenBeforeTheJobRuns() {
        Instant ten = at("10:00");
        UUID first = sessionId(book(ten, "PERSONAL", null, "slow@example.com", UUID.randomUUID().toString()));
        clock.advance(Duration.ofMinutes(15));

        book(ten, "PERSONAL", null, "quick@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();

        assertThat(session(first).get("status")).isEqualTo("ABANDONED");
    }

    @Test
    void timeHeldByAnExpiredHoldIsFreeAtOnceForManualSessionsAndMovesToo() {
        UUID heldAtTen = sessionId(book(at("10:00"), "PERSONAL", null, "gone1@example.com", UUID.randomUUID().toString()));
        UUID heldAtTwo = sessionId(book(at("14:00"), "PERSONAL", null, "gone2@example.com", UUID.randomUUID().toString()));
        UUID heldAtNine = sessionId(book(at("09:00"), "PERSONAL", null, "gone3@example.com", UUID.randomUUID().toString()));
        List<UUID> webinarSeats = new ArrayList<>();
        for (int seat = 1; seat <= 3; seat++) {
            webinarSeats.add(sessionId(book(at("12:00"), "WEBINAR", null, "gone-seat" + seat + "@example.com",
                    UUID.randomUUID().toString())));
        }
        Map<String, Object> created = manualSession(at("16:00"), "PERSONAL").expectStatus().isCreated()
                .expectBody(MAP).returnResult().getResponseBody();
        UUID confirmed = UUID.fromString((String) created.get("id"));
        manualSession(at("10:00"), "PERSONAL").expectStatus().isEqualTo(409);
        manualSession(at("12:00"), "WEBINAR").expectStatus().isEqualTo(409);

        clock.advance(Duration.ofMinutes(15));

        manualSession(at("10:00"), "PERSONAL").expectStatus().isCreated();
        manualSession(at("12:00"), "WEBINAR").expectStatus().isCreated();
        dashboard(web.post().uri("/api/v1/sessions/{id}/reschedule", confirmed))
                .bodyValue(Map.of("startsAt", at("14:00").toString(), "reason", "earlier")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.startsAt").isEqualTo(at("14:00").toString());
        assertThat(session(heldAtTen)).containsEntry("status", "ABANDONED");
        assertThat(session(heldAtTwo)).containsEntry("status", "ABANDONED");
        dashboard(web.post().uri("/api/v1/sessions/{id}/reschedule", heldAtNine))
                .bodyValue(Map.of("startsAt", at("15:00").toString())).exchange()
                .expectStatus().isEqualTo(422);
        assertThat(session(heldAtNine)).containsEntry("status", "ABANDONED").containsEntry("startsAt", at("09:00").toString());
        assertThat(webinarSeats).allSatisfy(seat -> assertThat(session(seat)).containsEntry("status", "ABANDONED"));
    }

    @Test
    void paymentOutcomesFromPaymentServiceMoveTheSession() {
        UUID paid = sessionId(book(at("10:00"), "PERSONAL", null, "payer@example.com", UUID.randomUUID().toString()));
        UUID failing = sessionId(book(at("12:00"), "PERSONAL", null, "failer@example.com", UUID.randomUUID().toString()));

        PaymentCaptured capture = captured(paid);
        TestConsultant.send(Topic.PAYMENT_PAYMENT, capture.getPaymentId().toString(), capture);
        TestConsultant.send(Topic.PAYMENT_PAYMENT, capture.getPaymentId().toString(), capture);
        TestConsultant.send(Topic.PAYMENT_PAYMENT, UUID.randomUUID().toString(), PaymentFailed.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultant.id())
                .setPaymentId(UUID.randomUUID()).setOrderId("order_2").setPayableType(PayableType.SESSION)
                .setPayableId(failing).setAmountMinor(150000).setCurrency("INR").setErrorCode("BAD_REQUEST_ERROR")
                .build());

        await().atMost(Duration.ofSeconds(20)).until(() -> "CONFIRMED".equals(session(paid).get("status")));
        assertThat(session(paid)).containsEntry("paymentStatus", "PAID").containsEntry("paymentMethod", "RAZORPAY")
                .containsEntry("paymentReference", "pay_" + paid.toString().substring(0, 8)).containsEntry("holdExpiresAt", null);
        SessionConfirmed confirmed = PublishedEvents.await(Topic.BOOKING_SESSION, SessionConfirmed.class,
                event -> event.getSessionId().equals(paid));
        assertThat(confirmed.getMeetingLink()).isEqualTo("https://zoom.example.com/j/123");
        assertThat(PublishedEvents.within(Duration.ofSeconds(2), Topic.BOOKING_SESSION, SessionConfirmed.class,
                event -> event.getSessionId().equals(paid))).hasSize(1);
        dashboard(web.get().uri("/api/v1/clients?q=payer")).exchange().expectBody()
                .jsonPath("$.items[0].totalPaid").isEqualTo(1500.0);

        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(session(failing).get("paymentStatus")));
        assertThat(session(failing)).containsEntry("status", "PENDING");
        assertThat(slotStarts("PERSONAL", 60)).doesNotContain(at("12:00").toString());

        SessionPaymentUpdated paidUpdate = PublishedEvents.await(Topic.BOOKING_SESSION, SessionPaymentUpdated.class,
                event -> event.getSessionId().equals(paid));
        assertThat(paidUpdate.getPreviousPaymentStatus().name()).isEqualTo("PENDING");
        assertThat(paidUpdate.getPaymentStatus().name()).isEqualTo("PAID");
        assertThat(paidUpdate.getPaymentMethod().name()).isEqualTo("RAZORPAY");
        assertThat(paidUpdate.getAmountMinor()).isEqualTo(150000L);
        assertThat(paidUpdate.getCurrency()).isEqualTo("INR");
        assertThat(paidUpdate.getConsultantId()).isEqualTo(consultant.id());
        assertThat(paidUpdate.getClientId()).isEqualTo(UUID.fromString((String) clientOf(paid).get("id")));
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.BOOKING_SESSION, SessionPaymentUpdated.class,
                event -> event.getSessionId().equals(paid))).hasSize(1);
        SessionPaymentUpdated failedUpdate = PublishedEvents.await(Topic.BOOKING_SESSION, SessionPaymentUpdated.class,
                event -> event.getSessionId().equals(failing));
        assertThat(failedUpdate.getPreviousPaymentStatus().name()).isEqualTo("PENDING");
        assertThat(failedUpdate.getPaymentStatus().name()).isEqualTo("FAILED");
        assertThat(failedUpdate.getPaymentMethod()).isNull();
    }

    @Test
    void aCaptureAfterTheHoldExpiredConfirmsTheSessionWhenItsSlotIsStillFree() {
        UUID late = sessionId(book(at("10:00"), "PERSONAL", null, "tardy@example.com", UUID.randomUUID().toString()));
        clock.advance(Duration.ofMinutes(16));
        await().atMost(Duration.ofSeconds(20)).until(() -> "ABANDONED".equals(session(late).get("status")));
        assertThat(slotStarts("PERSONAL", 60)).contains(at("10:00").toString());

        PaymentCaptured capture = PaymentCaptured.newBuilder(captured(late)).setCapturedAfterHoldExpiry(true).build();
        TestConsultant.send(Topic.PAYMENT_PAYMENT, late.toString(), capture);

        await().atMost(Duration.ofSeconds(20)).until(() -> "CONFIRMED".equals(session(late).get("status")));
        assertThat(session(late)).containsEntry("paymentStatus", "PAID").containsEntry("holdExpiresAt", null);
        PublishedEvents.await(Topic.BOOKING_SESSION, SessionConfirmed.class, event -> event.getSessionId().equals(late));
        assertThat(slotStarts("PERSONAL", 60)).doesNotContain(at("10:00").toString());
        book(at("10:00"), "PERSONAL", null, "rival@example.com", UUID.randomUUID().toString()).expectStatus().isEqualTo(409);
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.BOOKING_SESSION, SessionPaymentDeclined.class,
                event -> event.getSessionId().equals(late))).isEmpty();
    }

    @Test
    void aCaptureAfterTheHoldExpiredIsDeclinedWhenSomeoneElseBookedTheSlot() {
        UUID late = sessionId(book(at("10:00"), "PERSONAL", null, "tardy@example.com", UUID.randomUUID().toString()));
        clock.advance(Duration.ofMinutes(16));
        await().atMost(Duration.ofSeconds(20)).until(() -> "ABANDONED".equals(session(late).get("status")));
        UUID rival = sessionId(book(at("10:30"), "PERSONAL", 30, "rival@example.com", UUID.randomUUID().toString()));

        PaymentCaptured capture = PaymentCaptured.newBuilder(captured(late)).setCapturedAfterHoldExpiry(true).build();
        TestConsultant.send(Topic.PAYMENT_PAYMENT, late.toString(), capture);

        SessionPaymentDeclined declined = PublishedEvents.await(Topic.BOOKING_SESSION, SessionPaymentDeclined.class,
                event -> event.getSessionId().equals(late));
        assertThat(declined.getReason().name()).isEqualTo("SLOT_TAKEN");
        assertThat(declined.getPaymentId()).isEqualTo(capture.getPaymentId());
        assertThat(declined.getProviderPaymentId()).isEqualTo(capture.getProviderPaymentId());
        assertThat(declined.getAmountMinor()).isEqualTo(150000L);
        assertThat(declined.getCurrency()).isEqualTo("INR");
        assertThat(declined.getConsultantId()).isEqualTo(consultant.id());
        // An abandoned hold's payment is no longer pending; the declined capture does not make it paid.
        assertThat(session(late)).containsEntry("status", "ABANDONED").containsEntry("paymentStatus", "FAILED");
        assertThat(session(rival)).containsEntry("status", "PENDING");
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.BOOKING_SESSION, SessionConfirmed.class,
                event -> event.getSessionId().equals(late))).isEmpty();
        assertThat(PublishedEvents.within(Duration.ofSeconds(1), Topic.BOOKING_SESSION, SessionPaymentUpdated.class,
                event -> event.getSessionId().equals(late)))
                .extracting(event -> event.getPreviousPaymentStatus() + ">" + event.getPaymentStatus())
                .containsExactly("PENDING>FAILED");
    }

    /** Losers of a race for a full webinar are refused before the schedule lock, but only when no seat is an expired hold. */
    @Test
    void aFullWebinarWhoseHoldsExpiredTakesANewClientAtOnce() {
        Instant two = at("14:00");
        for (int seat = 1; seat <= 3; seat++) {
            book(two, "WEBINAR", null, "seat-held" + seat + "@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();
        }
        book(two, "WEBINAR", null, "seat-refused@example.com", UUID.randomUUID().toString()).expectStatus().isEqualTo(409);

        clock.advance(Duration.ofMinutes(16));

        book(two, "WEBINAR", null, "seat-after@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();
    }

    @Test
    void aLateCaptureForAWebinarSeatIsDeclinedWhenTheFreedSeatWasTaken() {
        Instant two = at("14:00");
        UUID late = sessionId(book(two, "WEBINAR", null, "seat-late@example.com", UUID.randomUUID().toString()));
        clock.advance(Duration.ofMinutes(16));
        await().atMost(Duration.ofSeconds(20)).until(() -> "ABANDONED".equals(session(late).get("status")));
        for (int seat = 1; seat <= 3; seat++) {
            book(two, "WEBINAR", null, "seat-new" + seat + "@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();
        }

        PaymentCaptured capture = captured(late);
        TestConsultant.send(Topic.PAYMENT_PAYMENT, late.toString(), capture);

        PublishedEvents.await(Topic.BOOKING_SESSION, SessionPaymentDeclined.class, event -> event.getSessionId().equals(late));
        assertThat(session(late)).containsEntry("status", "ABANDONED");
        assertThat(count("SELECT count(*) FROM session WHERE session_type = 'WEBINAR' AND status = 'PENDING' AND consultant_id = '"
                + consultant.id() + "'")).isEqualTo(3);
    }

    @Test
    void aPartialRefundLeavesTheSessionPaidAndAFullRefundMakesItRefunded() {
        UUID paid = sessionId(book(at("10:00"), "PERSONAL", null, "partial@example.com", UUID.randomUUID().toString()));
        PaymentCaptured capture = captured(paid);
        TestConsultant.send(Topic.PAYMENT_PAYMENT, paid.toString(), capture);
        await().atMost(Duration.ofSeconds(20)).until(() -> "PAID".equals(session(paid).get("paymentStatus")));

        PaymentRefunded partial = refunded(capture, 50000, 50000L, false);
        TestConsultant.send(Topic.PAYMENT_PAYMENT, paid.toString(), partial);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM inbox_event WHERE event_id::text = '"
                + partial.getEventId() + "'") == 1);
        assertThat(session(paid)).containsEntry("paymentStatus", "PAID").containsEntry("status", "CONFIRMED");

        TestConsultant.send(Topic.PAYMENT_PAYMENT, paid.toString(), refunded(capture, 100000, 150000L, true));
        await().atMost(Duration.ofSeconds(20)).until(() -> "REFUNDED".equals(session(paid).get("paymentStatus")));
        List<SessionPaymentUpdated> updates = PublishedEvents.within(Duration.ofSeconds(1), Topic.BOOKING_SESSION,
                SessionPaymentUpdated.class, event -> event.getSessionId().equals(paid));
        assertThat(updates).extracting(update -> update.getPaymentStatus().name()).containsExactly("PAID", "REFUNDED");
    }

    private PaymentRefunded refunded(PaymentCaptured capture, long amountMinor, long totalMinor, Boolean fully) {
        return PaymentRefunded.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultant.id())
                .setPaymentId(capture.getPaymentId()).setRefundId(UUID.randomUUID().toString())
                .setPayableType(PayableType.SESSION).setPayableId(capture.getPayableId()).setAmountMinor(amountMinor)
                .setCurrency("INR").setReason("goodwill").setRefundedTotalMinor(totalMinor).setFullyRefunded(fully)
                .build();
    }

    private PaymentCaptured captured(UUID sessionId) {
        return PaymentCaptured.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultant.id())
                .setPaymentId(UUID.randomUUID()).setOrderId("order_1").setPayableType(PayableType.SESSION)
                .setPayableId(sessionId).setAmountMinor(150000).setCurrency("INR")
                .setProviderPaymentId("pay_" + sessionId.toString().substring(0, 8)).setMethod("upi")
                .build();
    }

    private Instant at(String time) {
        return day.atTime(LocalTime.parse(time)).atZone(KOLKATA).toInstant();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private WebTestClient.ResponseSpec manualSession(Instant start, String type) {
        Map<String, Object> body = new HashMap<>();
        body.put("newClient", Map.of("name", "Walk-in", "email", "walkin-" + UUID.randomUUID() + "@example.com"));
        body.put("title", "Walk-in");
        body.put("type", type);
        body.put("startsAt", start.toString());
        body.put("durationMinutes", 60);
        body.put("amount", "1000.00");
        body.put("platform", "ZOOM");
        return dashboard(web.post().uri("/api/v1/sessions")).bodyValue(body).exchange();
    }

    private Map<String, Object> bookingBody(Instant start, String type, Integer minutes, String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("start", start.toString());
        body.put("type", type);
        if (minutes != null) {
            body.put("durationMinutes", minutes);
        }
        body.put("name", "Client " + email);
        body.put("email", email);
        body.put("phoneCountryCode", "+91");
        body.put("phoneNumber", "9812345678");
        body.put("notes", "first call");
        return body;
    }

    private WebTestClient.ResponseSpec book(Instant start, String type, Integer minutes, String email, String key) {
        return web.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                .headers(headers -> {
                    if (key != null) {
                        headers.set("Idempotency-Key", key);
                    }
                })
                .bodyValue(bookingBody(start, type, minutes, email))
                .exchange();
    }

    private static UUID sessionId(WebTestClient.ResponseSpec response) {
        Map<?, ?> body = response.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return UUID.fromString((String) body.get("sessionId"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> clientOf(UUID sessionId) {
        return (Map<String, Object>) session(sessionId).get("client");
    }

    private Map<String, Object> session(UUID id) {
        return dashboard(web.get().uri("/api/v1/sessions/{id}", id)).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private List<String> slotStarts(String type, int minutes) {
        Map<String, Object> body = web.get()
                .uri("/api/v1/public/consultants/{slug}/slots?from={day}&to={day}&type={type}&durationMinutes={minutes}",
                        consultant.slug(), day, day, type, minutes)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) body.get("slots")).stream().map(slot -> (String) slot.get("start")).toList();
    }

    @SuppressWarnings("unchecked")
    private Integer webinarSeatsLeft(Instant start) {
        Map<String, Object> body = web.get()
                .uri("/api/v1/public/consultants/{slug}/slots?from={day}&to={day}&type=WEBINAR", consultant.slug(), day, day)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) body.get("slots")).stream()
                .filter(slot -> start.toString().equals(slot.get("start")))
                .map(slot -> (Integer) slot.get("seatsLeft"))
                .findFirst().orElse(null);
    }

    private <S extends WebTestClient.RequestHeadersSpec<?>> S dashboard(S request) {
        request.headers(headers -> headers.setBearerAuth(consultant.token()));
        return request;
    }
}
