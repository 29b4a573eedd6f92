import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop load on the public booking endpoint through the gateway: N clients, each sending its next
 * booking as soon as the previous one is answered, every booking on a slot no other request uses and with
 * its own Idempotency-Key, client email and client address. No dependencies: {@code java deploy/bench/BookingLoad.java ...}
 *
 * The address: booking k says {@code X-Forwarded-For: 198.18.0.0 + k} (RFC 2544's benchmarking range), as a load
 * balancer in front of the gateway would, and the script makes the gateway trust 127.0.0.1 as that balancer. So each
 * booking is one client's, as on a live platform, where all from one address would be one client's hundreds of holds.
 *
 * Slots: booking number k goes to consultant {@code k % consultants}, slot {@code k / consultants} on the
 * 30-minute grid starting at the first half hour a day from now (the consultants' availability is 24x7 on
 * that grid, 365 days ahead). A run stops with an error rather than reuse a slot.
 *
 * Options: --slugs a,b,c (required), --gateway http://localhost:8080, --warmup-seconds 15,
 * --warmup-clients 16, --clients 16,64, --seconds 30, --pause-seconds 5, --name measure (label of the phases),
 * --first-index 0, --first-slot 2026-12-01T10:00:00Z (default: the first full hour a day from now),
 * --slots-per-consultant 17280 (360 days), --once (book the slot at --first-index, print the answer, exit).
 * Prints one {@code RESULT} line per phase (with the CPU time this generator used in it) and, last,
 * {@code bookings made: N}, the first index a following run may use.
 *
 * With --read-slots the clients read free slots instead of booking: request k asks consultant {@code k % consultants}
 * for its slots of a 7-day window (from tomorrow, UTC date) and counts a 200 as the answer it expects; the RESULT
 * line keeps its keys, {@code booked} and {@code bookings_per_s} then counting those reads.
 *
 * With --floor the clients send a request booking-service refuses before doing any work: a free-slots read whose
 * {@code from} is not a date, answered 400 with a problem by the web stack (argument conversion, the problem handler)
 * before the handler runs, so no statement and no event. It measures what any request costs the gateway and
 * booking-service on this machine (routing, rate limiting, security, logging, metrics, tracing, writing the answer):
 * the floor under a booking's and a read's own work. A 400 is the answer it expects, counted as --read-slots counts its reads.
 *
 * With --serve the generator stays up and runs one phase for each line read from standard input, a line holding
 * that phase's --name, --clients, --seconds and optionally --gateway, --read-slots or --floor, and --rate (the slugs, the slots and
 * the booking count carry over), and answers with the phase's RESULT line, {@code bookings made: N} and {@code END}.
 *
 * With --rate R (requests a second) a phase is paced instead of closed: its n-th request is sent R-th of a second
 * after the one before it, by whichever of its clients is free, so the stack gets R a second for as long as it
 * keeps up (the RESULT line shows when it did not): the CPU a request costs is measured at a rate the load sets,
 * where a closed loop runs the stack at saturation.
 * A run that measures several steps keeps one generator, so no step pays for starting a JVM and compiling this
 * file, and the production JIT warmed up by the first phase stays warm: a new generator per step spent 1.4-2.1 ms
 * of CPU a booking in its measured 30 s, on the cores the stack shares, against 0.95 over the warm-up.
 */
public class BookingLoad {

    private static final Duration SLOT = Duration.ofMinutes(30);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<String> slugs;
    private final Instant firstSlot;
    private final long slotsPerConsultant;
    private final AtomicLong nextBooking;
    /** Where the phase under way sends its requests, and which; set before its clients start. */
    private volatile String gateway;
    private volatile Kind kind;

    /** What a phase's clients send, and the status each expects. */
    private enum Kind {
        BOOK(201), READ_SLOTS(200), FLOOR(400);

        final int expectedStatus;

        Kind(int expectedStatus) {
            this.expectedStatus = expectedStatus;
        }

        static Kind of(Map<String, String> options) {
            return options.containsKey("floor") ? FLOOR : options.containsKey("read-slots") ? READ_SLOTS : BOOK;
        }
    }

    private BookingLoad(String gateway, List<String> slugs, Instant firstSlot, long slotsPerConsultant, long firstIndex,
                        Kind kind) {
        this.kind = kind;
        this.gateway = gateway;
        this.slugs = slugs;
        this.firstSlot = firstSlot;
        this.slotsPerConsultant = slotsPerConsultant;
        this.nextBooking = new AtomicLong(firstIndex);
    }

