package com.nakksha.booking;

import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.schemas.Topic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Business counters as Prometheus scrapes them, moved by bookings, refusals, replays, confirmations and expiry. */
class BookingMetricsIT extends AbstractBookingIT {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    private TestConsultant consultant;
    private LocalDate day;

    @BeforeEach
    void consultantOpenFromNineToFive() {
        consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, 49900L);
        dashboardOf(consultant).put().uri("/api/v1/availability")
                .bodyValue(AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00")).exchange().expectStatus().isOk();
        day = LocalDate.now(KOLKATA).plusDays(3);
    }

    @Test
    void bookingsRefusalsReplaysConfirmationsAndAbandonedHoldsAreCountedOnThePrometheusEndpoint() {
        String before = scrape();
        long abandonedPersonalBefore = abandonedInDatabase("PERSONAL");
        long abandonedWebinarsBefore = abandonedInDatabase("WEBINAR");

        String key = UUID.randomUUID().toString();
        UUID paid = sessionId(book(at("10:00"), "PERSONAL", "ana@example.com", key));
        book(at("10:00"), "PERSONAL", "ana@example.com", key).expectStatus().isCreated();
        String refusedKey = UUID.randomUUID().toString();
        book(at("10:00"), "PERSONAL", "bo@example.com", refusedKey).expectStatus().isEqualTo(409);
        book(at("10:00"), "PERSONAL", "bo@example.com", refusedKey).expectStatus().isEqualTo(409);
        UUID unpaidSeat = sessionId(book(at("12:00"), "WEBINAR", "cy@example.com", UUID.randomUUID().toString()));
        manual(at("14:00")).expectStatus().isCreated();
        manual(at("14:00")).expectStatus().isEqualTo(409);
        UUID unpaidAtFour = sessionId(book(at("16:00"), "PERSONAL", "di@example.com", UUID.randomUUID().toString()));
        UUID unpaidAtNine = sessionId(book(at("09:00"), "PERSONAL", "ed@example.com", UUID.randomUUID().toString()));

        PaymentCaptured capture = PaymentCaptured.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setConsultantId(consultant.id()).setPaymentId(UUID.randomUUID()).setOrderId("order_m")
                .setPayableType(PayableType.SESSION).setPayableId(paid).setAmountMinor(150000).setCurrency("INR")
                .setProviderPaymentId("pay_metrics").build();
        TestConsultant.send(Topic.PAYMENT_PAYMENT, capture.getPaymentId().toString(), capture);
        await().atMost(Duration.ofSeconds(20)).until(() -> delta(before, scrape(),
                "nakksha_booking_sessions_confirmed_total", "source", "public", "type", "personal") == 1);

        // The unpaid holds at 09:00, 12:00 and 16:00 run out and the next booking gives them back. Other tests'
        // holds run out too and the job abandons them meanwhile, so the counter is held against the database.
        clock.advance(Duration.ofMinutes(15));
        book(at("12:00"), "WEBINAR", "fay@example.com", UUID.randomUUID().toString()).expectStatus().isCreated();
        for (UUID unpaid : new UUID[] {unpaidAtNine, unpaidSeat, unpaidAtFour}) {
            assertThat(count("SELECT count(*) FROM session WHERE status = 'ABANDONED' AND id = '" + unpaid + "'")).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String now = scrape();
            assertThat(delta(before, now, "nakksha_booking_holds_abandoned_total", "type", "personal"))
                    .isEqualTo(abandonedInDatabase("PERSONAL") - abandonedPersonalBefore);
            assertThat(delta(before, now, "nakksha_booking_holds_abandoned_total", "type", "webinar"))
                    .isEqualTo(abandonedInDatabase("WEBINAR") - abandonedWebinarsBefore);
        });

        String after = scrape();
        assertThat(after).contains("# TYPE nakksha_booking_sessions_booked_total counter",
                "nakksha_booking_sessions_booked_total{application=\"booking-service\"");
        assertThat(delta(before, after, "nakksha_booking_sessions_booked_total", "source", "public", "type", "personal")).isEqualTo(3);
        assertThat(delta(before, after, "nakksha_booking_sessions_booked_total", "source", "public", "type", "webinar")).isEqualTo(2);
        assertThat(delta(before, after, "nakksha_booking_sessions_booked_total", "source", "manual", "type", "personal")).isEqualTo(1);
        assertThat(delta(before, after, "nakksha_booking_slot_taken_total", "source", "public", "type", "personal")).isEqualTo(1);
        assertThat(delta(before, after, "nakksha_booking_slot_taken_total", "source", "manual", "type", "personal")).isEqualTo(1);
        assertThat(delta(before, after, "nakksha_booking_idempotent_replays_total", "outcome", "booked")).isEqualTo(1);
        assertThat(delta(before, after, "nakksha_booking_idempotent_replays_total", "outcome", "slot_taken")).isEqualTo(1);
        assertThat(delta(before, after, "nakksha_booking_sessions_confirmed_total", "source", "public", "type", "personal")).isEqualTo(1);
        assertThat(delta(before, after, "nakksha_booking_sessions_confirmed_total", "source", "manual", "type", "personal")).isEqualTo(1);
        assertThat(delta(before, after, "nakksha_booking_holds_abandoned_total", "type", "webinar")).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "nakksha_booking_holds_abandoned_total", "type", "personal")).isGreaterThanOrEqualTo(2);
    }

    private long abandonedInDatabase(String type) {
        return count("SELECT count(*) FROM session WHERE status = 'ABANDONED' AND session_type = '" + type + "'");
    }

    private static UUID sessionId(WebTestClient.ResponseSpec booked) {
        return UUID.fromString((String) booked.expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody()
                .get("sessionId"));
    }

    /** The whole page, as Prometheus reads it; it outgrows the service's 256 KB codec limit with HTTP histograms. */
    private String scrape() {
        return web.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /** How much a counter with these labels (and possibly others) grew between two scrapes; absent counts as zero. */
    private static double delta(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    private static double value(String scrape, String name, String... labels) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(scrape);
        double total = 0;
        while (line.find()) {
            boolean matches = true;
            for (int i = 0; i < labels.length; i += 2) {
                matches &= line.group(1).contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (matches) {
                total += Double.parseDouble(line.group(2));
            }
        }
        return total;
    }

    private Instant at(String time) {
        return day.atTime(LocalTime.parse(time)).atZone(KOLKATA).toInstant();
    }

    private WebTestClient.ResponseSpec book(Instant start, String type, String email, String key) {
        return web.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                .header("Idempotency-Key", key)
                .bodyValue(Map.of("start", start.toString(), "type", type, "name", "Client " + email, "email", email))
                .exchange();
    }

    private WebTestClient.ResponseSpec manual(Instant start) {
        Map<String, Object> body = new HashMap<>();
        body.put("newClient", Map.of("name", "Walk-in", "email", "walkin-" + UUID.randomUUID() + "@example.com"));
        body.put("title", "Walk-in");
        body.put("type", "PERSONAL");
        body.put("startsAt", start.toString());
        body.put("durationMinutes", 60);
        body.put("amount", "1000.00");
        body.put("platform", "ZOOM");
        return dashboardOf(consultant).post().uri("/api/v1/sessions").bodyValue(body).exchange();
    }
}
