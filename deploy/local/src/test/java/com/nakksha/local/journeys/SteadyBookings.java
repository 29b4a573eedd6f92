package com.nakksha.local.journeys;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

/**
 * Public bookings through the gateway from a few clients at once, as in the fault runs of issue 16:
 * each client books one free slot after another (never the same slot twice) until stopped, and every
 * answer is kept with the moment it came.
 */
final class SteadyBookings implements AutoCloseable {

    /** One answer: the HTTP status (-1 when the request itself failed) and, for a 201, the session booked. */
    record Answer(int status, UUID sessionId, Instant at) {
    }

    private final PlatformClient client;
    private final String slug;
    private final Deque<String> freeSlots = new ArrayDeque<>();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running = true;
    private LocalDate nextDay;

    /** Starts {@code clients} clients booking slots from {@code firstDay} on (in the consultant's zone, Asia/Kolkata). */
    SteadyBookings(PlatformClient client, String slug, LocalDate firstDay, int clients) {
        this.client = client;
        this.slug = slug;
        this.nextDay = firstDay;
        for (int i = 0; i < clients; i++) {
            pool.submit(this::bookUntilStopped);
        }
    }

    List<Answer> answers() {
        return List.copyOf(answers);
    }

    long createdAfter(Instant moment) {
        return answers.stream().filter(answer -> answer.status() == 201 && answer.at().isAfter(moment)).count();
    }

    /** Stops the clients, waits for the requests in flight and returns every answer. */
    List<Answer> stop() throws InterruptedException {
        running = false;
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        return answers();
    }

    /** The day after the last one whose slots were handed out: a later load starts there. */
    synchronized LocalDate nextUnusedDay() {
        return nextDay;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void bookUntilStopped() {
        while (running) {
            String start = nextSlot();
            try {
                PlatformClient.Response response = client.post("/api/v1/public/consultants/" + slug + "/bookings", null, Map.of(
                                "start", start, "type", "PERSONAL", "durationMinutes", 30,
                                "name", "Steady Client", "email", freshEmail()),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                UUID session = response.status() == 201 ? UUID.fromString(response.text("sessionId")) : null;
                answers.add(new Answer(response.status(), session, Instant.now()));
                if (response.status() != 201) {
                    // A refusing or absent service is not hammered: the clients back off as people would.
                    Thread.sleep(100);
                }
            } catch (IllegalStateException e) {
                answers.add(new Answer(-1, null, Instant.now()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Each booking from its own address: the stack caps live holds per email (3), which one shared address would hit. */
    private static String freshEmail() {
        return "steady." + UUID.randomUUID() + "@example.in";
    }

    private synchronized String nextSlot() {
        while (freeSlots.isEmpty()) {
            LocalDate day = nextDay;
            nextDay = nextDay.plusDays(1);
            PlatformClient.Response slots = client.get("/api/v1/public/consultants/" + slug + "/slots?from=" + day + "&to=" + day
                    + "&type=PERSONAL&timeZone=" + ZoneId.of("Asia/Kolkata"), null);
            if (slots.status() != 200) {
                // booking-service is away; the day is retried once it answers again.
                nextDay = day;
                sleepQuietly();
                continue;
            }
            List<String> starts = new ArrayList<>();
            for (JsonNode slot : slots.json().path("slots")) {
                starts.add(slot.path("start").asText());
            }
            freeSlots.addAll(starts);
        }
        return freeSlots.removeFirst();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