    /** What one phase saw: latencies of every answered request (ns), answers by status, transport failures. */
    private record PhaseResult(String name, int clients, double seconds, long[] latencies, Map<Integer, Long> statuses,
                               long failures, String firstUnexpected, double clientCpuSeconds, int expectedStatus) {

        long booked() {
            return statuses.getOrDefault(expectedStatus, 0L);
        }

        long unexpected() {
            return latencies.length - booked() + failures;
        }

        double percentileMillis(double percentile) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(percentile / 100.0 * latencies.length);
            return latencies[Math.max(0, rank - 1)] / 1e6;
        }

        double meanMillis() {
            return Arrays.stream(latencies).average().orElse(Double.NaN) / 1e6;
        }

        String line() {
            return String.format("RESULT phase=%s clients=%d seconds=%.2f booked=%d other=%d bookings_per_s=%.1f "
                            + "p50_ms=%.2f p99_ms=%.2f mean_ms=%.2f max_ms=%.2f client_cpu_s=%.2f statuses=%s",
                    name, clients, seconds, booked(), unexpected(), booked() / seconds,
                    percentileMillis(50), percentileMillis(99), meanMillis(), percentileMillis(100), clientCpuSeconds,
                    statuses.toString().replace(" ", "") + (failures > 0 ? "+io_failures=" + failures : ""));
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (!options.containsKey("slugs")) {
            throw new IllegalArgumentException("--slugs is required");
        }
        List<String> slugs = List.of(options.get("slugs").split(","));
        Instant firstSlot = options.containsKey("first-slot") ? Instant.parse(options.get("first-slot"))
                : Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
        BookingLoad load = new BookingLoad(options.getOrDefault("gateway", "http://localhost:8080"), slugs, firstSlot,
                Long.parseLong(options.getOrDefault("slots-per-consultant", String.valueOf(360 * 48))),
                Long.parseLong(options.getOrDefault("first-index", "0")), Kind.of(options));

        if (options.containsKey("serve")) {
            load.serve();
            return;
        }
        if (options.containsKey("once")) {
            HttpResponse<String> answer = load.book(load.nextBooking.getAndIncrement());
            System.out.println(answer.statusCode() + " " + answer.body());
            System.exit(answer.statusCode() == 201 ? 0 : 1);
        }

        int warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "15"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int pauseSeconds = Integer.parseInt(options.getOrDefault("pause-seconds", "5"));
        System.out.printf("Booking on %d consultant(s) %s, slots from %s on a 30-minute grid%n", slugs.size(), slugs, firstSlot);
        if (warmupSeconds > 0) {
            int warmupClients = Integer.parseInt(options.getOrDefault("warmup-clients", "16"));
            PhaseResult warmup = load.run("warmup", warmupClients, Duration.ofSeconds(warmupSeconds), 0);
            System.out.println(warmup.line());
        }
        boolean allBooked = true;
        for (String clients : options.getOrDefault("clients", "16,64").split(",")) {
            Thread.sleep(Duration.ofSeconds(pauseSeconds));
            PhaseResult result = load.run(options.getOrDefault("name", "measure"), Integer.parseInt(clients.strip()),
                    Duration.ofSeconds(seconds), 0);
            System.out.println(result.line());
            if (result.unexpected() > 0) {
                allBooked = false;
                System.out.println("first unexpected answer: " + result.firstUnexpected());
            }
        }
        System.out.println("bookings made: " + load.nextBooking.get() + " (slot indexes used so far)");
        System.exit(allBooked ? 0 : 2);
    }

