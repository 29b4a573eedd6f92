package com.nakksha.booking.publicpage;

import com.nakksha.booking.AvailabilityJson;
import com.nakksha.booking.AbstractBookingIT;
import com.nakksha.booking.TestConsultant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Many clients racing for one slot over real HTTP: the database lets exactly the allowed number win. */
class ConcurrentBookingIT extends AbstractBookingIT {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    @LocalServerPort
    int port;

    private TestConsultant consultant;
    private WebClient client;
    private LocalDate day;

    @BeforeEach
    void consultantAndAClientWithAHundredConnections() {
        consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, 49900L);
        Map<String, Object> availability = AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00");
        availability.put("durations", Map.of("PERSONAL", List.of(60, 30), "WEBINAR", List.of(60)));
        availability.put("webinarSeats", 5);
        web.put().uri("/api/v1/availability").headers(headers -> headers.setBearerAuth(consultant.token()))
                .bodyValue(availability).exchange().expectStatus().isOk();
        ConnectionProvider connections = ConnectionProvider.builder("race").maxConnections(100).pendingAcquireMaxCount(-1).build();
        client = WebClient.builder().baseUrl("http://localhost:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections).responseTimeout(Duration.ofSeconds(60))))
                .build();
        day = LocalDate.now(KOLKATA).plusDays(7);
    }

    @Test
    void aHundredConcurrentBookingsOfOneSlotGiveExactlyOneBooking() {
        Instant ten = at("10:00");

        Map<Integer, Long> statuses = race(100, attempt -> body(ten, "PERSONAL", 60, "racer" + attempt + "@example.com"));

        assertThat(statuses).containsOnlyKeys(201, 409).containsEntry(201, 1L).containsEntry(409, 99L);
        assertThat(liveSessionsOfConsultant()).isEqualTo(1);
    }

    @Test
    void concurrentOverlappingBookingsOfDifferentLengthsGiveExactlyOneBooking() {
        Map<Integer, Long> statuses = race(60, attempt -> attempt % 2 == 0
                ? body(at("10:00"), "PERSONAL", 60, "long" + attempt + "@example.com")
                : body(at("10:30"), "PERSONAL", 30, "short" + attempt + "@example.com"));

        assertThat(statuses).containsOnlyKeys(201, 409).containsEntry(201, 1L);
        assertThat(liveSessionsOfConsultant()).isEqualTo(1);
    }

    @Test
    void aWebinarWithFiveSeatsRacedByFortyClientsTakesExactlyFive() {
        Instant three = at("15:00");

        Map<Integer, Long> statuses = race(40, attempt -> body(three, "WEBINAR", null, "viewer" + attempt + "@example.com"));

        assertThat(statuses).containsOnlyKeys(201, 409).containsEntry(201, 5L).containsEntry(409, 35L);
        assertThat(liveSessionsOfConsultant()).isEqualTo(5);
        assertThat(count("SELECT seats_taken FROM webinar_occurrence WHERE consultant_id = '" + consultant.id() + "'"))
                .isEqualTo(5);
    }

    private Map<Integer, Long> race(int clients, Function<Integer, Map<String, Object>> bodies) {
        return Flux.range(0, clients)
                .flatMap(attempt -> client.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .bodyValue(bodies.apply(attempt))
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), clients)
                .collectList()
                .block(Duration.ofSeconds(120))
                .stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private long liveSessionsOfConsultant() {
        return count("SELECT count(*) FROM session WHERE status IN ('PENDING', 'CONFIRMED') AND consultant_id = '"
                + consultant.id() + "'");
    }

    private Instant at(String time) {
        return day.atTime(LocalTime.parse(time)).atZone(KOLKATA).toInstant();
    }

    private static Map<String, Object> body(Instant start, String type, Integer minutes, String email) {
        Map<String, Object> body = new HashMap<>(Map.of("start", start.toString(), "type", type,
                "name", "Racer", "email", email));
        if (minutes != null) {
            body.put("durationMinutes", minutes);
        }
        return body;
    }
}
