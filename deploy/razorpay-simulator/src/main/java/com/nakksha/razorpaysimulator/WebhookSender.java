package com.nakksha.razorpaysimulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Razorpay's webhook delivery as it behaves (FACTS.md §2): each event is serialised once, signed over
 * exactly those bytes with the webhook secret ({@code X-Razorpay-Signature}), and sent with its
 * {@code x-razorpay-event-id}; the events of one payment go out in a random order, some twice with the
 * same event id, some late; a delivery not answered 2xx within the timeout is retried with backoff for as long
 * as Razorpay retries (24 hours), so a receiver that was down gets it once it is back.
 * All random choices come from one generator, seeded by {@code webhooks.seed}.
 */
@Component
public class WebhookSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int KEPT_DELIVERIES = 1000;

    private final SimulatorProperties properties;
    private final SimulatorProperties.Webhooks settings;
    private final JsonMapper json;
    private final Random random;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "webhook-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<Delivery> deliveries = new ArrayDeque<>();
    /** Scheduled deliveries not yet answered with a 2xx nor given up: what Razorpay still owes the receiver. */
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Every event raised about a payment, signed once, for {@link #replay}. */
    private final Map<String, List<Signed>> byPayment = new ConcurrentHashMap<>();

    public WebhookSender(SimulatorProperties properties, JsonMapper json) {
        this.properties = properties;
        this.settings = properties.webhooks();
        this.json = json;
        long seed = settings.seed() != null ? settings.seed() : new SecureRandom().nextLong();
        this.random = new Random(seed);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        log.info("Webhooks to {} (seed {}, shuffle {}, duplicates {}, late {} by {})", properties.webhookUrl(), seed,
                settings.shuffle(), settings.duplicateProbability(), settings.lateProbability(), settings.lateDelay());
    }

    /**
     * One delivery of one event as the receiver saw it last.
     *
     * @param attempts how many times it was sent so far
     * @param lastStatus HTTP status of the last attempt; -1 when nothing answered
     */
    public record Delivery(String event, String eventId, String paymentId, int attempts, int lastStatus, Instant lastAttemptAt) {
    }

    /** Keeps the events for {@link #replay} without sending them (a pay request with {@code deliver: false}). */
    public void hold(List<Ledger.Event> events) {
        events.forEach(this::keep);
    }

    /**
     * Sends the newest event of this name about this payment once, now, and waits for the answer: Razorpay's
     * dashboard can resend an event too. Empty when there is no such event.
     */
    public Optional<Delivery> replay(String paymentId, String event) {
        List<Signed> kept = byPayment.getOrDefault(paymentId, List.of());
        Optional<Signed> found;
        synchronized (kept) {
            found = kept.reversed().stream().filter(signed -> signed.event().equals(event)).findFirst();
        }
        if (found.isEmpty() || properties.webhookUrl() == null) {
            return Optional.empty();
        }
        int status;
        try {
            status = http.send(request(found.get()), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        return Optional.of(record(found.get(), 1, status));
    }

    /** Schedules the deliveries of events raised together (one payment, capture or refund). */
    public void send(List<Ledger.Event> events) {
        if (properties.webhookUrl() == null || events.isEmpty()) {
            return;
        }
        List<Ledger.Event> ordered = new ArrayList<>(events);
        List<long[]> plan = new ArrayList<>();
        synchronized (random) {
            if (settings.shuffle()) {
                Collections.shuffle(ordered, random);
            }
            for (int i = 0; i < ordered.size(); i++) {
                int copies = random.nextDouble() < settings.duplicateProbability() ? 2 : 1;
                for (int copy = 0; copy < copies; copy++) {
                    long delay = settings.spread().isZero() ? 0 : random.nextLong(settings.spread().toMillis() + 1);
                    if (random.nextDouble() < settings.lateProbability()) {
                        delay += settings.lateDelay().toMillis();
                    }
                    plan.add(new long[]{i, delay});
                }
            }
        }
        List<Signed> signed = ordered.stream().map(this::keep).toList();
        for (long[] step : plan) {
            Signed event = signed.get((int) step[0]);
            outstanding.incrementAndGet();
            // Keeps the shuffled order among deliveries scheduled for the same instant.
            scheduler.schedule(() -> deliver(event, 1), step[1], TimeUnit.MILLISECONDS);
        }
    }

    /**
     * How many scheduled deliveries (copies included) have neither been answered with a 2xx nor given up on: 0 once
     * the receiver has every webhook it will get. Replays and held events are not counted.
     */
    public int outstanding() {
        return outstanding.get();
    }

    /** The newest deliveries first, up to the last 1000. */
    public List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    /** One event as it goes out every time; {@code raisedAt} starts its 24 hours of retries. */
    private record Signed(String event, String eventId, String paymentId, byte[] body, String signature, Instant raisedAt) {
    }

    private Signed keep(Ledger.Event event) {
        byte[] body = json.writeValueAsBytes(event.body());
        Signed signed = new Signed(event.name(), eventId(), paymentIdOf(event), body, Signatures.webhook(body, properties.webhookSecret()),
                Instant.now());
        if (signed.paymentId() != null) {
            List<Signed> kept = byPayment.computeIfAbsent(signed.paymentId(), ignored -> new ArrayList<>());
            synchronized (kept) {
                kept.add(signed);
            }
        }
        return signed;
    }

    private HttpRequest request(Signed event) {
        return HttpRequest.newBuilder(properties.webhookUrl())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("X-Razorpay-Signature", event.signature())
                .header("x-razorpay-event-id", event.eventId())
                .header("User-Agent", "Razorpay-Webhook/v1 (nakksha simulator)")
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()))
                .build();
    }

    private void deliver(Signed event, int attempt) {
        http.sendAsync(request(event), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            int status = response == null ? -1 : response.statusCode();
            record(event, attempt, status);
            if (status >= 200 && status < 300) {
                outstanding.decrementAndGet();
                return;
            }
            long wait = Math.min(settings.retryDelay().toMillis() << Math.min(attempt - 1, 20), settings.maxRetryDelay().toMillis());
            if (Instant.now().plusMillis(wait).isAfter(event.raisedAt().plus(settings.retryFor()))) {
                log.warn("Gave up on {} {} after {} attempts over {} (last answer {})", event.event(), event.eventId(), attempt,
                        settings.retryFor(), failure != null ? failure.toString() : status);
                outstanding.decrementAndGet();
                return;
            }
            scheduler.schedule(() -> deliver(event, attempt + 1), wait, TimeUnit.MILLISECONDS);
        });
    }

    private Delivery record(Signed event, int attempt, int status) {
        Delivery delivery = new Delivery(event.event(), event.eventId(), event.paymentId(), attempt, status, Instant.now());
        synchronized (deliveries) {
            deliveries.addFirst(delivery);
            while (deliveries.size() > KEPT_DELIVERIES) {
                deliveries.removeLast();
            }
        }
        return delivery;
    }

    @SuppressWarnings("unchecked")
    private static String paymentIdOf(Ledger.Event event) {
        Object payload = event.body().get("payload");
        if (payload instanceof Map<?, ?> entities && entities.get("payment") instanceof Map<?, ?> payment
                && payment.get("entity") instanceof Map<?, ?> entity) {
            return (String) ((Map<String, Object>) entity).get("id");
        }
        return null;
    }

    private static String eventId() {
        StringBuilder id = new StringBuilder("evt_");
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 14; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
