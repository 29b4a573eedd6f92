package com.nakksha.local.faults;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.nakksha.events.QuotationSent;
import com.nakksha.local.journeys.AdminLogin;
import com.nakksha.local.journeys.ConsultantOnboarding;
import com.nakksha.local.journeys.PlatformClient;
import tools.jackson.databind.JsonNode;

/**
 * The money loop at a steady load through the gateway, seeded: each worker has its own generator derived
 * from the seed and draws what to do next from it (which consultant, which slot, pay or fail or abandon,
 * cancel, a quotation), so a failing run's choices can be repeated (the timing of answers cannot).
 * A request that gets a 503, a 429 or no answer is retried with the same {@code Idempotency-Key} after
 * {@code Retry-After} (or 1 s), as a client should, for up to {@link #GIVE_UP_AFTER}; every answer is kept.
 * What each booking and quotation became is kept as {@link Attempt}s for the reconciliation.
 */
final class MoneyLoad implements AutoCloseable {

    static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    /** Long enough to outlast a restart of a service, Kafka or Postgres on a busy machine. */
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(3);
    private static final Duration QUOTATION_LINK_WAIT = Duration.ofMinutes(5);
    private static final Duration MODERATION_PAUSE = Duration.ofSeconds(3);
    /** Between two bookings of the client who books and leaves: a few in the shortest broker outage (4-7 s). */
    private static final Duration BOOK_AND_LEAVE_PAUSE = Duration.ofMillis(700);
    /** ConsultantOnboarding's price for 30 personal minutes, ₹1,500, in paise. */
    static final long SESSION_AMOUNT_MINOR = 150_000;

    enum Kind { BOOKING, QUOTATION }

    /** What the load asked for about one payable and what it got; filled in as the attempt goes on. */
    static final class Attempt {
        final Kind kind;
        final String consultantId;
        final String clientEmail;
        final Instant start;
        volatile Integer createStatus;
        volatile String payableId;
        volatile String orderId;
        volatile String outcome = "none";
        volatile String providerPaymentId;
        volatile boolean cancelled;
        volatile String note = "";

        Attempt(Kind kind, String consultantId, String clientEmail, Instant start) {
            this.kind = kind;
            this.consultantId = consultantId;
            this.clientEmail = clientEmail;
            this.start = start;
        }

        boolean paid() {
            return "success".equals(outcome) && providerPaymentId != null;
        }

        @Override
        public String toString() {
            return kind + " " + payableId + " (" + clientEmail + ", consultant " + consultantId + ", order " + orderId
                    + ", payment " + providerPaymentId + ", " + outcome + (cancelled ? ", cancelled" : "") + note + ")";
        }
    }

    private final PlatformClient client;
    private final RazorpaySide razorpay;
    private final TopicTail topics;
    private final Answers answers;
    private final List<LoadConsultant> consultants;
    private final long seed;
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running = true;

    MoneyLoad(PlatformClient client, RazorpaySide razorpay, TopicTail topics, Answers answers,
              List<LoadConsultant> consultants, long seed) {
        this.client = client;
        this.razorpay = razorpay;
        this.topics = topics;
        this.answers = answers;
        this.consultants = List.copyOf(consultants);
        this.seed = seed;
    }

    /**
     * Starts {@code count} workers and one client who books and leaves; they run until {@link #stop()}. A worker's
     * booking goes on to its order, which waits until the payable has reached payment-service through Kafka, so
     * while the broker is away every worker soon waits there; the client who books and leaves needs only
     * booking-service and its database, so bookings go on through every broker outage, however slow the machine.
     */
    void start(int count) {
        for (int worker = 0; worker < count; worker++) {
            Random random = new Random(seed * 31 + worker);
            int id = worker;
            workers.submit(() -> untilStopped(id, random, Duration.ZERO, this::moneyStep));
        }
        Random random = new Random(seed * 31 + count);
        workers.submit(() -> untilStopped(count, random, BOOK_AND_LEAVE_PAUSE, this::bookAndLeave));
    }

    /**
     * Starts an admin who suspends and reinstates {@code consultant} in turn, a few seconds apart, until {@link #stop()}.
     * The consultant takes no bookings of the load; the reconciliation checks that booking's public page follows
     * identity's last decision whatever restarts and redeliveries came between the decisions.
     */
    void moderate(ConsultantOnboarding.Consultant consultant, AdminLogin admin) {
        workers.submit(() -> {
            boolean suspend = true;
            while (running) {
                String path = "/api/v1/admin/consultants/" + consultant.id() + (suspend ? "/suspend" : "/reinstate");
                Map<String, Object> body = suspend ? Map.of("reason", "Faults run moderation") : Map.of();
                // A retry after a lost answer is answered as the first try would have been: identity's decisions repeat.
                PlatformClient.Response decided = retrying(suspend ? "suspend" : "reinstate", consultant.id(),
                        () -> client.post(path, admin.accessToken(), body));
                if (decided.status() == 200) {
                    suspend = !suspend;
                }
                pause(MODERATION_PAUSE);
            }
        });
    }