    /** The phases asked for on standard input, one a line, until it ends (see the class comment). */
    private void serve() throws IOException, InterruptedException {
        String defaultGateway = gateway;
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in));
        for (String command = commands.readLine(); command != null; command = commands.readLine()) {
            if (command.isBlank()) {
                continue;
            }
            Map<String, String> phase = options(command.strip().split("\\s+"));
            gateway = phase.getOrDefault("gateway", defaultGateway);
            kind = Kind.of(phase);
            PhaseResult result = run(phase.getOrDefault("name", "measure"), Integer.parseInt(phase.getOrDefault("clients", "16")),
                    Duration.ofSeconds(Integer.parseInt(phase.getOrDefault("seconds", "30"))),
                    Double.parseDouble(phase.getOrDefault("rate", "0")));
            System.out.println(result.line());
            if (result.unexpected() > 0) {
                System.out.println("first unexpected answer: " + result.firstUnexpected());
            }
            System.out.println("bookings made: " + nextBooking.get() + " (slot indexes used so far)");
            System.out.println("END");
            System.out.flush();
        }
    }

    /** Runs one phase: closed loop when {@code rate} is 0, else paced at {@code rate} requests a second. */
    private PhaseResult run(String name, int clients, Duration length, double rate) throws InterruptedException {
        List<long[]> perClient = new ArrayList<>();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstUnexpected = new AtomicReference<>();
        Duration cpuBefore = cpuTime();
        long started = System.nanoTime();
        long deadline = started + length.toNanos();
        AtomicLong sentInPhase = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                perClient.add(null);
                int index = c;
                pool.submit(() -> {
                    long[] latencies = new long[1024];
                    int count = 0;
                    while (System.nanoTime() < deadline) {
                        if (rate > 0) {
                            long due = started + (long) (sentInPhase.getAndIncrement() * 1e9 / rate);
                            if (due >= deadline) {
                                break;
                            }
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(Duration.ofNanos(wait));
                            }
                        }
                        long booking = nextBooking.getAndIncrement();
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<String> answer = switch (kind) {
                                case BOOK -> book(booking);
                                case READ_SLOTS -> readSlots(booking);
                                case FLOOR -> refusedRead(booking);
                            };
                            long took = System.nanoTime() - sent;
                            if (count == latencies.length) {
                                latencies = Arrays.copyOf(latencies, count * 2);
                            }
                            latencies[count++] = took;
                            statuses.merge(answer.statusCode(), 1L, Long::sum);
                            if (answer.statusCode() != kind.expectedStatus) {
                                firstUnexpected.compareAndSet(null, answer.statusCode() + " " + answer.body());
                            }
                        } catch (IOException e) {
                            failures.incrementAndGet();
                            firstUnexpected.compareAndSet(null, e.toString());
                        } catch (SlotsExhausted e) {
                            firstUnexpected.compareAndSet(null, e.getMessage());
                            failures.incrementAndGet();
                            break;
                        }
                    }
                    synchronized (perClient) {
                        perClient.set(index, Arrays.copyOf(latencies, count));
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double cpuSeconds = cpuTime().minus(cpuBefore).toNanos() / 1e9;
        return new PhaseResult(name, clients, seconds, all, new TreeMap<>(statuses), failures.get(), firstUnexpected.get(),
                cpuSeconds, kind.expectedStatus);
    }

    private static Duration cpuTime() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static final class SlotsExhausted extends RuntimeException {
        SlotsExhausted(String message) {
            super(message);
        }
    }

    private HttpResponse<String> book(long booking) throws IOException, InterruptedException {
        int consultant = (int) (booking % slugs.size());
        long slot = booking / slugs.size();
        if (slot >= slotsPerConsultant) {
            throw new SlotsExhausted("all " + slotsPerConsultant + " slots of " + slugs.size()
                    + " consultant(s) are used; onboard more consultants (--consultants)");
        }
        Instant start = firstSlot.plus(SLOT.multipliedBy(slot));
        String body = """
                {"start":"%s","type":"PERSONAL","durationMinutes":30,"name":"Bench Client %d",\
                "email":"client.%d@bench.example.in","phoneCountryCode":"+91","phoneNumber":"98%08d"}"""
                .formatted(start, booking, booking, booking % 100_000_000);
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/public/consultants/" + slugs.get(consultant) + "/bookings"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("X-Forwarded-For", clientAddress(booking))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> readSlots(long request) throws IOException, InterruptedException {
        LocalDate from = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        HttpRequest slots = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/public/consultants/"
                        + slugs.get((int) (request % slugs.size())) + "/slots?from=" + from + "&to=" + from.plusDays(6)))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", clientAddress(request))
                .GET()
                .build();
        return http.send(slots, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> refusedRead(long request) throws IOException, InterruptedException {
        HttpRequest refused = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/public/consultants/"
                        + slugs.get((int) (request % slugs.size())) + "/slots?from=floor"))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", clientAddress(request))
                .GET()
                .build();
        return http.send(refused, HttpResponse.BodyHandlers.ofString());
    }

    /** 198.18.0.0 plus {@code booking}: distinct for the first 131,072 bookings, which no run reaches. */
    private static String clientAddress(long booking) {
        return "198." + (18 + (booking >> 16)) + "." + ((booking >> 8) & 0xFF) + "." + (booking & 0xFF);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name [value], got " + args[i]);
            }
            String name = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(name, args[++i]);
            } else {
                options.put(name, "true");
            }
        }
        return options;
    }
}
