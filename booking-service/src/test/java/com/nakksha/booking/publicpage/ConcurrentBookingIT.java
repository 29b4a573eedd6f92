package com.nakksha.booking.publicpage;

import com.nakksha.booking.AvailabilityJson;
import com.nakksha.booking.AbstractBookingIT;
import com.nakksha.booking.TestConsultant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients racing for one slot over real HTTP: the database lets exactly the allowed number win, and every
 * loser gets a 409 (never a 500 from a deadlock, issue 14). Each test's consultant is new, so its races are the
 * consultant's first requests.
 */
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
        ConnectionProvider connections = ConnectionProvider.builder("race").maxConnections(200).pendingAcquireMaxCount(-1).build();
        client = WebClient.builder().baseUrl("http://localhost:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections).responseTimeout(Duration.ofSeconds(60))))
                .build();
        day = LocalDate.now(KOLKATA).plusDays(7);
    }

    @Test
    void twoHundredConcurrentBookingsOfOneSlotGiveExactlyOneBookingAndNoDeadlock() {
        Instant ten = at("10:00");
        List<Long> millis = new CopyOnWriteArrayList<>();

        Map<Integer, Long> statuses = race(200, attempt -> body(ten, "PERSONAL", 60, "racer" + attempt + "@example.com"), millis);

        assertThat(statuses).containsOnlyKeys(201, 409).containsEntry(201, 1L).containsEntry(409, 199L);
        assertThat(liveSessionsOfConsultant()).isEqualTo(1);
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("200 concurrent bookings of one slot: p50 %d ms, p99 %d ms, max %d ms%n",
                sorted.get(99), sorted.get(197), sorted.get(199));
    }

    @Test
    void requestsCancelledMidwayLeaveNoBrokenTransactionBehind() {
        WebClient impatient = WebClient.builder().baseUrl("http://localhost:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(
                        ConnectionProvider.builder("impatient").maxConnections(100).pendingAcquireMaxCount(-1).build())
                        .responseTimeout(Duration.ofMillis(30))))
                .build();
        Flux.range(0, 60)
                .flatMap(attempt -> impatient.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .bodyValue(body(at("11:00"), "PERSONAL", 60, "impatient" + attempt + "@example.com"))
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                        .onErrorReturn(0), 60)
                .then().block(Duration.ofSeconds(60));

        // Every pooled connection is usable afterwards: a full round of fresh bookings answers only 201 and 409.
        Map<Integer, Long> statuses = race(40, attempt -> body(at("13:00"), "PERSONAL", 60, "after" + attempt + "@example.com"),
                new CopyOnWriteArrayList<>());

        assertThat(statuses).containsOnlyKeys(201, 409).containsEntry(201, 1L);
    }

    @Test
    void fiftyConcurrentReschedulesIntoOneSlotMoveExactlyOneSession() {
        List<UUID> sessions = Flux.range(0, 50)
                .concatMap(attempt -> client.post().uri("/api/v1/sessions")
                        .headers(headers -> headers.setBearerAuth(consultant.token()))
                        .bodyValue(Map.of("newClient", Map.of("name", "Mover", "email", "mover" + attempt + "@example.com"),
                                "title", "Call", "type", "PERSONAL",
                                "startsAt", day.plusDays(1 + attempt / 8).atTime(9 + attempt % 8, 0).atZone(KOLKATA).toInstant().toString(),
                                "durationMinutes", 60, "amount", "100.00", "platform", "ZOOM"))
                        .retrieve().bodyToMono(Map.class).map(created -> UUID.fromString((String) created.get("id"))))
                .collectList().block(Duration.ofSeconds(60));
        Instant target = at("15:00");

        Map<Integer, Long> statuses = Flux.fromIterable(sessions)
                .flatMap(id -> client.post().uri("/api/v1/sessions/{id}/reschedule", id)
                        .headers(headers -> headers.setBearerAuth(consultant.token()))
                        .bodyValue(Map.of("startsAt", target.toString()))
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 50)
                .collectList().block(Duration.ofSeconds(120))
                .stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(statuses).containsOnlyKeys(200, 409).containsEntry(200, 1L).containsEntry(409, 49L);
        assertThat(count("SELECT count(*) FROM session WHERE starts_at = '" + target + "' AND consultant_id = '"
                + consultant.id() + "'")).isEqualTo(1);
    }

    @Test
    void oneClientTakesOneSeatOfAWebinarWhateverTheLetterCaseOfTheirEmail() {
        Instant three = at("15:00");

        Map<?, ?> first = client.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(body(three, "WEBINAR", null, "client.one@example.test"))
                .retrieve().bodyToMono(Map.class).block(Duration.ofSeconds(30));
        for (String email : List.of("CLIENT.ONE@example.test", "client.one@example.test")) {
            Map<String, Object> refused = client.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .bodyValue(body(three, "WEBINAR", null, email))
                    .exchangeToMono(response -> {
                        assertThat(response.statusCode().value()).isEqualTo(409);
                        return response.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
                        });
                    }).block(Duration.ofSeconds(30));
            assertThat(refused).containsEntry("title", "Already booked")
                    .containsEntry("existingSessionId", first.get("sessionId"));
        }

        assertThat(count("SELECT seats_taken FROM webinar_occurrence WHERE consultant_id = '" + consultant.id() + "'"))
                .isEqualTo(1);
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

    @Test
    void concurrentRetriesOfOneBookingWithOneKeyBookItOnceAndAllGetItsAnswer() {
        for (Map<String, Object> body : List.of(body(at("12:00"), "PERSONAL", 60, "retrier@example.com"),
                body(at("15:00"), "WEBINAR", null, "viewer@example.com"))) {
            String key = UUID.randomUUID().toString();

            List<Map<String, Object>> answers = Flux.range(0, 20)
                    .flatMap(attempt -> client.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                            .header("Idempotency-Key", key)
                            .bodyValue(body)
                            .exchangeToMono(response -> {
                                assertThat(response.statusCode().value()).as(body.get("type") + " retry").isEqualTo(201);
                                return response.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
                                });
                            }), 20)
                    .collectList().block(Duration.ofSeconds(120));

            assertThat(answers).hasSize(20).allSatisfy(answer -> assertThat(answer).isEqualTo(answers.getFirst()));
            assertThat(count("SELECT count(*) FROM session WHERE session_type = '" + body.get("type")
                    + "' AND consultant_id = '" + consultant.id() + "'")).isEqualTo(1);
        }
        assertThat(count("SELECT seats_taken FROM webinar_occurrence WHERE consultant_id = '" + consultant.id() + "'"))
                .isEqualTo(1);
    }

    @Test
    void concurrentBookingsOfDifferentSlotsWithOneKeyBookOneAndTheOthersAre422() {
        String key = UUID.randomUUID().toString();

        Map<Integer, Long> statuses = Flux.range(0, 16)
                .flatMap(attempt -> client.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                        .header("Idempotency-Key", key)
                        .bodyValue(body(day.atTime(9 + attempt / 2, attempt % 2 * 30).atZone(KOLKATA).toInstant(),
                                "PERSONAL", 30, "keysharer" + attempt + "@example.com"))
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 16)
                .collectList().block(Duration.ofSeconds(120))
                .stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(statuses).containsOnlyKeys(201, 422).containsEntry(201, 1L).containsEntry(422, 15L);
        assertThat(liveSessionsOfConsultant()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM client WHERE consultant_id = '" + consultant.id() + "'"))
                .as("the refused bookings' clients are rolled back with them").isEqualTo(1);
    }

    private Map<Integer, Long> race(int clients, Function<Integer, Map<String, Object>> bodies) {
        return race(clients, bodies, new CopyOnWriteArrayList<>());
    }

    /** Sends all bookings at once; {@code millis} collects each one's time to answer. */
    private Map<Integer, Long> race(int clients, Function<Integer, Map<String, Object>> bodies, List<Long> millis) {
        return Flux.range(0, clients)
                .flatMap(attempt -> Mono.defer(() -> {
                    long sent = System.nanoTime();
                    return client.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .bodyValue(bodies.apply(attempt))
                            .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                            .doOnNext(status -> millis.add((System.nanoTime() - sent) / 1_000_000));
                }), clients)
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