    /** Stops the workers and waits for what they are doing to finish (a payment under way is seen through). */
    List<Attempt> stop() throws InterruptedException {
        running = false;
        workers.shutdown();
        if (!workers.awaitTermination(GIVE_UP_AFTER.multipliedBy(4).toMinutes(), TimeUnit.MINUTES)) {
            workers.shutdownNow();
        }
        return attempts();
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** One client's next step with a consultant drawn for it and an address of its own. */
    @FunctionalInterface
    private interface Step {
        void take(LoadConsultant consultant, String email, Random random);
    }

    /** Takes {@code step} again and again, {@code between} apart, until {@link #stop()}; a step that fails is reported and the next one taken. */
    private void untilStopped(int worker, Random random, Duration between, Step step) {
        int sequence = 0;
        while (running) {
            LoadConsultant consultant = consultants.get(random.nextInt(consultants.size()));
            String email = "client-" + seed + "-" + worker + "-" + sequence++ + "@example.in";
            try {
                step.take(consultant, email, random);
            } catch (RuntimeException e) {
                System.out.println("faults: worker " + worker + " step failed, going on: " + e);
            }
            if (!between.isZero()) {
                pause(between);
            }
        }
    }

    /** One step in ten a quotation, the rest bookings. */
    private void moneyStep(LoadConsultant consultant, String email, Random random) {
        if (random.nextInt(10) == 0) {
            quotation(consultant, email, random);
        } else {
            booking(consultant, email, random);
        }
    }

    /** A booking never paid: its hold runs out. */
    private void bookAndLeave(LoadConsultant consultant, String email, Random random) {
        Booking booking = book(consultant, email, random);
        if (booking.created()) {
            booking.attempt().outcome = "abandoned";
        }
    }

    /** A public booking of a 30-minute slot, then paid (65 %), failed at Checkout (10 %) or abandoned; some paid ones cancelled. */
    private void booking(LoadConsultant consultant, String email, Random random) {
        Booking booking = book(consultant, email, random);
        if (!booking.created()) {
            return;
        }
        Attempt attempt = booking.attempt();
        int fate = random.nextInt(100);
        if (fate >= 75) {
            attempt.outcome = "abandoned";
            return;
        }
        boolean verify = random.nextBoolean();
        boolean cancel = random.nextInt(4) == 0;
        if (!payOrder(attempt, booking.answer().text("payableId"), booking.answer().text("paymentCapability"), fate < 65 ? "success" : "fail", verify)) {
            return;
        }
        if (attempt.paid() && cancel) {
            PlatformClient.Response cancelled = retrying("cancel", attempt.payableId, () -> client.post(
                    "/api/v1/sessions/" + attempt.payableId + "/cancel", consultant.accessToken(), Map.of("reason", "Consultant unavailable")));
            // A retry after a lost answer (a 503 for a request that did reach booking) finds the session cancelled
            // already, and booking answers it 200 as the first try would have been.
            attempt.cancelled = cancelled.status() == 200;
            if (cancelled.status() != 200) {
                attempt.note += ", cancel answered " + cancelled.status();
            }
        }
    }

    /** A booking's attempt and booking-service's answer to it. */
    private record Booking(Attempt attempt, PlatformClient.Response answer) {

        boolean created() {
            return answer.status() == 201;
        }
    }

    /** Books a 30-minute slot 2 to 61 days ahead, any half hour: clients of one consultant sometimes race for one slot. */
    private Booking book(LoadConsultant consultant, String email, Random random) {
        LocalDate day = LocalDate.now(ZONE).plusDays(2 + random.nextInt(60));
        Instant start = day.atTime(LocalTime.of(random.nextInt(24), random.nextBoolean() ? 0 : 30)).atZone(ZONE).toInstant();
        Attempt attempt = new Attempt(Kind.BOOKING, consultant.id(), email, start);
        attempts.add(attempt);
        String key = UUID.randomUUID().toString();
        PlatformClient.Response booked = retrying("book", consultant.slug(), () -> client.post(
                "/api/v1/public/consultants/" + consultant.slug() + "/bookings", null, Map.of(
                        "start", start.toString(), "type", "PERSONAL", "durationMinutes", 30, "name", "Load Client", "email", email),
                Map.of("Idempotency-Key", key)));
        attempt.createStatus = booked.status();
        if (booked.status() == 201) {
            attempt.payableId = booked.text("sessionId");
        }
        return new Booking(attempt, booked);
    }

    /** A quotation drafted, sent, opened from its link, accepted and paid. */
    private void quotation(LoadConsultant consultant, String email, Random random) {
        Attempt attempt = new Attempt(Kind.QUOTATION, consultant.id(), email, null);
        attempts.add(attempt);
        Map<String, Object> draft = new HashMap<>();
        draft.put("clientName", "Load Client");
        draft.put("clientEmail", email);
        draft.put("name", "Career plan");
        draft.put("description", "Six sessions and a written plan");
        draft.put("baseAmount", "1500.00");
        draft.put("discountPercentage", "10");
        draft.put("validityText", "Valid for two weeks");
        String createKey = UUID.randomUUID().toString();
        PlatformClient.Response created = retrying("quotation create", email,
                () -> client.post("/api/v1/quotations", consultant.accessToken(), draft, Map.of("Idempotency-Key", createKey)));
        attempt.createStatus = created.status();
        if (created.status() != 201) {
            return;
        }
        String quotationId = created.text("id");
        attempt.payableId = quotationId;
        String sendKey = UUID.randomUUID().toString();
        PlatformClient.Response sent = retrying("quotation send", quotationId, () -> client.post(
                "/api/v1/quotations/" + quotationId + "/send", consultant.accessToken(), Map.of(), Map.of("Idempotency-Key", sendKey)));
        if (sent.status() != 200) {
            attempt.note += ", send answered " + sent.status();
            return;
        }
        UUID id = UUID.fromString(quotationId);
        long deadline = System.nanoTime() + QUOTATION_LINK_WAIT.toNanos();
        QuotationSent event = null;
        while (event == null && System.nanoTime() < deadline) {
            event = topics.first(QuotationSent.class, candidate -> candidate.getQuotationId().equals(id)).orElse(null);
            pause(Duration.ofMillis(500));
        }
        if (event == null) {
            attempt.note += ", no QuotationSent on the topic";
            return;
        }
        String token = event.getShareUrl().substring(event.getShareUrl().lastIndexOf('/') + 1);
        retrying("quotation view", quotationId, () -> client.get("/api/v1/public/quotations/" + token, null));
        PlatformClient.Response accepted = retrying("quotation accept", quotationId,
                () -> client.post("/api/v1/public/quotations/" + token + "/accept", null, Map.of()));
        if (accepted.status() != 200) {
            attempt.note += ", accept answered " + accepted.status();
            return;
        }
        JsonNode payment = accepted.json().path("payment");
        payOrder(attempt, payment.path("payableId").asText(), payment.path("capability").asText(), "success", random.nextBoolean());
    }

    /**
     * Opens the payable's order (the payable reaches payment-service through Kafka: a 404 or 503 right after
     * is waited out), pays it on the simulator and, when {@code verify}, hands Checkout's fields to the platform.
     *
     * @return whether the simulator took the payment attempt
     */
    private boolean payOrder(Attempt attempt, String payableId, String capability, String outcome, boolean verify) {
        Map<String, Object> request = Map.of("payableId", payableId, "capability", capability);
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        PlatformClient.Response order = retrying("order", payableId, () -> client.post("/api/v1/payments/orders", null, request));
        while (order.status() == 404 && System.nanoTime() < deadline) {
            pause(Duration.ofSeconds(1));
            order = retrying("order", payableId, () -> client.post("/api/v1/payments/orders", null, request));
        }
        if (order.status() != 200 && order.status() != 201) {
            attempt.note += ", order answered " + order.status();
            return false;
        }
        String orderId = order.text("orderId");
        attempt.orderId = orderId;
        JsonNode handler = razorpay.pay(orderId, outcome);
        attempt.outcome = outcome;
        if (!"success".equals(outcome)) {
            return true;
        }
        String paymentId = handler.path("razorpay_payment_id").asText();
        attempt.providerPaymentId = paymentId;
        if (verify) {
            retrying("verify", payableId, () -> client.post("/api/v1/payments/verify", null, Map.of(
                    "razorpay_order_id", orderId, "razorpay_payment_id", paymentId,
                    "razorpay_signature", handler.path("razorpay_signature").asText())));
        }
        return true;
    }

    /** The call, again after Retry-After (or 1 s) while it answers 503 or 429 or nothing, for up to {@link #GIVE_UP_AFTER}. */
    private PlatformClient.Response retrying(String operation, String subject, Supplier<PlatformClient.Response> call) {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (true) {
            PlatformClient.Response response = answers.record(operation, subject, call);
            boolean retry = response.status() == -1 || response.status() == 503 || response.status() == 429;
            if (!retry || System.nanoTime() > deadline) {
                return response;
            }
            String retryAfter = response.status() == -1 ? null : response.header("Retry-After");
            pause(Duration.ofSeconds(retryAfter != null && retryAfter.matches("\\d{1,2}") ? Long.parseLong(retryAfter) : 1));
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Bookings per status of their first answer, and how payments went, for the report. */
    static Map<String, Long> summary(List<Attempt> attempts) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (Attempt attempt : attempts) {
            counts.merge(attempt.kind + " created " + attempt.createStatus, 1L, Long::sum);
            if (attempt.payableId != null) {
                counts.merge(attempt.kind + " " + attempt.outcome + (attempt.cancelled ? " cancelled" : ""), 1L, Long::sum);
            }
        }
        return counts;
    }

    static List<Attempt> paid(List<Attempt> attempts) {
        List<Attempt> paid = new ArrayList<>();
        attempts.stream().filter(Attempt::paid).forEach(paid::add);
        return paid;
    }
}
